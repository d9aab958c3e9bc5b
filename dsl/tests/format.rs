//! The formatter's rules on small snippets (snapshots; `cargo insta review`). The corpus
//! test (`format_corpus.rs`) compares whole files with `ruff format`.

use aurora_dsl::format::{format, FormatError, FormatOptions};
use aurora_dsl::FileId;

/// `text` formatted, then checked to be stable.
fn fmt(text: &str) -> String {
    let out = format(text, FileId(0), FormatOptions::default()).expect("the snippet parses");
    let again = format(&out, FileId(0), FormatOptions::default()).expect("the output parses");
    assert_eq!(again, out, "formatting is not idempotent");
    out
}

#[test]
fn magic_trailing_comma_keeps_a_short_call_split() {
    insta::assert_snapshot!(fmt(r#"
p = Process(name = 'a', cmdline = 'b',)
q = Process(name = 'a', cmdline = 'b')
"#), @r#"
    p = Process(
        name="a",
        cmdline="b",
    )
    q = Process(name="a", cmdline="b")
    "#);
}

#[test]
fn long_calls_split_their_arguments_then_one_per_line() {
    insta::assert_snapshot!(fmt(r#"
task = Task(processes = [hello_world], resources = Resources(cpu = 1.0, ram = 128*MB, disk = 128*MB))
job = Job(cluster = 'devcluster', role = 'www-data', environment = 'prod', name = 'hello_world', task = task)
"#), @r#"
    task = Task(
        processes=[hello_world], resources=Resources(cpu=1.0, ram=128 * MB, disk=128 * MB)
    )
    job = Job(
        cluster="devcluster",
        role="www-data",
        environment="prod",
        name="hello_world",
        task=task,
    )
    "#);
}

#[test]
fn nested_brackets_break_from_the_outside_in() {
    insta::assert_snapshot!(fmt(r#"
jobs = [Service(task = t, cluster = 'x', role = 'y', environment = 'prod', name = 'hello').bind(profile = p)]
"#), @r#"
    jobs = [
        Service(task=t, cluster="x", role="y", environment="prod", name="hello").bind(
            profile=p
        )
    ]
    "#);
}

#[test]
fn comments_stay_where_they_were() {
    insta::assert_snapshot!(fmt(r#"
#leading
x = [  # after the bracket
  1, # after an item
  # own line
  2
  # before the bracket
]
if x:  # after the colon
  pass
# before else
else:
  y = 1 # trailing
  # end of block
# end of file
"#), @r"
    # leading
    x = [  # after the bracket
        1,  # after an item
        # own line
        2,
        # before the bracket
    ]
    if x:  # after the colon
        pass
    # before else
    else:
        y = 1  # trailing
        # end of block
    # end of file
    ");
}

#[test]
fn a_trailing_comment_counts_towards_the_width() {
    insta::assert_snapshot!(fmt(r#"
class Profile(Struct):
  environment = Default(String, "devel")  # TODO: make this production once we have quota.
"#), @r#"
    class Profile(Struct):
        environment = Default(
            String, "devel"
        )  # TODO: make this production once we have quota.
    "#);
}

#[test]
fn dicts_break_one_entry_per_line() {
    insta::assert_snapshot!(fmt(r#"
env = {'JAVA_OPTS': '-Xmx1g -Xms1g', 'PATH': '/usr/local/bin:/usr/bin', 'LANG': 'en_US.UTF-8', 'X': 1}
small = { 'a' : 1 }
"#), @r#"
    env = {
        "JAVA_OPTS": "-Xmx1g -Xms1g",
        "PATH": "/usr/local/bin:/usr/bin",
        "LANG": "en_US.UTF-8",
        "X": 1,
    }
    small = {"a": 1}
    "#);
}

#[test]
fn strings_prefer_double_quotes_unless_that_adds_escapes() {
    insta::assert_snapshot!(fmt(r#"
a = 'plain'
b = 'it\'s'
c = 'say "hi"'
d = u'unicode' + U'upper' + B'bytes' + R'raw\d'
e = '\xAB'
f = '''triple'''
g = 'implicit' 'concatenation'
"#), @r#"
    a = "plain"
    b = "it's"
    c = 'say "hi"'
    d = u"unicode" + u"upper" + b"bytes" + R"raw\d"
    e = "\xab"
    f = """triple"""
    g = "implicitconcatenation"
    "#);
}

#[test]
fn numbers_are_spelled_as_ruff_spells_them() {
    insta::assert_snapshot!(fmt(r#"
n = [0XABcdef, 0O17, 1E5, .5, 5., 10L, 0755]
"#), @"n = [0xABCDEF, 0o17, 1e5, 0.5, 5.0, 10L, 0755]");
}

#[test]
fn blank_lines_between_statements_and_around_definitions() {
    insta::assert_snapshot!(fmt(r#"
import os
x = 1



y = 2
def f(a, b = 1, *args, **kw):

  return (a)
class A(object):
  x = 1
  def g(self): pass
z = 3
"#), @r"
    import os

    x = 1


    y = 2


    def f(a, b=1, *args, **kw):

        return a


    class A(object):
        x = 1

        def g(self):
            pass


    z = 3
    ");
}

#[test]
fn python2_statements_are_kept() {
    insta::assert_snapshot!(fmt(r#"
print "hello %s" % name, x
print >>sys.stderr, 'oops',
print
try:
  pass
except Exception, e:
  raise
"#), @r#"
    print "hello %s" % name, x
    print >>sys.stderr, "oops",
    print
    try:
        pass
    except Exception as e:
        raise
    "#);
}

#[test]
fn print_statements_python_3_reads_as_calls_format_as_ruff_formats_those() {
    // Python 2 still reads each as the print statement it was: the tokens are the same.
    insta::assert_snapshot!(fmt(r#"
print ("hello")
print (a, b)
print (a), b
print >>f, x
print -x
print
"#), @r#"
    print("hello")
    print(a, b)
    print(a), b
    print >> f, x
    print - x
    print
    "#);
}

#[test]
fn a_print_statement_ruff_would_parenthesize_stays_a_print_statement() {
    // ruff writes `(print >> sys.stderr, "...")`, a tuple in Python 2.
    insta::assert_snapshot!(fmt(r#"
print >>sys.stderr, "a message long enough that the statement does not fit on one line of 88"
"#), @r#"print >>sys.stderr, "a message long enough that the statement does not fit on one line of 88""#);
}

#[test]
fn a_class_docstring_is_followed_by_a_blank_line() {
    insta::assert_snapshot!(fmt(r#"
class Profile(Struct):
  """Settings for one environment."""
  environment = Default(String, 'devel')
"#), @r#"
    class Profile(Struct):
        """Settings for one environment."""

        environment = Default(String, "devel")
    "#);
}

#[test]
fn a_raw_bytes_prefix_stays_br_which_python_2_reads() {
    // ruff writes `rb`, which Python 2 cannot read.
    insta::assert_snapshot!(fmt(r#"
x = BR'\d'
"#), @r#"x = bR"\d""#);
}

#[test]
fn backslash_continuations_are_joined() {
    insta::assert_snapshot!(fmt(r#"
cmd = 'a' + \
      'b'
"#), @r#"cmd = "a" + "b""#);
}

#[test]
fn long_operator_chains_get_parentheses_and_break_before_operators() {
    insta::assert_snapshot!(fmt(r#"
y = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa + bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
w = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa %s bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' % (x, y)
"#), @r#"
    y = (
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        + bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    )
    w = (
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa %s bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        % (x, y)
    )
    "#);
}

#[test]
fn a_file_with_syntax_errors_is_refused() {
    let result = format("x = (1,\n", FileId(0), FormatOptions::default());
    let Err(FormatError::Syntax(diagnostics)) = result else {
        panic!("a syntax error must be refused, got {result:?}");
    };
    assert!(!diagnostics.is_empty());
}

#[test]
fn del_targets_get_parentheses_when_they_break() {
    insta::assert_snapshot!(fmt(r#"
del (a)
del a, b,
del aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
del aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa[bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb]
"#), @r"
    del a
    del (
        a,
        b,
    )
    del (
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,
        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,
    )
    del aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa[
        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    ]
    ");
}

#[test]
fn a_lambda_body_gets_parentheses_when_it_breaks() {
    insta::assert_snapshot!(fmt(r#"
x = lambda a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb + cccccccccccccccccccccccccccccccccccccccccccccccccc
x = lambda a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb(cccccccccccccccccccccccccccccccccccccccccccccccccc)
x = lambda a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccc(ddddddddddddddddddddddddd).eeeeeee
x = lambda aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=1: c(d)
x = lambda aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: []
f(x, lambda a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb)
"#), @r"
    x = lambda a: (
        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
        + cccccccccccccccccccccccccccccccccccccccccccccccccc
    )
    x = lambda a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb(
        cccccccccccccccccccccccccccccccccccccccccccccccccc
    )
    x = lambda a: (
        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.ccccccccccccccccccccccccccccccc(
            ddddddddddddddddddddddddd
        ).eeeeeee
    )
    x = (
        lambda aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb=1: (
            c(d)
        )
    )
    x = (
        lambda aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: []
    )
    f(
        x,
        lambda a: (
            bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
        ),
    )
    ");
}

#[test]
fn a_lone_generator_argument_starting_with_a_parenthesis_gets_no_more() {
    insta::assert_snapshot!(fmt(r#"
f((lambda: {"a": 1,}) for x in y)
"#), @r#"
    f(
        (
            lambda: {
                "a": 1,
            }
        )
        for x in y
    )
    "#);
}

#[test]
fn a_lambda_body_loses_redundant_parentheses() {
    insta::assert_snapshot!(fmt(r#"
x = (lambda: (False))
y = lambda: (yield)
"#), @r"
    x = lambda: False
    y = lambda: (yield)
    ");
}

#[test]
fn a_chain_breaks_in_its_first_operands_parentheses_only_when_its_last_line_fits() {
    insta::assert_snapshot!(fmt(r#"
cluster = (items) | 'sleep 60 line prod /usr/bin devel prod command hello long {{name}} world'
cluster = (items) | 'sleep 60 line prod /usr/bin devel prod command hello long {{name}} world run the job'
"#), @r#"
    cluster = (
        items
    ) | "sleep 60 line prod /usr/bin devel prod command hello long {{name}} world"
    cluster = (
        (items)
        | "sleep 60 line prod /usr/bin devel prod command hello long {{name}} world run the job"
    )
    "#);
}

#[test]
fn items_first_try_one_line_inside_brackets_that_break() {
    insta::assert_snapshot!(fmt(r#"
b = os(  #comment
    result=k,
    k=4780
)
health_check_interval_secs, os = os[production_environment_settings, R'/usr/bin devel job"', a]
"#), @r#"
    b = os(  # comment
        result=k, k=4780
    )
    health_check_interval_secs, os = os[
        production_environment_settings, R'/usr/bin devel job"', a
    ]
    "#);
}

#[test]
fn an_assignment_parenthesizes_its_value_before_it_splits_its_targets() {
    insta::assert_snapshot!(fmt(r#"
(production_environment_settings, very_long_argument_name) = instances.process_configuration
xxxxxxxxxxxxxxxxxxxxxxxx[production_environment_settings, very_long_argument_name] = instances.value
a = b = 1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111
(role, i) = (B'world sleep 60 echo hello echo %s long devel command %s sleep 60 hello' b'sleep 60 %s job')
"#), @r#"
    (production_environment_settings, very_long_argument_name) = (
        instances.process_configuration
    )
    xxxxxxxxxxxxxxxxxxxxxxxx[production_environment_settings, very_long_argument_name] = (
        instances.value
    )
    a = b = (
        1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111
    )
    (role, i) = (
        b"world sleep 60 echo hello echo %s long devel command %s sleep 60 hello"
        b"sleep 60 %s job"
    )
    "#);
}

#[test]
fn an_assigned_call_goes_in_parentheses_when_the_line_up_to_its_bracket_is_too_long() {
    insta::assert_snapshot!(fmt(r#"
some_long_target_name_xxxxxxxxxxxxxxxxxxxxxxxx = production_environment_settings.health_check_interval_secs(a)
x[a] = production_environment_settings.health_check_interval_secs(config=cmdline, aaaaaaaaaaa=1)
x += production_environment_settings.health_check_interval_secs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(a)
cmd = "java -Dspecjbb.forkjoin.workers={} -Xms4g -Xmx4g -jar {} -m distcontroller -p {}".format(a, b)
"#), @r#"
    some_long_target_name_xxxxxxxxxxxxxxxxxxxxxxxx = (
        production_environment_settings.health_check_interval_secs(a)
    )
    x[a] = production_environment_settings.health_check_interval_secs(
        config=cmdline, aaaaaaaaaaa=1
    )
    x += production_environment_settings.health_check_interval_secs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx(
        a
    )
    cmd = "java -Dspecjbb.forkjoin.workers={} -Xms4g -Xmx4g -jar {} -m distcontroller -p {}".format(
        a, b
    )
    "#);
}

#[test]
fn a_lone_parameter_gets_a_trailing_comma_when_it_breaks() {
    insta::assert_snapshot!(fmt(r#"
def i(cluster=B"{{name}} %s\" world line world a hello prod\\ x=1' hello job /usr/bin long"):
    pass
"#), @r#"
    def i(
        cluster=b"{{name}} %s\" world line world a hello prod\\ x=1' hello job /usr/bin long",
    ):
        pass
    "#);
}

#[test]
fn a_power_chain_breaks_before_each_operator_even_between_simple_operands() {
    insta::assert_snapshot!(fmt(r#"
x = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ** kkkkkkkkkkkkkkkkkkkkkkkkkkk ** production_environment_settings_xxxx
y = {cluster ** k: "the\" prod run devel' run sleep 60 www-data devel the' long devel command\" with"}
z = a ** b ** c
"#), @r#"
    x = (
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        ** kkkkkkkkkkkkkkkkkkkkkkkkkkk
        ** production_environment_settings_xxxx
    )
    y = {
        cluster
        ** k: "the\" prod run devel' run sleep 60 www-data devel the' long devel command\" with"
    }
    z = a**b**c
    "#);
}

#[test]
fn comments_in_a_comprehension_stay_by_their_clauses() {
    insta::assert_snapshot!(fmt(r#"
x = [  # c0
    a  # c1
    # c2
    for a in b  # c3
    if c
    # c4
]
z = [a for a in f(
    # c5
    b,  # c6
)]
"#), @r"
    x = [  # c0
        a  # c1
        # c2
        for a in b  # c3
        if c
        # c4
    ]
    z = [
        a
        for a in f(
            # c5
            b,  # c6
        )
    ]
    ");
}

#[test]
fn a_lambda_in_a_header_is_parenthesized_whole_unless_its_body_has_brackets() {
    insta::assert_snapshot!(fmt(r#"
if lambda a: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb:
    pass
if lambda a: f(bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb):
    pass
"#), @r"
    if (
        lambda a: (
            bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
        )
    ):
        pass
    if lambda a: f(
        bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
    ):
        pass
    ");
}

#[test]
fn a_lambdas_display_body_keeps_its_parentheses_and_breaks_inside_its_brackets() {
    insta::assert_snapshot!(fmt(r#"
x = lambda: ([x for x in y])
x = {"x=1 line with the' prod the x=1\n run prod\t command x=1\\ www-data the\\": lambda a, b: [aaaaaaaaaaaaaaaaaaaaaaaaaaaaa]}
"#), @r#"
    x = lambda: ([x for x in y])
    x = {
        "x=1 line with the' prod the x=1\n run prod\t command x=1\\ www-data the\\": lambda a, b: [
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaa
        ]
    }
    "#);
}

#[test]
fn redundant_parentheses_go_even_when_what_they_hold_has_comments() {
    insta::assert_snapshot!(fmt(r#"
for value in ([
    # note
    a,
]):
    pass
"#), @r"
    for value in [
        # note
        a,
    ]:
        pass
    ");
}

#[test]
fn an_implicit_concatenation_joins_after_targets_that_split() {
    insta::assert_snapshot!(fmt(r#"
x[a, b,] = ("a" "b")
y[process_configuration_value[211. < "with www-data a' a line a\"" not in cmdline.role:]] = ('echo run prod job the\' sleep 60' '{{name}} with')
"#), @r#"
    x[
        a,
        b,
    ] = "ab"
    y[
        process_configuration_value[
            211.0 < "with www-data a' a line a\"" not in cmdline.role :
        ]
    ] = "echo run prod job the' sleep 60{{name}} with"
    "#);
}

#[test]
fn and_inside_or_breaks_with_the_chain() {
    insta::assert_snapshot!(fmt(r#"
x = aaaaaaaaaaaaaaaaaaaaaaaaa or bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb and kkkkkkkkkkkkkkkkkkkkkkkk or cccccccccccccc
y = aaaaaaaaaaaaaaaaaaaaaaaaa or (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb and kkkkkkkkkkkkkkkkkkkkkkkk) or cccccccccccccc
"#), @r"
    x = (
        aaaaaaaaaaaaaaaaaaaaaaaaa
        or bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
        and kkkkkkkkkkkkkkkkkkkkkkkk
        or cccccccccccccc
    )
    y = (
        aaaaaaaaaaaaaaaaaaaaaaaaa
        or (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb and kkkkkkkkkkkkkkkkkkkkkkkk)
        or cccccccccccccc
    )
    ");
}

#[test]
fn a_loop_target_gets_parentheses_only_when_the_iterable_cannot_break() {
    insta::assert_snapshot!(fmt(r#"
for cmdline in (not c) / {y, health_check_interval_secs, 342.48, i, '''/usr/bin''', r"line'"}:
    pass
for (x) in y:
    pass
for another_rather_long_name in "echo www-data %s with the line prod a %s' prod the a {{name}}":
    pass
"#), @r#"
    for cmdline in (not c) / {
        y,
        health_check_interval_secs,
        342.48,
        i,
        """/usr/bin""",
        r"line'",
    }:
        pass
    for x in y:
        pass
    for (
        another_rather_long_name
    ) in "echo www-data %s with the line prod a %s' prod the a {{name}}":
        pass
    "#);
}

#[test]
fn comments_inside_parentheses_around_an_expression_stay_inside() {
    insta::assert_snapshot!(fmt(r#"
f(a, (cmdline  # c1
 # c2
 ), b)
f(a, (  # c3
    cmdline), b)
x = (  # c4
    a)
"#), @r"
    f(
        a,
        (
            cmdline  # c1
            # c2
        ),
        b,
    )
    f(
        a,
        (  # c3
            cmdline
        ),
        b,
    )
    x = (  # c4
        a
    )
    ");
}

#[test]
fn blank_lines_follow_a_definition_even_after_the_comments_ending_it() {
    insta::assert_snapshot!(fmt(r#"
def f():
    x
    # c1
y = 1
class B:
    def h():
        x
    # c2
"#), @r"
    def f():
        x
        # c1


    y = 1


    class B:
        def h():
            x

        # c2
    ");
}

#[test]
fn an_exception_type_is_a_value_with_optional_parentheses() {
    insta::assert_snapshot!(fmt(r#"
try:
    pass
except process_configuration_value:  # a longer comment that explains something, number 26
    pass
except (process_configuration_value):
    pass
"#), @r"
    try:
        pass
    except (
        process_configuration_value
    ):  # a longer comment that explains something, number 26
        pass
    except process_configuration_value:
        pass
    ");
}

#[test]
fn a_comment_after_a_nested_definition_ends_the_blank_lines_it_asks_for() {
    insta::assert_snapshot!(fmt(r#"
if x:
    class Job(object):
        pass
    # c7

raise k
"#), @r"
    if x:

        class Job(object):
            pass

        # c7

    raise k
    ");
}

#[test]
fn a_comment_after_a_lone_parenthesized_argument_goes_inside_its_parentheses() {
    insta::assert_snapshot!(fmt(r#"
f(
    (a)  # c1
)
f(
    b, (a)  # c2
)
"#), @r"
    f(
        (
            a  # c1
        )
    )
    f(
        b,
        (a),  # c2
    )
    ");
}

#[test]
fn no_trailing_comma_where_python_2_refuses_one() {
    // Brackets holding `*args` or `**kwargs` take no trailing comma in Python 2.7, even
    // when they break one item per line (ruff, formatting Python 3, adds one).
    let out = fmt(r#"
job = make_a_job_from(the_first_argument_of_the_call, the_second_argument_of_the_call, *more_arguments, name='x')
def combine(first_task_of_the_whole_pipeline, second_task_of_the_whole_pipeline, **keyword_arguments):
    pass
"#);
    insta::assert_snapshot!(out, @r#"
    job = make_a_job_from(
        the_first_argument_of_the_call,
        the_second_argument_of_the_call,
        *more_arguments,
        name="x"
    )


    def combine(
        first_task_of_the_whole_pipeline,
        second_task_of_the_whole_pipeline,
        **keyword_arguments
    ):
        pass
    "#);
    assert!(aurora_dsl::parse(&out, FileId(0)).is_ok());
}

#[test]
fn a_byte_order_mark_and_crlf_endings_are_kept() {
    // Found by the `format` fuzz target: a file of only comments after a byte order mark
    // came out empty.
    let options = FormatOptions::default;
    for (input, expected) in [
        ("\u{feff}# a\n# b\n", "\u{feff}# a\n# b\n"),
        ("\u{feff}x = {'a' : 1}\n", "\u{feff}x = {\"a\": 1}\n"),
        ("# a\r\nx = [ 1,2 ]\r\n", "# a\r\nx = [1, 2]\r\n"),
    ] {
        assert_eq!(
            format(input, FileId(0), options()).unwrap(),
            expected,
            "{input:?}"
        );
    }
    // Errors point into the text as given.
    let Err(FormatError::Syntax(errors)) =
        format("\u{feff}x = 1\r\ny = )\r\n", FileId(0), options())
    else {
        panic!("a syntax error");
    };
    let span = errors[0].labels[0].span;
    assert_eq!(span.start as usize, "\u{feff}x = 1\r\ny = ".len());
}
