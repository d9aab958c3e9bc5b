//! Imports, the standard modules configs use, the access log and hermetic evaluation,
//! and `include()`.

#[path = "eval_support.rs"]
mod support;
use support::*;

use std::collections::BTreeMap;

use aurora_compiler::eval::{evaluate, AccessKind, EvalOptions, Output};
use aurora_dsl::SourceMap;

fn with_env(pairs: &[(&str, &str)]) -> EvalOptions {
    EvalOptions {
        env: pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect::<BTreeMap<_, _>>(),
        ..options()
    }
}

#[test]
fn os_environ_reads_the_injected_environment_and_logs_each_read() {
    let run = run_with(
        r#"
import os
a = os.environ['HOME']
b = os.environ.get('MISSING', 'dflt')
c = os.getenv('HOME')
d = 'HOME' in os.environ
x = (a, b, c, d)
"#,
        &with_env(&[("HOME", "/home/u")]),
    );
    assert_eq!(run.repr("x"), "('/home/u', 'dflt', '/home/u', True)");
    let reads: Vec<String> = run
        .evaluation
        .access
        .iter()
        .map(|access| match &access.kind {
            AccessKind::Env { name, found } => {
                format!("{name}:{found}:{}", run.sources.snippet(access.span))
            }
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        reads,
        [
            "HOME:true:os.environ['HOME']",
            "MISSING:false:os.environ.get('MISSING', 'dflt')",
            "HOME:true:os.getenv('HOME')",
            "HOME:true:'HOME' in os.environ"
        ]
    );
    let run = run_with("import os\nx = os.environ['NOPE']\n", &with_env(&[]));
    assert_eq!(run.error(), "KeyError: 'NOPE'");
}

#[test]
fn getpass_follows_pythons_variable_order_then_the_fallback() {
    let run = run_with(
        "import getpass\nx = getpass.getuser()\n",
        &with_env(&[("USER", "u"), ("LOGNAME", "l")]),
    );
    assert_eq!(run.repr("x"), "'l'");
    let run = run_with(
        "import getpass\nx = getpass.getuser()\n",
        &with_env(&[("USERNAME", "n")]),
    );
    assert_eq!(run.repr("x"), "'n'");
    assert_eq!(run.evaluation.access.len(), 4);
    let options = EvalOptions {
        user_fallback: Some("fallback".into()),
        ..with_env(&[])
    };
    let run = run_with("import getpass\nx = getpass.getuser()\n", &options);
    assert_eq!(run.repr("x"), "'fallback'");
}

#[test]
fn hermetic_evaluation_refuses_reads() {
    let options = EvalOptions {
        hermetic: true,
        ..with_env(&[("HOME", "/home/u")])
    };
    for source in [
        "import os\nos.environ['HOME']\n",
        "import os\nos.environ.get('HOME')\n",
        "import getpass\ngetpass.getuser()\n",
        "open('x.txt')\n",
        "import os\nos.path.exists('/')\n",
        "include('/etc/other.aurora')\n",
    ] {
        let run = run_with(source, &options);
        assert_eq!(run.evaluation.diagnostics.len(), 1, "{source}");
        assert_eq!(
            run.evaluation.diagnostics[0].code.0,
            "E0103",
            "{source}: {}",
            run.diagnostics()
        );
    }
    // A hermetic error is not an exception: `except` cannot swallow it.
    let run = run_with(
        "import os\ntry:\n    os.environ['HOME']\nexcept:\n    pass\n",
        &options,
    );
    assert_eq!(run.evaluation.diagnostics[0].code.0, "E0103");
}

#[test]
fn os_path_functions() {
    let run = run(r#"
import os.path
from os.path import join, basename
x = (join('a', 'b', 'c'), join('a/', '/abs', 'c'), basename('/a/b.txt'), os.path.dirname('/a/b.txt'),
     os.path.splitext('x/y.tar.gz'), os.path.split('a/b'), os.path.normpath('a/./b/../c'), os.path.isabs('/x'),
     os.path.dirname('file'), os.path.splitext('.bashrc'))
"#);
    assert_eq!(
        run.repr("x"),
        "('a/b/c', '/abs/c', 'b.txt', '/a', ('x/y.tar', '.gz'), ('a', 'b'), 'a/c', True, '', ('.bashrc', ''))"
    );
}

#[test]
fn imports() {
    assert_eq!(x("import os as o, json\nfrom math import ceil as c\nx = (c(1.2), o.sep, json.dumps(1))\n"), "(2.0, '/', '1')");
    assert_eq!(x("from string import *\nx = digits\n"), "'0123456789'");
    check_errors(&[
        (
            "import twitter.common.app\n",
            "ImportError: No module named twitter.common.app",
        ),
        (
            "from apache.aurora.config import x\n",
            "ImportError: No module named apache.aurora.config",
        ),
        (
            "import os.nothing\n",
            "ImportError: No module named nothing",
        ),
        (
            "from os import nothing\n",
            "ImportError: cannot import name nothing",
        ),
    ]);
}

#[test]
fn json_module() {
    assert_eq!(
        x(r#"
import json
x = (json.dumps({'a': [1, 2.5, None, True], 'b': u'é', 'c': {}}), json.dumps([1, 2], indent=2),
     json.dumps({'b': 1, 'a': 2}, sort_keys=True, separators=(',', ':')), json.loads('{"k": [1, 2.0, "s", null, false], "n": 12345678901234567890}'))
"#),
        "('{\"a\": [1, 2.5, null, true], \"c\": {}, \"b\": \"\\\\u00e9\"}', '[\\n  1, \\n  2\\n]', '{\"a\":2,\"b\":1}', {u'k': [1, 2.0, u's', None, False], u'n': 12345678901234567890L})"
    );
    check_errors(&[
        (
            "import json\njson.loads('{')\n",
            "ValueError: Expecting object: line 1 column 1 (char 0)",
        ),
        // A container left open: Python points at the last character.
        (
            "import json\njson.loads('[1, 2')\n",
            "ValueError: Expecting object: line 1 column 5 (char 4)",
        ),
        (
            "import json\njson.loads('[1, ]')\n",
            "ValueError: No JSON object could be decoded",
        ),
        (
            "import json\njson.loads('[1] x y')\n",
            "ValueError: Extra data: line 1 column 5 - line 1 column 8 (char 4 - 7)",
        ),
        (
            "import json\njson.dumps([float('nan')], allow_nan=False)\n",
            "ValueError: Out of range float values are not JSON compliant",
        ),
        // Python's encoder in C says less than its encoder in Python (indent, sort_keys).
        (
            "import json\njson.dumps({(1, 2): 0})\n",
            "TypeError: keys must be a string",
        ),
        (
            "import json\njson.dumps({(1, 2): 0}, indent=1)\n",
            "TypeError: key (1, 2) is not a string",
        ),
        (
            "import json\njson.loads('')\n",
            "ValueError: No JSON object could be decoded",
        ),
        (
            "import json\njson.dumps(set())\n",
            "TypeError: set([]) is not JSON serializable",
        ),
    ]);
}

#[test]
fn json_dumps_options() {
    assert_eq!(
        printed(
            r#"import json
print json.dumps({1: 2, 'a': (1, 2), (3,): 4}, skipkeys=True)
print json.dumps({None: 1, 1: 2, 'a': 3}, sort_keys=True)
print repr(json.dumps([u'a', 'b'], ensure_ascii=False)), json.dumps(set([1]), default=sorted)
print json.dumps('')
"#
        ),
        "{\"a\": [1, 2], \"1\": 2}\n{\"null\": 1, \"1\": 2, \"a\": 3}\nu'[\"a\", \"b\"]' [1]\n\"\\u007f\"\n"
    );
}

#[test]
fn math_textwrap_itertools_functools_collections_copy() {
    assert_eq!(
        x(r#"
import math, textwrap, itertools, functools, collections, copy, string
from itertools import chain, islice, count
add = functools.partial(lambda a, b, c=0: a + b + c, 1, c=100)
dd = collections.defaultdict(list)
dd['k'].append(1)
od = collections.OrderedDict([('z', 1), ('a', 2)])
nested = [[1], {'k': [2]}]
deep = copy.deepcopy(nested)
deep[0].append(9)
shallow = copy.copy(nested)
x = (math.ceil(1.1), math.floor(-1.1), math.sqrt(16), int(math.ceil(2.5)), round(math.pi, 4),
     textwrap.dedent('''
    a
      b
    '''),
     list(chain([1], (2,), 'c')), list(chain.from_iterable([[1], [2]])), list(islice(count(5), 3)),
     list(itertools.product('ab', [1, 2])), list(itertools.islice('abcdef', 1, 5, 2)),
     list(itertools.permutations([1, 2, 3], 2))[:3], list(itertools.combinations('abc', 2)),
     [(k, list(g)) for k, g in itertools.groupby('aabc')], list(itertools.repeat('r', 2)),
     add(2), dict(dd), od, nested, deep, shallow[0] is nested[0], string.ascii_lowercase[:3],
     functools.reduce(lambda a, b: a + b, [1, 2]))
"#),
        "(2.0, -2.0, 4.0, 3, 3.1416, '\\na\\n  b\\n', [1, 2, 'c'], [1, 2], [5, 6, 7], [('a', 1), ('a', 2), ('b', 1), ('b', 2)], ['b', 'd'], [(1, 2), (1, 3), (2, 1)], [('a', 'b'), ('a', 'c'), ('b', 'c')], [('a', ['a', 'a']), ('b', ['b']), ('c', ['c'])], ['r', 'r'], 103, {'k': [1]}, OrderedDict([('z', 1), ('a', 2)]), [[1], {'k': [2]}], [[1, 9], {'k': [2]}], True, 'abc', 3)"
    );
}

#[test]
fn string_template_and_textwrap_wrap_as_python_27() {
    // What CPython 2.7.18 printed for this program.
    assert_eq!(
        printed(
            r#"from string import Template as T
for t, kw in [('ab $', {}), ('$', {}), ('x\n  $1', {}), ('${a', {'a':1}), ('$$a $a$b', {'a':1,'b':u'u'}), ('${a}b $_x9', {'a':1,'_x9':2})]:
    try:
        print repr(T(t).substitute(**kw))
    except Exception as e:
        print type(e).__name__, e
    print repr(T(t).safe_substitute(**kw))
print repr(T('$a $b').substitute({'a': 1, 'b': 2}, b=3))
try:
    T('x').substitute({}, {})
except Exception as e: print type(e).__name__, e
try:
    T('$zz').substitute()
except Exception as e: print type(e).__name__, e, repr(e)
print T('$a').template
import textwrap
print textwrap.fill('a b c d e f', 5)
print textwrap.wrap(u'x y', 1)
"#
        ),
        r#"ValueError Invalid placeholder in string: line 1, col 4
'ab $'
ValueError Invalid placeholder in string: line 1, col 1
'$'
ValueError Invalid placeholder in string: line 2, col 3
'x\n  $1'
ValueError Invalid placeholder in string: line 1, col 1
'${a'
u'$a 1u'
u'$a 1u'
'1b 2'
'1b 2'
'1 3'
TypeError Too many positional arguments
KeyError 'zz' KeyError('zz',)
$a
a b c
d e f
[u'x', u'y']
"#
    );
}

#[test]
fn hashlib_md5() {
    assert_eq!(
        x("import hashlib\nh = hashlib.md5('abc')\nh.update('def')\nx = (h.hexdigest(), hashlib.md5().hexdigest())\n"),
        "('e80b5017098950fc58aad83c8c14978e', 'd41d8cd98f00b204e9800998ecf8427e')"
    );
}

#[test]
fn open_reads_relative_to_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.txt"), "line1\nline2\n").unwrap();
    let options = EvalOptions {
        cwd: Some(dir.path().to_path_buf()),
        ..options()
    };
    let run = run_with(
        "with open('data.txt') as f:\n    lines = f.readlines()\nx = (lines, open('data.txt').read())\n",
        &options,
    );
    assert_eq!(
        run.repr("x"),
        "(['line1\\n', 'line2\\n'], 'line1\\nline2\\n')"
    );
    assert!(matches!(
        &run.evaluation.access[0].kind,
        AccessKind::File { found: true, .. }
    ));
    let run = run_with("open('missing.txt')\n", &options);
    assert_eq!(
        run.error(),
        "IOError: [Errno 2] No such file or directory: 'missing.txt'"
    );
    let run = run_with(
        "try:\n    open('missing.txt')\nexcept IOError as e:\n    x = e.args\n",
        &options,
    );
    assert_eq!(
        run.repr("x"),
        "(\"[Errno 2] No such file or directory: 'missing.txt'\",)"
    );
    let run = run_with("open('out.txt', 'w')\n", &options);
    assert_eq!(
        run.error(),
        "opening `out.txt` for writing is not supported in .aurora files (mode 'w')"
    );
}

fn evaluate_file(
    path: &std::path::Path,
    options: &EvalOptions,
) -> (aurora_compiler::eval::Evaluation, SourceMap) {
    let mut sources = SourceMap::new();
    let text = std::fs::read_to_string(path).unwrap();
    let file = sources.add(path, text);
    let evaluation = evaluate(&mut sources, file, options);
    (evaluation, sources)
}

#[test]
fn include_evaluates_into_the_same_namespace() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::create_dir(dir.path().join("lib")).unwrap();
    std::fs::write(
        dir.path().join("lib/common.aurora"),
        "import os\nbase = prefix + '-base'\ndef helper(n):\n    return n * 2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sub/main.aurora"),
        "prefix = 'p'\ninclude('../lib/common.aurora')\nx = (base, helper(2), os.sep)\n",
    )
    .unwrap();
    let options = EvalOptions {
        output: Output::Capture,
        ..EvalOptions::default()
    };
    let (evaluation, sources) = evaluate_file(&dir.path().join("sub/main.aurora"), &options);
    assert!(evaluation.is_ok(), "{:?}", evaluation.diagnostics);
    assert_eq!(
        format!("{:?}", evaluation.globals["x"]),
        "('p-base', 4, '/')"
    );
    assert_eq!(sources.files().count(), 2);
    assert!(matches!(
        &evaluation.access[0].kind,
        AccessKind::Include { found: true, .. }
    ));

    // Hermetic: includes inside the config's directory tree are fine, outside are not.
    let hermetic = EvalOptions {
        hermetic: true,
        ..options.clone()
    };
    let (evaluation, _) = evaluate_file(&dir.path().join("sub/main.aurora"), &hermetic);
    assert_eq!(evaluation.diagnostics[0].code.0, "E0103");
    std::fs::write(dir.path().join("sub/local.aurora"), "v = 1\n").unwrap();
    std::fs::write(
        dir.path().join("sub/top.aurora"),
        "include('local.aurora')\nx = v\n",
    )
    .unwrap();
    let (evaluation, _) = evaluate_file(&dir.path().join("sub/top.aurora"), &hermetic);
    assert!(evaluation.is_ok(), "{:?}", evaluation.diagnostics);
}

#[test]
fn include_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.aurora"), "include('b.aurora')\n").unwrap();
    std::fs::write(dir.path().join("b.aurora"), "include('a.aurora')\n").unwrap();
    std::fs::write(dir.path().join("bad.aurora"), "x = (\n").unwrap();
    std::fs::write(
        dir.path().join("uses_bad.aurora"),
        "include('bad.aurora')\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("missing.aurora"),
        "include('nope.aurora')\n",
    )
    .unwrap();
    let options = options();
    let (evaluation, _) = evaluate_file(&dir.path().join("a.aurora"), &options);
    let message = &evaluation.diagnostics[0].message;
    assert!(message.starts_with("include cycle: "), "{message}");
    assert!(
        message.contains("a.aurora -> ") && message.ends_with("a.aurora"),
        "{message}"
    );
    let (evaluation, sources) = evaluate_file(&dir.path().join("uses_bad.aurora"), &options);
    assert_eq!(evaluation.diagnostics.len(), 2);
    assert_eq!(evaluation.diagnostics[0].code.0, "E0003");
    let syntax_file = evaluation.diagnostics[0].primary_span().file;
    assert!(sources.file(syntax_file).path().ends_with("bad.aurora"));
    assert!(evaluation.diagnostics[1]
        .message
        .contains("bad.aurora` has syntax errors"));
    let (evaluation, _) = evaluate_file(&dir.path().join("missing.aurora"), &options);
    assert!(evaluation.diagnostics[0]
        .message
        .starts_with("IOError: [Errno 2] No such file or directory: '"));
}
