//! Functions, closures, classes and exceptions.

#[path = "eval_support.rs"]
mod support;
use support::*;

#[test]
fn functions_bind_arguments_like_python() {
    assert_eq!(
        x(r#"
def f(a, b=2, *rest, **kw):
    return (a, b, rest, kw)
x = [f(1), f(1, 3, 4, 5), f(a=1, c=3), f(*[1, 2, 3], **{'d': 4})]
"#),
        "[(1, 2, (), {}), (1, 3, (4, 5), {}), (1, 2, (), {'c': 3}), (1, 2, (3,), {'d': 4})]"
    );
    // Keyword-only parameters are Python 3: Python 2.7 stops at the `,` after `*`.
    assert_eq!(
        error("def f(a, *, b=1, c):\n    return a + b + c\nx = f(1, c=10)\n"),
        "invalid syntax: a bare `*` in parameters is Python 3 syntax"
    );
    assert_eq!(
        x("f = lambda a, b=10: a * b\nx = (f(2), f(2, 3))\n"),
        "(20, 6)"
    );
    assert_eq!(x("def f():\n    pass\nx = f()\n"), "None");
}

#[test]
fn argument_errors_use_python_2_texts() {
    check_errors(&[
        (
            "def f(a, b): pass\nf(1)\n",
            "TypeError: f() takes exactly 2 arguments (1 given)",
        ),
        (
            "def f(a, b=1): pass\nf()\n",
            "TypeError: f() takes at least 1 argument (0 given)",
        ),
        (
            "def f(a, b=1): pass\nf(1, 2, 3)\n",
            "TypeError: f() takes at most 2 arguments (3 given)",
        ),
        (
            "def f(): pass\nf(1)\n",
            "TypeError: f() takes no arguments (1 given)",
        ),
        (
            "def f(a): pass\nf(1, a=2)\n",
            "TypeError: f() got multiple values for keyword argument 'a'",
        ),
        (
            "def f(a): pass\nf(b=2)\n",
            "TypeError: f() got an unexpected keyword argument 'b'",
        ),
        (
            "len(1, 2)\n",
            "TypeError: len() takes exactly one argument (2 given)",
        ),
        (
            "def f(a, a): pass\n",
            "duplicate argument 'a' in function definition",
        ),
    ]);
}

#[test]
fn closures_see_enclosing_scopes_late() {
    assert_eq!(
        x(r#"
def outer():
    n = 1
    def inner():
        return n
    n = 2
    return inner
x = outer()()
"#),
        "2"
    );
    assert_eq!(
        x(r#"
def counter():
    counts = {'n': 0}
    def bump():
        counts['n'] += 1
        return counts['n']
    return bump
b = counter()
b()
x = b()
"#),
        "2"
    );
    assert_eq!(
        x("fs = [lambda: i for i in range(3)]\nx = [f() for f in fs]\n"),
        "[2, 2, 2]"
    );
    assert_eq!(
        x("fs = [lambda i=i: i for i in range(3)]\nx = [f() for f in fs]\n"),
        "[0, 1, 2]"
    );
    assert_eq!(
        x("def make(k):\n    return lambda v: v * k\nx = map(make(3), [1, 2])\n"),
        "[3, 6]"
    );
}

#[test]
fn locals_shadow_globals_everywhere_in_a_function() {
    check_errors(&[(
        "n = 1\ndef f():\n    y = n\n    n = 2\nf()\n",
        "UnboundLocalError: local variable 'n' referenced before assignment",
    )]);
    assert_eq!(
        x("n = 1\ndef f():\n    global n\n    n = 5\nf()\nx = n\n"),
        "5"
    );
    assert_eq!(x("n = 1\ndef f():\n    return n + 1\nx = f()\n"), "2");
}

#[test]
fn list_comprehensions_leak_their_variable_in_python_2() {
    assert_eq!(x("[i for i in range(3)]\nx = i\n"), "2");
    check_errors(&[(
        "(j for j in range(3))\nx = j\n",
        "NameError: name 'j' is not defined",
    )]);
    assert_eq!(x("x = {k: v for k, v in [('a', 1)]}\n"), "{'a': 1}");
    assert_eq!(
        x("x = sorted({c for c in 'hello'})\n"),
        "['e', 'h', 'l', 'o']"
    );
    assert_eq!(
        x("x = [a * b for a in [1, 2] if a > 1 for b in [10, 20]]\n"),
        "[20, 40]"
    );
    assert_eq!(x("x = list(a + 1 for a in [1, 2])\n"), "[2, 3]");
    assert_eq!(x("x = sum(a for a in range(5))\n"), "10");
}

#[test]
fn recursion_works_within_the_depth_limit() {
    assert_eq!(
        x("def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nx = fact(25)\n"),
        "15511210043330985984000000L"
    );
}

#[test]
fn plain_classes() {
    assert_eq!(
        x(r#"
class Units(object):
    KB = 1024
    MB = KB * 1024
    @classmethod
    def gb(cls, n):
        return n * cls.MB * 1024
    @staticmethod
    def half(n):
        return n / 2
    def __init__(self, base):
        self.base = base
    def scaled(self, n):
        return self.base * n
u = Units(3)
u.extra = 'e'
x = (Units.MB, Units.gb(1), Units.half(9), u.scaled(2), u.extra, u.gb(2), u.KB)
"#),
        "(1048576, 1073741824, 4, 6, 'e', 2147483648, 1024)"
    );
}

#[test]
fn inheritance_super_and_special_methods() {
    assert_eq!(
        x(r#"
class Base:
    greeting = 'hi'
    def __init__(self, name):
        self.name = name
    def hello(self):
        return '%s %s' % (self.greeting, self.name)
class Child(Base):
    greeting = 'yo'
    def __init__(self, name):
        super(Child, self).__init__(name.upper())
    def __str__(self):
        return 'Child(%s)' % self.name
    def __repr__(self):
        return '<child>'
    def __eq__(self, other):
        return isinstance(other, Child) and other.name == self.name
    def __add__(self, other):
        return Child(self.name + other.name)
    def __len__(self):
        return len(self.name)
    def __getitem__(self, i):
        return self.name[i]
    def __call__(self, n):
        return n * 2
    @property
    def size(self):
        return len(self.name) * 10
c = Child('ab')
x = (c.hello(), str(c), repr([c]), c == Child('ab'), c != Child('x'), str(c + Child('z')),
     len(c), c[1], c(4), c.size, isinstance(c, Base), issubclass(Child, Base), '%s' % c)
"#),
        "('yo AB', 'Child(AB)', '[<child>]', True, True, 'Child(ABZ)', 2, 'B', 8, 20, True, True, 'Child(AB)')"
    );
}

#[test]
fn class_errors() {
    check_errors(&[
        (
            "class A(object): pass\nA().missing\n",
            "AttributeError: 'A' object has no attribute 'missing'",
        ),
        (
            "class A(object): pass\nA.missing\n",
            "AttributeError: type object 'A' has no attribute 'missing'",
        ),
        (
            "class A(object): pass\nA(1)\n",
            "TypeError: this constructor takes no arguments",
        ),
        (
            "class A(str): pass\n",
            "subclassing the built-in type `str` is not supported in .aurora files",
        ),
    ]);
}

#[test]
fn try_except_catches_by_class() {
    assert_eq!(
        x(r#"
log = []
for thunk in [lambda: {}['k'], lambda: 1 / 0, lambda: int('x'), lambda: [][1], lambda: undefined]:
    try:
        thunk()
    except KeyError as e:
        log.append(('key', str(e), e.args))
    except (ValueError, ZeroDivisionError) as e:
        log.append(('value-or-zero', type(e).__name__))
    except LookupError:
        log.append('lookup')
    except:
        log.append('bare')
    else:
        log.append('no error')
    finally:
        log.append('finally')
x = log
"#),
        "[('key', \"'k'\", ('k',)), 'finally', ('value-or-zero', 'ZeroDivisionError'), 'finally', ('value-or-zero', 'ValueError'), 'finally', 'lookup', 'finally', 'bare', 'finally']"
    );
}

#[test]
fn user_exceptions_raise_and_reraise() {
    assert_eq!(
        x(r#"
class ConfigError(Exception):
    pass
class Detailed(ConfigError):
    def __init__(self, field):
        super(Detailed, self).__init__('bad field %s' % field)
        self.field = field
results = []
try:
    raise Detailed('cpu')
except ConfigError as e:
    results.append((str(e), e.field, e.args, repr(e)))
try:
    try:
        raise ValueError('inner')
    except ValueError:
        raise
except Exception as e:
    results.append(str(e))
try:
    raise KeyError
except KeyError as e:
    results.append(repr(e))
def f():
    try:
        return 'try'
    finally:
        results.append('cleanup')
results.append(f())
x = results
"#),
        "[('bad field cpu', 'cpu', ('bad field cpu',), \"Detailed('bad field cpu',)\"), 'inner', 'KeyError()', 'cleanup', 'try']"
    );
    check_errors(&[
        ("class E(Exception): pass\nraise E('boom')\n", "E: boom"),
        ("raise ValueError('x')\n", "ValueError: x"),
        ("raise 'text'\n", "TypeError: exceptions must be old-style classes or derived from BaseException, not str"),
        ("assert 1 == 2, 'math'\n", "AssertionError: math"),
        ("assert False\n", "AssertionError"),
        ("try:\n    1 / 0\nexcept KeyError:\n    pass\n", "ZeroDivisionError: integer division or modulo by zero"),
    ]);
}

#[test]
fn with_statement_and_context_managers() {
    assert_eq!(
        x(r#"
log = []
class Managed(object):
    def __enter__(self):
        log.append('enter')
        return 'resource'
    def __exit__(self, kind, value, traceback):
        log.append(('exit', kind is None))
        return True
with Managed() as r:
    log.append(r)
with Managed():
    raise ValueError('swallowed')
x = log
"#),
        "['enter', 'resource', ('exit', True), 'enter', ('exit', False)]"
    );
}

#[test]
fn loops_break_continue_else() {
    assert_eq!(
        x(r#"
out = []
for i in range(10):
    if i % 2:
        continue
    if i > 6:
        break
    out.append(i)
else:
    out.append('no break')
for j in []:
    pass
else:
    out.append('else')
x = out
"#),
        "[0, 2, 4, 6, 'else']"
    );
}

#[test]
fn print_statement_is_python_2() {
    assert_eq!(printed("print 'a', 1, None\n"), "a 1 None\n");
    assert_eq!(printed("print('a', 'b')\n"), "('a', 'b')\n");
    assert_eq!(printed("print 'a',\nprint 'b'\n"), "a b\n");
    assert_eq!(printed("print\n"), "\n");
    assert_eq!(printed("print 'configuring', 7 / 2\n"), "configuring 3\n");
    assert_eq!(printed("import sys\nprint >>sys.stderr, 'err'\n"), "err\n");
    assert_eq!(
        printed("print 0.1 + 0.2, [0.1 + 0.2]\n"),
        "0.3 [0.30000000000000004]\n"
    );
    assert_eq!(
        printed("from __future__ import print_function\nprint('a', 'b')\n"),
        "a b\n"
    );
}

#[test]
fn del_and_names() {
    check_errors(&[("a = 1\ndel a\na\n", "NameError: name 'a' is not defined")]);
    let run = run("cluster = 1\nclustr\n");
    let help = run.evaluation.diagnostics[0].help.clone();
    assert_eq!(help.as_deref(), Some("did you mean `cluster`?"));
}

#[test]
fn unsupported_syntax_is_reported() {
    check_errors(&[
        (
            "def g():\n    yield 1\ng()\n",
            "`yield` (generators) is not supported in .aurora files",
        ),
        ("eval('1')\n", "`eval` is not supported in .aurora files"),
        (
            "import re\n",
            "the module `re` is not supported in .aurora files",
        ),
    ]);
}

#[test]
fn dict_and_list_subclasses() {
    assert_eq!(
        x(r#"
import json
class ProxyConfiguration(dict):
    def json_dumps(self):
        return json.dumps(self)
class Named(dict):
    def __init__(self, name, **kw):
        super(Named, self).__init__(**kw)
        self['name'] = name
    def __repr__(self):
        return 'Named(%s)' % self['name']
class Stack(list):
    def push(self, item):
        self.append(item)
        return self
class Sub(Named):
    pass
c = ProxyConfiguration(servers=[ProxyConfiguration(hosts=['default'])])
n = Sub('n', a=1)
s = Stack([1]).push(2)
d = dict.__init__
x = (c.json_dumps(), c['servers'][0]['hosts'], isinstance(c, dict), isinstance(c, ProxyConfiguration),
     type(c).__name__, repr([n]), n['a'], len(n), sorted(n.keys()), s, isinstance(s, Stack), s + [3], c.get('x', 0))
"#),
        "('{\"servers\": [{\"hosts\": [\"default\"]}]}', ['default'], True, True, 'ProxyConfiguration', '[Named(n)]', 1, 2, ['a', 'name'], [1, 2], True, [1, 2, 3], 0)"
    );
}
