//! How evaluation errors look to a user: Python's own text, the span, the calls that led
//! there and a hint when one helps.

#[path = "eval_support.rs"]
mod support;
use support::*;

fn rendered(source: &str) -> String {
    let run = run(source);
    assert!(
        !run.evaluation.diagnostics.is_empty(),
        "expected an error from:\n{source}"
    );
    run.diagnostics()
}

#[test]
fn name_error_with_a_suggestion() {
    insta::assert_snapshot!(rendered(
        r#"
cluster = 'west'
jobs = [clustr]
"#
    ));
}

#[test]
fn key_error_from_the_environment() {
    insta::assert_snapshot!(rendered(
        r#"
import os
home = os.environ['HOME']
"#
    ));
}

#[test]
fn type_error_inside_a_function_shows_the_calls() {
    insta::assert_snapshot!(rendered(
        r#"
def label(n):
    return 'instance-' + n

def labels(count):
    return [label(i) for i in range(count)]

all_labels = labels(3)
"#
    ));
}

#[test]
fn attribute_error_with_a_suggestion() {
    insta::assert_snapshot!(rendered(
        r#"
name = 'hello'
upper = name.uper()
"#
    ));
}

#[test]
fn recursion_limit() {
    insta::assert_snapshot!(rendered(
        r#"
def forever(n):
    return forever(n + 1)

forever(0)
"#
    ));
}

#[test]
fn size_limit() {
    insta::assert_snapshot!(rendered(
        r#"
numbers = range(10 ** 9)
"#
    ));
}

#[test]
fn import_error() {
    insta::assert_snapshot!(rendered(
        r#"
from twitter.common import app
"#
    ));
}

#[test]
fn user_exception() {
    insta::assert_snapshot!(rendered(
        r#"
class ConfigError(Exception):
    pass

def check(cpu):
    if cpu <= 0:
        raise ConfigError('cpu must be positive, got %s' % cpu)

check(0)
"#
    ));
}
