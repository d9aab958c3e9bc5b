//! Odd and hostile snippets end in a value or a diagnostic, never a panic.

#[path = "eval_support.rs"]
mod support;
use support::*;

const SNIPPETS: &[&str] = &[
    "x = [1, 2, 3]\nx[1:2] = x\n",
    "d = {}\nd[d] = 1\n",
    "a = [3, 1]\na.sort(key=lambda v: a.append(1))\n",
    "x = {'a': 1}\nx.update(x)\n",
    "class A(object): pass\nA.__init__(A())\n",
    "super(int, 1)\n",
    "iter(5)\n",
    "'%(a)s' % 5\n",
    "'%(a' % {}\n",
    "'{'.format()\n",
    "'{0!x}'.format(1)\n",
    "'{:'.format(1)\n",
    "'{0.real.real.imag}'.format(1)\n",
    "'{[}'.format(1)\n",
    "float('nan') in [float('nan')]\n",
    "round(1e308, 2), round(float('inf')), round(0.5, -400), round(1.5, 400)\n",
    "int(float('inf'))\n",
    "10 ** -1000\n",
    "(-8) ** (1.0 / 3)\n",
    "[].pop(10 ** 30)\n",
    "'abc'[10 ** 30]\n",
    "'abc'[1:10 ** 30:10 ** 30]\n",
    "len(xrange(-2 ** 63, 2 ** 63 - 1))\n",
    "xrange(-2 ** 63, 2 ** 63 - 1)[-1]\n",
    "(2 ** 63 - 1) in xrange(-2 ** 63, 2 ** 63 - 1, 7)\n",
    "hash([])\n",
    "getattr(1, 2)\n",
    "dict([1])\n",
    "max()\n",
    "map(None)\n",
    "import json\njson.loads('[' * 100000)\n",
    "import json\njson.loads('\"\\\\ud800\"')\n",
    "import json\njson.loads('1e999999')\n",
    "import copy\na = []\na.append(a)\nb = copy.deepcopy(a)\n",
    "a = {}\na['a'] = a\nx = repr(a) + str(a == a)\n",
    "s = set()\nfor i in range(10): s.add(frozenset([i, frozenset([i])]))\n",
    "'%.1000000000f' % 1\n",
    "'{:.1000000000f}'.format(1.5)\n",
    "'x'.zfill(10 ** 12)\n",
    "'\\t' * 10 + 'a'\nx = ('\\t' * 1000).expandtabs(100000)\n",
    "x = [1] * 2 ** 62\n",
    "x = 'ab' * 2 ** 62\n",
    "x = 2 ** 2 ** 2 ** 2 ** 2\n",
    "x = -2 ** 63 // -1\n",
    "x = divmod(-2 ** 63, -1)\n",
    "x = abs(-2 ** 63)\n",
    "x = ~(2 ** 200)\n",
    "x = 1 >> 10 ** 30\n",
    "x = 5 << -1\n",
    "x = pow(2, 10 ** 9, 7)\n",
    "x = int('9' * 4000)\n",
    "x = float(10 ** 400)\n",
    "x = '%d' % float('nan')\n",
    "x = '%c' % 10 ** 9\n",
    "x = chr(-1)\n",
    "x = unichr(0xd800)\n",
    "x = u'\\u00e9'.encode('ascii')\n",
    "x = 'é'[0] + 'é'[-1:]\n",
    "x = sorted([1, 'a', None, [], {}, (), 1.5, True, set()])\n",
    "x = sorted([float('nan'), 1, float('nan'), 0])\n",
    "class K(object):\n    def __lt__(self, other): return 1 / 0\nsorted([K(), K()])\n",
    "class K(object):\n    def __eq__(self, other): raise ValueError('no')\n[K()] == [K()]\n",
    "class K(object):\n    def __hash__(self): return 'x'\n{K(): 1}\n",
    "class K(object):\n    def __repr__(self): return 5\nrepr(K())\n",
    "class K(object):\n    def __len__(self): return -1\nlen(K())\n",
    "class K(object):\n    def __iter__(self): return self\nlist(K())\n",
    "class K(object):\n    def __getattr__(self, name): return getattr(self, name)\nK().x\n",
    "class A(object): pass\nclass B(A): pass\nclass C(A, B): pass\n",
    "def f(*, a): pass\nf()\n",
    "def f(**kw): return kw\nf(**{1: 2})\n",
    "f = lambda: f()\nf()\n",
    "x = [lambda: x for x in range(3)]\n",
    "import itertools\nx = list(itertools.islice(itertools.cycle([]), 5))\n",
    "import itertools\nc = itertools.count()\nx = [next(c) for _ in range(3)]\n",
    "import itertools\nx = list(itertools.product(range(1000), range(1000), range(1000)))\n",
    "import itertools\nx = list(itertools.permutations(range(20)))\n",
    "import itertools\nx = list(itertools.chain(itertools.repeat(1)))\n",
    "x = list(iter(iter(iter([]))))\nx = next(iter([]))\n",
    "it = iter([1, 2])\nx = [a for a in it for b in it]\n",
    "import os\nos.environ['A'] = 'b'\nx = os.environ['A']\ndel os.environ['A']\n",
    "import sys\nsys.exit('bye')\n",
    "raise\n",
    "try:\n    pass\nfinally:\n    raise\n",
    "def g():\n    try:\n        return 1\n    finally:\n        return 2\nx = g()\n",
    "for i in range(3):\n    try:\n        break\n    finally:\n        x = i\n",
    "with 1 as x:\n    pass\n",
    "del x\n",
    "x = [1]\ndel x[5]\n",
    "x = [1]\nx[0:0] = 5\n",
    "x = (1, 2)\nx[0] = 3\n",
    "x = 'ab'\nx[0] = 'c'\n",
    "x = {}\nx.missing = 1\n",
    "x = None\nx.y += 1\n",
    "x = [[]] * 3\nx[0].append(x)\ny = repr(x)\n",
    "x = {1: 2}\nfor k in x:\n    x[k + 1] = 3\n",
    "import math\nx = math.sqrt(-1)\n",
    "import math\nx = math.log(0)\n",
    "import math\nx = math.factorial(100000)\n",
    "x = '{0:{1}}'.format(1, '{0:{1}}')\n",
    "x = '%s %s' % (1,) * 2\n",
    "x = b'abc' + u'é'\n",
    "assert 0, 1 / 0\n",
    "x = [i for i in range(10) if i if i > 2]\n",
    "x = {**{'a': 1}}\n",
    "x = [*range(3), *'ab']\n",
    "x = print\n",
    "x = globals()\ny = locals()\nz = vars()\n",
    "def f():\n    return locals()\nx = f()\n",
    "x = type('X', (), {})()\n",
    "x = isinstance(1, 2)\n",
    "x = issubclass(1, int)\n",
    "x = object()\ny = object() == x\n",
    "x = dir(1) + dir([])\n",
    "x = getattr(getattr, '__name__')\n",
    "x = Ellipsis\n",
    "x = ...\n",
];

#[test]
fn no_snippet_panics() {
    let mut outcomes = Vec::new();
    for snippet in SNIPPETS {
        let result = std::panic::catch_unwind(|| {
            let run = run(snippet);
            match run.evaluation.diagnostics.first() {
                Some(diagnostic) => diagnostic.message.clone(),
                None => "ok".to_string(),
            }
        });
        match result {
            Ok(outcome) => outcomes.push(outcome),
            Err(_) => panic!("panicked on:\n{snippet}"),
        }
    }
    for (snippet, outcome) in SNIPPETS.iter().zip(&outcomes) {
        println!(
            "{:50} -> {outcome}",
            snippet
                .replace('\n', "⏎")
                .chars()
                .take(50)
                .collect::<String>()
        );
    }
}
