//! Snapshots of the syntax tree for representative snippets.

use aurora_dsl::{parse, FileId};

/// The tree of `source`, which must parse whole (Python 2.7 may still reject it: the
/// parser takes Python 3 syntax too, for the formatter).
fn tree(source: &str) -> String {
    let parsed = parse(source, FileId(0));
    assert!(
        parsed.tree_complete,
        "unexpected diagnostics: {:#?}",
        parsed.diagnostics
    );
    format!("{:#?}", parsed.module.body)
}

#[test]
fn job_config() {
    insta::assert_snapshot!(tree(
        r#"
hello = Process(name = 'hello', cmdline = 'echo {{thermos.ports[http]}}')
task = Task(processes = [hello], resources = Resources(cpu = 0.1, ram = 16*MB, disk = 8*MB))
jobs = [Service(cluster = 'devcluster', role = getpass.getuser(), environment = 'test', name = 'hello', task = task)]
"#
    ));
}

#[test]
fn operator_precedence() {
    insta::assert_snapshot!(tree(
        r#"
a + b * c ** -d
-x ** 2
not a == b and c or d
x if y else z
a < b <= c
a not in b
a is not b
a | b ^ c & d << e
a - b - c
a ** b ** c
'%s-%d' % (name, 1)
"#
    ));
}

#[test]
fn calls_attributes_and_subscripts() {
    insta::assert_snapshot!(tree(
        r#"
f(a, *b, c=1, **d)
sum(x for x in y)
os.environ.get('HOME', '/tmp')[1:2, ::3]
x[...]
x[:]
x[a:]
"#
    ));
}

#[test]
fn displays_and_comprehensions() {
    insta::assert_snapshot!(tree(
        r#"
[]
()
{}
(1,)
[1, 2,]
{1, 2}
{'a': 1, **rest}
[x * y for x in xs if x for y in ys]
{k: v for k, v in items.iteritems()}
{x for x in s}
[*a, *b]
"#
    ));
}

#[test]
fn functions_lambdas_and_classes() {
    insta::assert_snapshot!(tree(
        r#"
def make(name, count=1, *args, **kwargs):
    """Builds a process."""
    return Process(name=name, cmdline='run %d' % count)

def keyword_only(a, *, b=2, c):
    pass

square = lambda x, y=2: x ** y

class Profile(Struct):
    package = Default(String, 'app')
    version = Required(Integer)

class Helpers(object):
    @classmethod
    def build(cls, x):
        return cls(x)
"#
    ));
}

#[test]
fn control_flow() {
    insta::assert_snapshot!(tree(
        r#"
if a:
    x = 1
elif b:
    x = 2
else:
    x = 3
for i, name in enumerate(names):
    jobs.append(name)
else:
    pass
try:
    import json
except ImportError, e:
    json = None
except (ValueError, TypeError) as err:
    raise
else:
    pass
finally:
    done = True
with open('version.txt') as f:
    version = f.read().strip()
"#
    ));
}

#[test]
fn assignments_and_imports() {
    insta::assert_snapshot!(tree(
        r#"
import os.path as osp, sys
from . import sibling
from ..pkg import (a, b as c,)
from twitter.common import *
a = b = 1
x, (y, *z) = 1, (2, 3)
count += 1
d['k'].attr = 2
del d['k'], x
assert x, 'message'
"#
    ));
}

#[test]
fn python2_forms() {
    insta::assert_snapshot!(tree(
        r#"
print 'hello', name
print
print >>sys.stderr, 'error',
print('a tuple', 'in Python 2')
mode = 0755
big = 10L
"#
    ));
}

#[test]
fn print_function_from_the_future() {
    insta::assert_snapshot!(tree(
        r#"
from __future__ import print_function
print('a call', file=sys.stderr)
"#
    ));
}

#[test]
fn strings() {
    insta::assert_snapshot!(tree(
        r#"
'single' "double"
u'unicode' 'joined'
b'bytes'
r'raw\n'
"""triple
quoted"""
"#
    ));
}

#[test]
fn constructs_parsed_to_be_rejected_later() {
    insta::assert_snapshot!(tree(
        r#"
while True:
    break
global counter
async def fetch():
    await something
def gen():
    yield 1
"#
    ));
}
