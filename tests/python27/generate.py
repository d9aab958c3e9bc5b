# -*- coding: utf-8 -*-
"""Records what CPython 2.7 does with many small programs, for the differential tests.

Run with Python 2.7 (`~/.pyenv/versions/2.7.18/bin/python2.7 tests/python27/generate.py`
from the repository root). It writes, next to this file:

- grammar.jsonl: programs and whether `compile()` accepts them (else the SyntaxError's
  class, message and line);
- semantics.jsonl: programs that compile and what running them prints (and the exception
  that ended them, if one did);
- corpus_edits.jsonl: small edits of the conformance corpus files (file, byte offset,
  bytes removed, text inserted; the corpus text itself is never copied) and whether
  Python 2.7 still compiles the edited file.

Everything is generated from fixed seeds, so running it again gives the same files.
The tests read these files; they never need Python 2.7 themselves.
"""

from __future__ import print_function

import io
import json
import os
import random
import sys
import warnings

# Python 2.7's SyntaxWarnings (import * in a function...) are not part of the verdict.
warnings.simplefilter("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

if sys.version_info[:2] != (2, 7):
    sys.exit("run this with Python 2.7, e.g. ~/.pyenv/versions/2.7.18/bin/python2.7")


# --- Recording ----------------------------------------------------------------------------

def compile_verdict(source):
    try:
        # dont_inherit: this script's own `from __future__` must not leak into the case.
        compile(source, "case.aurora", "exec", 0, True)
    except SyntaxError as error:
        return {
            "error": type(error).__name__,
            "message": error.msg,
            "line": error.lineno,
        }
    except (TypeError, ValueError) as error:
        # compile() refuses source with NUL bytes this way.
        return {"error": type(error).__name__, "message": str(error), "line": None}
    return {"ok": True}


class Captured(io.BytesIO):
    def write(self, text):
        if isinstance(text, unicode):
            text = text.encode("utf-8")
        return io.BytesIO.write(self, text)


def run(source):
    """What running `source` prints, and the exception that ended it."""
    out = Captured()
    saved = sys.stdout
    sys.stdout = out
    exception = None
    try:
        code = compile(source, "case.aurora", "exec", 0, True)
        exec(code, {"__name__": "__main__"})
    except Exception as error:  # noqa: the point is to record it
        exception = "%s: %s" % (type(error).__name__, error)
    finally:
        sys.stdout = saved
    return out.getvalue().decode("utf-8", "replace"), exception


# --- Grammar cases: Python 2 forms to accept, Python 3 forms to reject ----------------------

GRAMMAR_CASES = [
    # Python 2 only, accepted by 2.7.
    "print 'x'\n",
    "print 'a', 'b',\n",
    "print\n",
    "import sys\nprint >>sys.stderr, 'x'\n",
    "print >>sys.stderr\n",
    "print(1, 2)\n",
    "print ('a')\n",
    "try:\n    pass\nexcept ValueError, e:\n    pass\n",
    "try:\n    pass\nexcept (ValueError, TypeError), e:\n    pass\n",
    "x = `1`\n",
    "x = `1, 2`\n",
    "x = 1 <> 2\n",
    "x = 0777\n",
    "x = 0o777\n",
    "x = 0xFFL\n",
    "x = 10L\n",
    "x = 10l\n",
    "x = ur'abc'\n",
    "x = UR'abc'\n",
    "x = u'abc'\n",
    "x = b'abc'\n",
    "x = br'abc'\n",
    "exec 'x = 1'\n",
    "exec 'x = 1' in {}\n",
    "exec 'x = 1' in {}, {}\n",
    "exec('x = 1')\n",
    "raise ValueError, 'x'\n",
    "raise ValueError, 'x', None\n",
    "def f((a, b)):\n    return a\n",
    "def f(a, (b, c)=(1, 2)):\n    return a\n",
    "lambda (a, b): a\n",
    "True = 1\n",
    "None = 1\n",
    "x.None = 1\n",
    "def None():\n    pass\n",
    "nonlocal = 1\n",
    "async = 1\n",
    "await = 1\n",
    "def print_(): pass\n",
    "x = [i for i in 1, 2, 3]\n",
    "x = [i for i in range(3) if i if i > 0]\n",
    "x = (i for i in range(3))\n",
    "x = {i: i for i in range(3)}\n",
    "x = {i for i in range(3)}\n",
    "x = {1, 2}\n",
    "x[...]\n",
    "x[..., 0]\n",
    "x[1:2, ...]\n",
    "x[::2]\n",
    "x[1:2:3, 4]\n",
    "from __future__ import print_function\nprint('x', end='')\n",
    "from __future__ import division\nx = 1 / 2\n",
    "from __future__ import with_statement\n",
    "from __future__ import braces\n",
    "from __future__ import nested_scopes, generators\n",
    "import os.path as p\n",
    "from os import (path, sep)\n",
    "from os import (path, sep,)\n",
    "from . import x\n",
    "from .. import x\n",
    "from .a import b\n",
    "from os import *\n",
    "def f():\n    from os import *\n",
    "global x\n",
    "def f():\n    global x\n    x = 1\n",
    "def f(*args, **kw):\n    pass\n",
    "def f(a, b=1, *args, **kw):\n    pass\n",
    "f(*a, **k)\n",
    "f(a, *b)\n",
    "f(x=1, *a)\n",
    "f(a for a in b)\n",
    "f(1, a for a in b)\n",
    "f(a=1, a=2)\n",
    "f(**k, *a)\n",
    "f(**k, a=1)\n",
    "f(a=1, 2)\n",
    "f(*a, *b)\n",
    "f(**a, **b)\n",
    "class C:\n    pass\n",
    "class C():\n    pass\n",
    "class C(object, metaclass=M):\n    pass\n",
    "@dec\ndef f(): pass\n",
    "@dec.attr(1)\ndef f(): pass\n",
    "@dec[0]\ndef f(): pass\n",
    "@dec\nclass C: pass\n",
    "with a as b, c as d:\n    pass\n",
    "with (a, b):\n    pass\n",
    "while 1:\n    break\nelse:\n    pass\n",
    "for x in y:\n    continue\nelse:\n    pass\n",
    "try:\n    pass\nfinally:\n    pass\n",
    "try:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
    "assert x, 'y'\n",
    "del a, b[0], c.d\n",
    "del (a, b)\n",
    "del [a, b]\n",
    "x = y = z = 1\n",
    "a, b = 1, 2\n",
    "[a, b] = 1, 2\n",
    "(a, b), c = (1, 2), 3\n",
    "a, = [1]\n",
    "x += 1\n",
    "x **= 2\n",
    "x //= 2\n",
    "x >>= 1\n",
    "x = a if b else c\n",
    "x = lambda: 1\n",
    "x = lambda *a, **k: 1\n",
    "x = lambda a=1: a\n",
    "x = not a\n",
    "x = a is not b\n",
    "x = a not in b\n",
    "x = 1 < 2 < 3\n",
    "x = -1 ** 2\n",
    "x = ~1\n",
    "x = +1\n",
    "x = 'a' 'b'\n",
    "x = 'a' u'b'\n",
    "x = '''a\nb'''\n",
    "x = 'a\\\nb'\n",
    "x = 1 + \\\n    2\n",
    "x = (1 +\n     2)\n",
    "if x: pass\nelif y: pass\nelse: pass\n",
    "if x:\n    pass\n# comment\nelse:\n    pass\n",
    "x = 1; y = 2;\n",
    "x = 1;\n",
    "def f():\n    yield 1\n",
    "def f():\n    x = yield\n",
    "def f():\n    return\n",
    "def f():\n    yield 1\n    return\n",
    "x = 1e10\n",
    "x = 1.5j\n",
    "x = 1E-5\n",
    "x = .5\n",
    "x = 5.\n",
    "x = 0xff\n",
    "x = 0b101\n",
    "x = 0B101\n",
    "x = 00\n",
    "x = 0\n",
    "x = 0L\n",
    "x = '\\N{BULLET}'\n",
    "x = u'\\N{BULLET}'\n",
    "x = '\\x41'\n",
    "x = '\\u1234'\n",
    "x = u'\\u1234'\n",
    "x = u'\\U0001F600'\n",
    "x = r'\\'\n",
    "x = '\\q'\n",
    "x = {}\n",
    "x = {1: 2,}\n",
    "x = [1, 2,]\n",
    "x = (1,)\n",
    "x = ()\n",
    "x = []\n",
    "x = [\n    1,\n    2,\n]\n",
    "if True:\n    x = 1\n",
    "if True:\n\tx = 1\n",
    "if True:\n        x = 1\n        y = 2\n",
    "# coding: utf-8\nx = 'é'\n",
    "# -*- coding: latin-1 -*-\nx = 1\n",
    "x = 1 # comment\n",
    "\n\n\nx = 1\n\n\n",
    "x = 1",
    "",
    "\n",
    "# only a comment",
    "    # indented comment\nx = 1\n",
    "x = (yield)\n",
    "x = [(yield)]\n",
    "a.b.c = d.e[f](g)\n",
    "x = a[b][c](d)(e)\n",
    "x = not not a\n",
    "x = a and b or c and not d\n",
    "x = a | b ^ c & d << e >> f + g - h * i / j // k % l ** m\n",
    "x = [a for b in c for d in e if f]\n",
    "x = dict(a=1, **b)\n",
    "x = f(*[1], **{})\n",
    "print >>f\n",
    "print >>f, \n",
    "print 'x' % y\n",
    "print ('x' % y)\n",
    "print - 1\n",
    "print (1), 2\n",
    "print(1)(2)\n",
    "print.x\n",
    "print = 1\n",
    "def f(print): pass\n",
    "import print\n",
    "x = print\n",
    # Python 3 only, rejected by 2.7.
    "x = f'{y}'\n",
    "x = F'{y}'\n",
    "x = rf'{y}'\n",
    "nonlocal x\n",
    "def f():\n    nonlocal x\n",
    "def f(*, a): pass\n",
    "def f(a, *, b=1): pass\n",
    "def f(*args, a): pass\n",
    "def f(a: int): pass\n",
    "def f() -> int: pass\n",
    "lambda *, a: 1\n",
    "a, *b = [1, 2]\n",
    "*a, b = [1, 2]\n",
    "[a, *b] = [1, 2]\n",
    "for a, *b in c: pass\n",
    "x = [*a]\n",
    "x = (*a,)\n",
    "x = {*a}\n",
    "x = {**d}\n",
    "x = {'a': 1, **d}\n",
    "print(x, end='')\n",
    "print(x, sep='')\n",
    "print(x, file=f)\n",
    "x = 1_000\n",
    "x = 1_000.5\n",
    "x = 0x_ff\n",
    "raise X from Y\n",
    "raise X from None\n",
    "async def f(): pass\n",
    "def f():\n    await x\n",
    "async def f():\n    await x\n",
    "async with a: pass\n",
    "async for a in b: pass\n",
    "x = (y := 1)\n",
    "if (y := 1): pass\n",
    "x = a @ b\n",
    "x @= b\n",
    "x = ...\n",
    "f(...)\n",
    "x = [...]\n",
    "x[1:...]\n",
    "x[(...)]\n",
    "x[(..., 1)]\n",
    "def f():\n    yield from x\n",
    "x: int = 1\n",
    "x: int\n",
    "class C(metaclass=M): pass\n",
    "class C(**k): pass\n",
    "try:\n    pass\nexcept* ValueError:\n    pass\n",
    "match x:\n    case 1:\n        pass\n",
    "x = 0o\n",
    "x = 0b\n",
    "x = 0x\n",
    "x = 08\n",
    "x = 09.5\n",
    "x = 1__0\n",
    "x = 1if 1else 0\n",
    "x = 0777L\n",
    "x = 1e\n",
    "x = 'abc\n",
    "x = '''abc\n",
    "x = (1,\n",
    "x = [1, 2\n",
    "x = 1)\n",
    "x = }\n",
    "def f(:\n    pass\n",
    "if x\n    pass\n",
    "if x:\npass\n",
    "if x:\n    pass\n  pass\n",
    "  x = 1\n",
    "if x:\n    pass\n        y = 1\n",
    "if x:\n\tpass\n        pass\n",
    "def f():\n    return 1\n  x = 2\n",
    "for x in :\n    pass\n",
    "x = = 1\n",
    "x == 1 = 2\n",
    "f() = 1\n",
    "1 = x\n",
    "'a' = x\n",
    "x + 1 = 2\n",
    "del f()\n",
    "del 1\n",
    "for 1 in x: pass\n",
    "(a, 1) = x\n",
    "[a for a in b] = c\n",
    "lambda: 1 = x\n",
    "x = yield = 1\n",
    "None += 1\n",
    "f(None=1)\n",
    "def f(None): pass\n",
    "def f(a, a): pass\n",
    "def f(a=1, b): pass\n",
    "def f(**a, b): pass\n",
    "def f(**a, *b): pass\n",
    "def f(*a, *b): pass\n",
    "lambda a=1, b: 0\n",
    "f(a=1, b)\n",
    "f(**a, b)\n",
    "f(*a, b)\n",
    "f(1 for x in y, 2)\n",
    "f(x=1 for x in y)\n",
    "f(a.b=1)\n",
    "f(1=2)\n",
    "return 1\n",
    "yield 1\n",
    "break\n",
    "continue\n",
    "for x in y:\n    def f():\n        break\n",
    "def f():\n    return 1\n    yield 2\n",
    "def f():\n    x = 1\n    global x\n",
    "class C:\n    return 1\n",
    "try:\n    pass\n",
    "try:\n    pass\nelse:\n    pass\n",
    "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
    "else:\n    pass\n",
    "elif x:\n    pass\n",
    "x = 1 if 2\n",
    "x = [1 for]\n",
    "x = {1: }\n",
    "x = {1: 2, 3}\n",
    "x = {1, 2: 3}\n",
    "x = a.1\n",
    "x = a.\n",
    "x = 1.a\n",
    "import\n",
    "import a.\n",
    "from import a\n",
    "from a import\n",
    "from a import b,\n",
    "from a import (b\n",
    "from a import *, b\n",
    "import *\n",
    "import a as\n",
    "import a as b.c\n",
    "from __future__ import nothing\n",
    "x = 1\nfrom __future__ import division\n",
    "def f():\n    from __future__ import division\n",
    "assert\n",
    "del\n",
    "global\n",
    "print >>\n",
    "print >>f x\n",
    "exec\n",
    "exec 'x' in\n",
    "with a as: pass\n",
    "with: pass\n",
    "while: pass\n",
    "if: pass\n",
    "class: pass\n",
    "class C(: pass\n",
    "@\ndef f(): pass\n",
    "@dec\nx = 1\n",
    "@dec()()\ndef f(): pass\n",
    "lambda: yield\n",
    "x = lambda: (yield)\n",
    "x = `\n",
    "x = `1\n",
    "x = $\n",
    "x = ?\n",
    "x = 1 ! 2\n",
    "x = a !== b\n",
    "x = a === b\n",
    "x = a <>= b\n",
    "x = a => b\n",
    "x <> = 1\n",
    "\tx = 1\n",
    "if 1:\n  x = 1\n\ty = 2\n",
    "if 1:\n\tx = 1\n  \ty = 2\n",
    "x = 'a' 1\n",
    "x = 1 'a'\n",
    "x = [1 2]\n",
    "x = (1 2)\n",
    "f(1 2)\n",
    "f(a b)\n",
    "x = {'a' 1}\n",
    "x = 1\n  \n",
    "x = 1\n\x0c\ny = 2\n",
    "x = 1\r\ny = 2\r\n",
    "x = 1\ry = 2\r",
    "x = '\x00'\n",
    "\xef\xbb\xbfx = 1\n",
    "x = '\xc3\xa9'\n",
    "# \xc3\xa9\nx = 1\n",
    "x = u'\xc3\xa9'\n",
    "x = 1 \\\n",
    "x = 1 \\ 2\n",
    "\\\n",
    "x = (\n\n\n1)\n",
    "if x:\n\n\n    pass\n",
    "if x:\n    # c\n  # c\n    pass\n",
]


# --- Grammar-directed generation ------------------------------------------------------------

class Gen(object):
    """Small random programs over the constructs configs use, Python 2 and 3 mixed."""

    NAMES = ["a", "b", "x", "job", "task", "proc", "ports", "env", "i", "k", "v"]

    def __init__(self, seed):
        self.r = random.Random(seed)

    def choice(self, items):
        return self.r.choice(items)

    def name(self):
        return self.choice(self.NAMES)

    def atom(self, depth):
        r = self.r.random()
        if r < 0.3:
            return self.name()
        if r < 0.45:
            return self.pick(["0", "1", "42", "0777", "0x1f", "10L", "1.5", "1e3", ".5", "3j",
                              "0o7", "0b1"], ["1_0", "08"])
        if r < 0.6:
            return self.pick(["'s'", '"t"', "u'u'", "r'\\d'", "b'b'", "'''x'''",
                                "ur'x'", "'a' 'b'", "'%s' % x"], [])
        if r < 0.65:
            return self.pick(["None", "True", "False"], ["...", "f'x'"])
        if depth <= 0:
            return self.name()
        return self.compound(depth - 1)

    def compound(self, depth):
        k = self.r.randrange(14) if self.r.random() < 0.9 else self.r.randrange(16)
        e = lambda: self.expr(depth)
        if k == 0:
            return "[%s]" % ", ".join(e() for _ in range(self.r.randrange(4)))
        if k == 1:
            return "(%s,)" % e()
        if k == 2:
            return "{%s}" % ", ".join("%s: %s" % (e(), e()) for _ in range(self.r.randrange(3)))
        if k == 3:
            return "%s(%s)" % (self.name(), self.args(depth))
        if k == 4:
            return "%s.%s" % (self.atom(depth), self.name())
        if k == 5:
            return "%s[%s]" % (self.atom(depth), self.subscript(depth))
        if k == 6:
            return "[%s for %s in %s]" % (e(), self.name(), e())
        if k == 7:
            return "(%s for %s in %s if %s)" % (e(), self.name(), e(), e())
        if k == 8:
            return "lambda %s: %s" % (self.pick(["", "a", "a, b=1", "*a", "**k", "(a, b)"], ["*, a"]), e())
        if k == 9:
            return "%s if %s else %s" % (e(), e(), e())
        if k == 10:
            return "{%s}" % ", ".join(e() for _ in range(1 + self.r.randrange(3)))
        if k == 11:
            return "`%s`" % e()
        if k == 13:
            return "(%s)" % e()
        if k == 12:
            return "{%s for %s in %s}" % (e(), self.name(), e())
        if k == 14:
            return "*%s" % e()
        return "{**%s}" % e()

    def subscript(self, depth):
        return self.choice([
            self.expr(depth), "1:2", ":", "::2", "...", "..., 0", "%s:" % self.expr(depth),
            "a, b", "1:2, 3",
        ])

    def pick(self, valid, python3_only):
        """Mostly something Python 2.7 accepts; now and then something it does not."""
        if python3_only and self.r.random() < 0.08:
            return self.choice(python3_only)
        return self.choice(valid)

    def args(self, depth):
        parts = []
        for _ in range(self.r.randrange(4)):
            k = self.r.randrange(6)
            if k < 3:
                parts.append(self.expr(depth))
            elif k == 3:
                parts.append("%s=%s" % (self.name(), self.expr(depth)))
            elif k == 4:
                parts.append("*%s" % self.name())
            else:
                parts.append("**%s" % self.name())
        return ", ".join(parts)

    def expr(self, depth=2):
        r = self.r.random()
        if r < 0.55:
            return self.atom(depth)
        if r < 0.8:
            op = self.pick(["+", "-", "*", "/", "//", "%", "**", "<<", "|", "&", "^", "and",
                            "or", "<", "==", "!=", "<>", "in", "not in", "is", "is not",
                            ">="], ["@"])
            return "%s %s %s" % (self.atom(depth), op, self.atom(depth))
        if r < 0.9:
            return "%s%s" % (self.choice(["-", "+", "~", "not "]), self.atom(depth))
        return self.atom(depth)

    def target(self):
        return self.pick([self.name(), "%s.%s" % (self.name(), self.name()),
                          "%s[0]" % self.name(), "%s, %s" % (self.name(), self.name()),
                          "[%s, %s]" % (self.name(), self.name()),
                          "(%s, %s), %s" % (self.name(), self.name(), self.name())],
                         ["*%s, %s" % (self.name(), self.name())])

    def simple(self):
        k = self.r.randrange(14)
        if k < 4:
            return "%s = %s" % (self.target(), self.expr())
        if k == 4:
            return "%s %s= %s" % (self.name(), self.pick(["+", "-", "*", "/", "|"], ["@"]), self.expr())
        if k == 5:
            return self.pick(["print %s" % self.expr(), "print %s," % self.expr(),
                              "print(%s)" % self.expr(), "print >>x, %s" % self.expr(),
                              "print"], ["print(%s, end='')" % self.expr()])
        if k == 6:
            return "%s(%s)" % (self.name(), self.args(2))
        if k == 7:
            return self.pick(["pass", "del %s" % self.target(), "assert %s" % self.expr(),
                              "global %s" % self.name()], ["nonlocal %s" % self.name()])
        if k == 8:
            return self.choice(["import os", "import os.path as p", "from os import path",
                                "from . import x", "from os import *", "import json, sys"])
        if k == 9:
            return self.pick(["raise", "raise %s" % self.expr(), "raise X, 'y'"],
                             ["raise X from Y"])
        if k == 10:
            return self.choice(["exec %s" % self.expr(), "exec 'x' in d"])
        if k == 11:
            return "return %s" % self.expr()
        if k == 12 and self.r.random() < 0.1:
            return "x: int = %s" % self.expr()
        return self.expr()

    def block(self, indent, depth):
        lines = []
        for _ in range(1 + self.r.randrange(3)):
            lines.extend(self.statement(indent, depth))
        return lines

    def statement(self, indent, depth):
        pad = "    " * indent
        if depth <= 0 or self.r.random() < 0.6:
            return [pad + self.simple()]
        k = self.r.randrange(8)
        if k == 0:
            head = "if %s:" % self.expr()
        elif k == 1:
            head = "for %s in %s:" % (self.target(), self.expr())
        elif k == 2:
            head = "def %s(%s):" % (self.name(), self.pick(
                ["", "a", "a, b=1", "*args, **kw", "(a, b)", "a, (b, c)=(1, 2)"],
                ["a, *, b", "a: int", "a=1, b"]))
        elif k == 3:
            head = "class %s(%s):" % (self.name().title(), self.choice(["", "object", "A, B"]))
        elif k == 4:
            head = "while %s:" % self.expr()
        elif k == 5:
            head = "with %s as %s:" % (self.expr(), self.name())
        elif k == 6:
            body = self.block(indent + 1, depth - 1)
            handler = self.choice(["except:", "except E:", "except E, e:", "except E as e:",
                                   "except (A, B), e:", "finally:"])
            return [pad + "try:"] + body + [pad + handler] + self.block(indent + 1, depth - 1)
        else:
            head = "@%s\ndef f():" % self.name()
            head = head.replace("\n", "\n" + pad)
        return [pad + head] + self.block(indent + 1, depth - 1)

    def program(self):
        lines = []
        for _ in range(1 + self.r.randrange(4)):
            lines.extend(self.statement(0, 2))
        return "\n".join(lines) + "\n"

    def mutate(self, text):
        """One small edit: drop, duplicate or insert a character or a token."""
        if not text:
            return text
        i = self.r.randrange(len(text))
        k = self.r.randrange(5)
        if k == 0:
            return text[:i] + text[i + 1:]
        if k == 1:
            return text[:i] + text[i] + text[i:]
        if k == 2:
            return text[:i] + self.choice(["(", ")", ":", ",", " ", "\n", "    ", "\t", "'",
                                           "=", "[", "]", "*", "**", "."]) + text[i:]
        if k == 3:
            j = text.find("\n", i)
            return text[:i] + text[j:] if j > 0 else text
        return text[:i] + " " + text[i:]


# --- Semantics cases ------------------------------------------------------------------------

SEMANTICS_CASES = [
    "print 7 / 2, -7 / 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 7.0 / 2, 2 ** -1\n",
    "print 1 / 3.0, 2.0 / 3, 1e16, 1e-5, 0.1 + 0.2, 1e22, 123456789012.0, 1.0\n",
    "print repr(1 / 3.0), repr(0.1 + 0.2), repr(1e16), repr(1e-5), repr(1.0), repr(1e22)\n",
    "print str(1.0/3), str(100.0), str(1e15), str(1e16), str(123456789.123456789)\n",
    "print 2 ** 62, 2 ** 63, 2 ** 64, -2 ** 63, 10 ** 20, repr(10 ** 20), repr(10L), type(2 ** 63)\n",
    "print round(2.5), round(-2.5), round(0.125, 2), round(1234.5, -1), round(1.5), round(2.675, 2)\n",
    "print int(3.7), int(-3.7), long(3), float('1e3'), int('  42 '), int('101', 2), int('ff', 16), int('0x1f', 16)\n",
    "print hex(255), oct(8), hex(-1), oct(0), bin(5), hex(10L), oct(10L)\n",
    "print divmod(7, -2), divmod(-7.5, 2), abs(-3), abs(-2.5), pow(2, 10), pow(2, 10, 7)\n",
    "print sorted([3, 'a', 1.5, None, (1,), [2], {'k': 1}, u'b', True])\n",
    "print 1 < 'a', None < 0, [] < (), {} < [], 'a' < u'b', (1, 2) < (1, 3)\n",
    "print min(3, 1, 2), max('abc'), min([1, 2], [1]), max(1, 1.0), max(1.0, 1)\n",
    "print '%s %r %d %5.2f %-5s| %05d %x %X %o %e %g %%' % ('s', 's', 3, 3.14159, 'ab', 42, 255, 255, 8, 12345.678, 0.0001)\n",
    "print '%(a)s %(b)d' % {'a': 1, 'b': 2}, '%c' % 65, '%s' % (1,), '%s' % [1, 2], '%.3s' % 'abcdef'\n",
    "print '{} {}'.format(1, 2), '{0} {1} {0}'.format('a', 'b'), '{:>5}|{:<5}|{:^5}|'.format(1, 2, 3), '{:.2f}'.format(3.14159)\n",
    "print '{a[0]} {b.real}'.format(a=[1], b=2), '{!r}'.format('x'), '{:,}'.format(1234567), '{:08.3f}'.format(3.14159)\n",
    "print repr('a\\'b\"c'), repr(\"it's\"), repr('\\n\\t\\x00\\xff'), repr(u'\\u00e9'), repr(u'abc'), str(u'abc')\n",
    "print 'abc'.upper(), 'A B  C'.split(), 'a,b,,c'.split(','), 'a b c'.split(None, 1), '  x '.strip(), 'abc'.title()\n",
    "print 'x'.join(['a', 'b']), 'abc'.replace('b', 'B'), 'abc'.find('c'), 'abc'.startswith(('x', 'a')), 'a\\nb'.splitlines()\n",
    "print 'abcdef'[1:4], 'abcdef'[::-1], 'abcdef'[-2:], [1, 2, 3][::2], range(10)[2:8:3], 'abc'[5:]\n",
    "print range(5), range(1, 10, 3), range(10, 0, -2), list(xrange(3)), len(range(0)), zip('ab', [1, 2, 3])\n",
    "print map(None, [1, 2]), map(str, [1, 2]), filter(None, [0, 1, '', 'a']), reduce(lambda a, b: a * b, [1, 2, 3])\n",
    "print enumerate, list(enumerate('ab')), sum([1, 2.5]), any([]), all([]), sorted('bca', reverse=True)\n",
    "print sorted([(1, 'b'), (1, 'a'), (0, 'z')]), sorted(['b', 'A', 'a'], key=str.lower), sorted([3, 1, 2], cmp=lambda a, b: b - a)\n",
    "x = [3, 1, 2]\nx.sort()\nprint x, x.index(2), x.count(1), list(reversed(x)), x * 2, [0] * 3\n",
    "print isinstance(1, int), isinstance(1L, long), isinstance('a', basestring), isinstance(u'a', str), type(1) is int, type('a')\n",
    "print str(None), repr(None), str(True), True + 1, True == 1, bool([]), bool('0'), not None\n",
    "print 'a' * 3, [1] + [2], (1,) + (2,), 'a' in 'abc', 2 in [1, 2], 'k' in {'k': 1}\n",
    "print chr(65), ord('A'), unichr(233), ord(u'\\u00e9'), len(u'\\u00e9'), len('\\xc3\\xa9')\n",
    "print 1 if [] else 2, [] or 'default', 0 and 1, 'a' and 'b', None or 0\n",
    "def f(a, b=2, *args, **kw):\n    return a, b, args, kw\nprint f(1), f(1, 3, 4, 5), f(1, x=1), f(b=1, a=2)\n",
    "def f(**kw):\n    print kw\nf(a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8, i=9, j=10)\n",
    "def f(**kw):\n    print kw\nf(zeta=1, alpha=2, mid=3, beta=4, omega=5, gamma=6)\n",
    "def f(**kw):\n    return kw\nd = {'name': 1, 'cmdline': 2, 'daemon': 3, 'ephemeral': 4, 'max_failures': 5, 'min_duration': 6, 'final': 7}\nprint f(**d)\nprint f(x=0, **d)\n",
    "class C(object):\n    def __init__(self, **kw):\n        print kw\nC(zeta=1, alpha=2, mid=3, beta=4, omega=5, gamma=6, delta=7, epsilon=8, eta=9)\n",
    "class C(object):\n    def m(self, **kw):\n        print kw\nC().m(zeta=1, alpha=2, mid=3, beta=4, omega=5, gamma=6, delta=7, epsilon=8, eta=9)\n",
    "print dict(zeta=1, alpha=2, mid=3, beta=4, omega=5, gamma=6, delta=7, epsilon=8, eta=9)\n",
    "d = {}\nd.update(zeta=1, alpha=2, mid=3, beta=4, omega=5, gamma=6, delta=7, epsilon=8, eta=9)\nprint d\n",
    "def f(a, b):\n    pass\ntry:\n    f(1, a=2)\nexcept TypeError as e:\n    print e\ntry:\n    f(1, 2, 3)\nexcept TypeError as e:\n    print e\ntry:\n    f(c=1)\nexcept TypeError as e:\n    print e\n",
    "def f(**kw):\n    pass\ntry:\n    f(a=1, **{'a': 2})\nexcept TypeError as e:\n    print e\n",
    "try:\n    dict(a=1, **{'a': 2})\nexcept TypeError as e:\n    print e\n",
    "import json\nprint json.dumps({'b': 1, 'a': [1, 2.5, None, True], 'c': {'z': 1, 'y': 2}})\nprint json.dumps([1, 'x'], indent=2)\nprint json.dumps({'a': 1}, sort_keys=True, indent=4, separators=(',', ': '))\n",
    "import json\nd = json.loads('{\"z\": 1, \"y\": [1, 2.0, \"s\", null, true], \"x\": {\"b\": 1, \"a\": 2}}')\nprint d\nprint json.dumps(d)\n",
    "import json\nprint json.dumps(u'\\u00e9'), json.dumps('\\xc3\\xa9'), json.dumps(1e16), json.dumps(0.1), json.dumps(10 ** 20)\n",
    "import os.path\nprint os.path.join('a', 'b', '/c'), os.path.basename('/x/y.txt'), os.path.splitext('a.tar.gz'), os.path.dirname('/a/b')\n",
    "x = 0\nfor i in range(10):\n    if i % 2:\n        continue\n    if i > 6:\n        break\n    x += i\nelse:\n    x = -1\nprint x\n",
    "i = 0\nwhile i < 5:\n    i += 1\nelse:\n    i *= 10\nprint i\n",
    "try:\n    raise ValueError('x')\nexcept (TypeError, ValueError) as e:\n    print 'caught', e, repr(e), e.args\nfinally:\n    print 'done'\n",
    "try:\n    {}['k']\nexcept KeyError as e:\n    print repr(e), str(e)\ntry:\n    [][1]\nexcept IndexError as e:\n    print e\n",
    "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print e\ntry:\n    1.0 / 0\nexcept ZeroDivisionError as e:\n    print e\ntry:\n    1 % 0\nexcept ZeroDivisionError as e:\n    print e\n",
    "try:\n    undefined\nexcept NameError as e:\n    print e\ntry:\n    None.x\nexcept AttributeError as e:\n    print e\ntry:\n    'a' + 1\nexcept TypeError as e:\n    print e\n",
    "try:\n    int('x')\nexcept ValueError as e:\n    print e\ntry:\n    float('x')\nexcept ValueError as e:\n    print e\ntry:\n    [1].remove(2)\nexcept ValueError as e:\n    print e\n",
    "class A(object):\n    x = 1\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v + self.x\n    def __repr__(self):\n        return 'A(%r)' % self.v\nclass B(A):\n    x = 10\nprint A(1).get(), B(1).get(), [A(2)], isinstance(B(0), A)\n",
    "class A:\n    pass\na = A()\na.x = 1\nprint a.x, hasattr(a, 'y'), getattr(a, 'y', 2)\n",
    "x = [i * j for i in range(3) for j in range(3) if i != j]\nprint x, {i: i * i for i in range(4)}, sorted({i % 3 for i in range(10)})\n",
    "print [(lambda x: x * 2)(i) for i in range(3)], (lambda *a, **k: (a, k))(1, b=2)\n",
    "def make():\n    fs = []\n    for i in range(3):\n        fs.append(lambda: i)\n    return [f() for f in fs]\nprint make()\n",
    "x = 1\ndef f():\n    global x\n    x = 2\nf()\nprint x\n",
    "a, (b, c), d = 1, (2, 3), [4]\nprint a, b, c, d\n",
    "print u'a' + 'b', type(u'a' + 'b'), 'a' == u'a', str(u'x'), unicode('x'), u'%s' % 'a'\n",
    "print 'abc' < 'abd', [1, 2] == [1, 2], (1, 2) == [1, 2], 1 == 1.0, {1: 2} == {1.0: 2}\n",
    "print hash('abc'), hash(1), hash(1.5), hash((1, 'a')), hash(u'abc'), hash(-1), hash(2 ** 64)\n",
    "print 'a\\tb'.expandtabs(), 'abc'.center(9, '*'), 'abc'.ljust(5) + '|', 'abc'.zfill(6), '-12'.zfill(5)\n",
    "print '%s' % 1.0, '%s' % 0.1, '%r' % 0.1, '%s' % 1e16, '%.1f' % 0.05, '%.0f' % 0.5, '%.0f' % 1.5, '%d' % 3.9\n",
    "print str(1e100), str(1.5e-7), repr(1.5e-7), str(-0.0), repr(float('inf')), str(float('nan')), 1e308 * 10\n",
    "print 3 * 0.1, 0.1 * 3, 1.1 * 1.1, 2.0 ** 0.5, 10 / 3.0, float(10 ** 17), float(2 ** 53 + 1)\n",
    "import math\nprint math.floor(2.5), math.ceil(2.1), math.sqrt(2), math.pi, math.log(100, 10), math.pow(2, 3)\n",
    "x = {'a': 1}\nx.setdefault('b', []).append(1)\nprint x, x.get('c'), x.items(), x.keys(), x.values()\n",
    "print sorted({'b': 1, 'a': 2}.items(), key=lambda kv: kv[1]), sorted({'b': 1, 'a': 2})\n",
    "import collections\nd = collections.defaultdict(list)\nd['x'].append(1)\nd['a'].append(2)\nprint dict(d), d['x'], sorted(d)\n",
    "import collections\no = collections.OrderedDict()\no['z'] = 1\no['a'] = 2\nprint o, o.keys(), dict(o), list(o)\n",
    "import collections\no = collections.OrderedDict(zeta=1, alpha=2, mid=3, beta=4, omega=5, gamma=6)\nprint o.keys()\n",
    "print '%s' % {'b': 1, 'a': 2}, str({'name': 'x', 'cmdline': 'y', 'daemon': False}), repr(set(['b', 'a', 'c']))\n",
    "s = 'hello world'\nprint s.count('o'), s.index('w'), s.rfind('o'), s.partition(' '), s.rsplit(' ', 1), s.swapcase(), s.capitalize()\n",
    "print 'a%sb' % '', '%5s|%-5s|' % ('ab', 'cd'), '%+d %+d' % (1, -1), '% d' % 5, '%#x %#o' % (255, 8)\n",
    "print [1, 2, 3][-1], [1, 2, 3][-3:-1], (1, 2, 3)[1:], 'abc'[-1], list('abc'), tuple([1, 2])\n",
    "x = [1, 2, 3, 4]\ndel x[1]\ndel x[-1:]\nprint x\nx[0:1] = [9, 9]\nprint x\nx.insert(0, 'a')\nx.extend('bc')\nprint x, x.pop(), x.pop(0), x\n",
    "print cmp(1, 2), cmp('b', 'a'), cmp([1], [1]), cmp(None, 0)\n",
    "print 10 ** -2, 2 ** 0.5, (-8) ** (1.0 / 3) if False else 0, 0 ** 0, 5 % -3, -5 % 3, 5.5 % 2\n",
    "print 1 << 70, 2 ** 100 // 3, (2 ** 100) % 7, -(2 ** 70), abs(-(2 ** 70)), 2 ** 100 / 2 ** 98\n",
    "print int('123456789012345678901234567890'), long('12'), repr(long('12')), str(long('12')), 12L * 2\n",
    "print '%s %s' % (u'\\u00e9', 'x'), repr(u'\\u00e9' + u'x'), u'\\u00e9'.encode('utf-8') == '\\xc3\\xa9'\n",
    "print 'A'.lower(), 'abc'.isalpha(), '123'.isdigit(), ' '.isspace(), 'Ab'.islower(), 'AB'.isupper()\n",
    "print list(reversed([1, 2, 3])), list(sorted(set([3, 1, 2]))), dict([(1, 2), (3, 4)]), dict(zip('ab', 'cd'))\n",
    "import itertools\nprint list(itertools.chain([1], [2])), list(itertools.product('ab', repeat=2)), list(itertools.combinations(range(4), 2))\n",
    "import string\nprint string.ascii_lowercase, string.digits, string.Template('$a-${b}').substitute(a=1, b=2)\n",
    "x = 5\nx += 2\nx -= 1\nx *= 3\nx /= 4\nx //= 1\nx **= 2\nx %= 7\nx <<= 3\nx >>= 1\nx |= 1\nx &= 6\nx ^= 3\nprint x\n",
    "print 'done'; print 'twice'\n",
    "print 'a',\nprint 'b',\nprint\nprint 'c'\n",
    "print 1, 'a', None, 1.0, [1], (1,), {1: 'a'}, u'u', 2 ** 70\n",
    "print(1, 2)\nprint()\nprint('x')\n",
    "import sys\nprint >>sys.stdout, 'to stdout'\nsys.stdout.write('written\\n')\n",
    "print '\\n'.join('%d: %s' % (i, c) for i, c in enumerate('ab'))\n",
    "assert 1 == 1, 'no'\ntry:\n    assert 1 == 2, 'message'\nexcept AssertionError as e:\n    print 'assert:', e\n",
    "x = [[0] * 2] * 2\nx[0][0] = 1\nprint x\n",
    "print [x for x in 'abc' if x != 'b'], [(x, y) for x in 'ab' for y in 'cd']\n",
    "print filter(lambda c: c in 'aeiou', 'education'), map(lambda x, y: x + y, [1, 2], [3, 4])\n",
    "print str([1, 'a', u'b', 1.5, None]), repr((1,)), repr(()), str(()), repr([]), repr({})\n",
    "print 'a' 'b' 'c', 'a' + 'b' * 2, 'abc' > 'ab', 'B' < 'a'\n",
    "def gen():\n    return (i * i for i in range(4))\nprint list(gen()), sum(gen()), max(gen())\n",
    "print getattr(str, 'upper')('x'), str.join(',', ['a', 'b']), str.split('a b')\n",
    "import textwrap\nprint repr(textwrap.dedent('''\n    a\n      b\n    ''')), textwrap.fill('a b c d e f', 5)\n",
    "import copy\na = {'k': [1]}\nb = copy.deepcopy(a)\nb['k'].append(2)\nc = copy.copy(a)\nprint a, b, c is a, c == a\n",
    "import hashlib\nprint hashlib.md5('abc').hexdigest()\n",
    "print sorted({'x': 1, 'y': 2}.iteritems()), list({'a': 1}.iterkeys()), list({'a': 1}.itervalues())\n",
    "print {'a': 1}.has_key('a'), dict.fromkeys('abc'), dict.fromkeys(['x', 'y'], 0)\n",
    "print len({}), len({'a': 1, 'b': 2}), {'a': 1}.pop('a'), {'a': 1}.pop('b', 'default')\n",
    "print ''.join(reversed('abc')), 'abc'[::-1], ','.join(map(str, range(3)))\n",
    "x = 'global'\ndef outer():\n    x = 'outer'\n    def inner():\n        return x\n    return inner()\nprint outer(), x\n",
    "print type(1 / 2), type(1.0 / 2), type(2 ** 64), type(u''), type(None), type([]), type(type)\n",
    "print int, str, list, dict, type(1), object, len\n",
    "def f(): pass\nclass C(object): pass\nprint f.__name__, C.__name__, C().__class__.__name__\n",
    "print 0.1, 0.25, 1.0 / 7, 1234567.891, 0.000123, 123456789012345678.0, -1.5e-10\n",
    "print [str(x) for x in (1e15, 1e16, 1.23456789012e15, 9999999999999998.0, 0.1 ** 5)]\n",
    "print [repr(x) for x in (1e15, 1e16, 1.23456789012e15, 9999999999999998.0, 0.1 ** 5)]\n",
    "print '%s|%s|%s' % (1e-4, 1e-5, 12345678901.0), '%g|%g|%g' % (1e-4, 1e-5, 12345678901.0)\n",
    "print '{}'.format(1.0), '{}'.format(0.1), '{}'.format(1e16), '{0!s}'.format(1.0 / 3), '{:g}'.format(1e-5)\n",
    "print 'x'.format(), '{{}}'.format(), '{0:{1}}'.format('a', 3), '{:*^7}'.format('ab')\n",
    "print 'ab' * 0, [1] * -1, 'abc'.split('b', 0), 'a'.rjust(3, '0')\n",
    "print True and 'x', False or [], not [], [] == False, 0 == False, '' == False\n",
    "print 3 < 4 > 2, 1 < 2 < 1, 'a' < 'b' < 'c', 1 == 1 != 2\n",
    "print u'ü'.upper(), u'ß'.upper(), 'ü'.upper(), len('ü'), len(u'ü')\n",
    "x = 'é'\nprint x, repr(x), len(x), x.decode('utf-8') == u'\\xe9'\n",
    "print repr(u'\\U0001F600'), len(u'\\U0001F600'), repr('\\u00e9'), repr(r'\\n')\n",
    "import os\nprint os.sep, os.path.sep, os.getcwd() == os.getcwd(), os.path.join('a', '')\n",
    "print basestring, isinstance('', (int, str)), issubclass(bool, int), callable(len), callable(1)\n",
    "print zip(), zip([1]), zip([1, 2], [3]), dict(a=1).items()\n",
    "print sum([[1], [2]], []), sum((1.5, 2)), sum([]), max([], key=len) if False else 'skip'\n",
    "print id(None) == id(None), None is None, [] is [], 'a' is 'a'\n",
    "print 5 // 2.0, -5 // 2.0, 5.0 % -2, divmod(5.0, 2), 2 ** 3 ** 2, (-2) ** 2, -2 ** 2\n",
    "print 1e300 * 1e300, -1e300 * 1e300, float('inf') - float('inf') != 0, 1e-320\n",
    "print int(1e20), long(1.5), int(-0.5), int('-0'), int(True), float(True), complex(1, 2) if False else 'nc'\n",
    "print '%.2e' % 12345.6789, '%E' % 0.5, '%.3g' % 1234567, '%10.4f|' % 3.14159, '%-10.2f|' % 2.5\n",
    "print '%i' % 42, '%u' % 42, '%s %s' % ('a', 'b'), '%%', '%5%' if False else '', '%(x)s' % {'x': [1]}\n",
    "x = range(5)\nprint x[1:3], x[:-1], x[::-2], x[10:], x[-10:2]\n",
    "import sys\nprint sys.maxint, -sys.maxint - 1, type(sys.maxint + 1), sys.version_info[0]\n",
]


# What configs compute most: `%` and `.format`, dict and list methods, numbers and their
# repr, sorting with keys, str methods. One small program per topic, so that a difference
# points at one thing.
CONFIG_SEMANTICS_CASES = [
    # `%` formatting
    "print '%s-%s' % ('a', 1), '%r' % 'x', '%r' % u'x', '%s' % (1,), '%s' % [1, 'a'], '%s' % None\n",
    "print '%05d|%-5d|%5d|%x|%X|%o' % (42, 42, 42, 255, 255, 8), '%c%c' % (65, 'b')\n",
    "print '%.3s|%10.3s|%-6s|' % ('abcdef', 'abcdef', 'ab'), '%*d|%-*d|' % (5, 1, 4, 2)\n",
    "print '%(a)s/%(b)05.1f' % {'a': 'x', 'b': 2.25}, '%(n)d%%' % {'n': 50}\n",
    "print '%f %F %.2f %.10f' % (1.5, 2.5, 2.675, 1.0 / 3), '%e' % 123.456, '%g %g %g' % (100000, 1000000, 0.0001)\n",
    "print '%d %d %d' % (True, 3.99, -3.99), '%s' % True, '%d' % 10 ** 20, '%x' % 10 ** 20, '%.2f' % 10 ** 20\n",
    "print '%s %s' % (1.0, 10.0 ** 16), '%r %r' % (1.1, 2.0 ** 70), '%s' % 1.23456789012345, '%s' % 123456789.0\n",
    "try:\n    print '%d' % 'x'\nexcept TypeError as e:\n    print e\ntry:\n    print '%s %s' % ('a',)\nexcept TypeError as e:\n    print e\ntry:\n    print '%s' % ('a', 'b')\nexcept TypeError as e:\n    print e\n",
    "try:\n    print '%(a)s' % {}\nexcept KeyError as e:\n    print repr(e)\ntry:\n    print '%z' % 1\nexcept ValueError as e:\n    print e\ntry:\n    print '%(a)s %s' % {'a': 1}\nexcept TypeError as e:\n    print e\n",
    "print '%s' % u'\\xe9' == u'\\xe9', type('%s' % u'a'), type(u'%s' % 'a'), '%-+5d|' % 3, '%+.1e' % -0.00012\n",
    "print '%5.1f%%' % 99.44, '%.0f %.0f %.0f %.0f' % (0.5, 1.5, 2.5, -0.5), '%.3g|%#.3g' % (1.0, 1.0)\n",
    # `.format`
    "print '{0}-{1}-{0}'.format('a', 'b'), '{name}:{port}'.format(name='h', port=80), '{} {}'.format(1, 2)\n",
    "print '{:>6}|{:<6}|{:^6}|{:06.2f}|{:+d}|{:,}'.format('ab', 'cd', 'ef', 3.14159, 5, 1234567)\n",
    "print '{0[0]} {0[k]} {1.real}'.format({0: 'zero', 'k': 'v'}, 3), '{!r} {!s}'.format('a', u'b')\n",
    "print '{:x} {:X} {:o} {:b} {:#x} {:#b} {:08b}'.format(255, 255, 8, 5, 255, 5, 5)\n",
    "print '{:e} {:.2e} {:g} {:.3g} {:%} {:.1%}'.format(1234.5, 1234.5, 0.00001, 1234567, 0.5, 0.125)\n",
    "print '{} {} {}'.format(1.0, 1e16, 0.1 + 0.2), '{:f}'.format(1e16), '{:.2f}'.format(2.675), '{:10}|'.format(1.5)\n",
    "print '{:s}'.format('x'), '{:d}'.format(True), '{:5}|{:<5}|'.format(12, 12), '{:=+6d}'.format(42), '{:c}'.format(65)\n",
    "try:\n    '{} {}'.format(1)\nexcept IndexError as e:\n    print e\ntry:\n    '{a}'.format(b=1)\nexcept KeyError as e:\n    print repr(e)\ntry:\n    '{0} {}'.format(1, 2)\nexcept ValueError as e:\n    print e\n",
    "try:\n    '{:d}'.format('x')\nexcept ValueError as e:\n    print e\ntry:\n    '{:s}'.format(1)\nexcept ValueError as e:\n    print e\ntry:\n    '{'.format(1)\nexcept ValueError as e:\n    print e\n",
    "print u'{}'.format('a'), type(u'{}'.format('a')), type('{}'.format(u'a')), format(3.5), format(42, '05'), format('a', '>3')\n",
    "print '{0:{1}.{2}f}'.format(3.14159, 8, 2), '{:{}}'.format('x', 4) + '|', '{a[1]}'.format(a=[5, 6])\n",
    # dict methods
    "d = {'a': 1, 'b': 2}\nprint d.get('a'), d.get('z', 0), d.pop('a'), d, d.setdefault('c', 3), d, 'b' in d, d.has_key('z')\n",
    "d = {'x': 1}\nd.update({'y': 2}, z=3)\nd.update([('w', 4)])\nprint sorted(d.items()), len(d), sorted(d), sorted(d.values())\n",
    "d = dict(a=1)\ne = d.copy()\ne['b'] = 2\nprint d, e, d == e, dict(e, c=3) == {'a': 1, 'b': 2, 'c': 3}, d.popitem(), d\n",
    "d = {}\ntry:\n    d['missing']\nexcept KeyError as e:\n    print 'KeyError', e\ntry:\n    d.pop('missing')\nexcept KeyError as e:\n    print 'KeyError', e\ntry:\n    {}.popitem()\nexcept KeyError as e:\n    print 'KeyError', e\n",
    "d = {1: 'a', 2: 'b'}\ndel d[1]\nprint d, d.clear(), d, dict.fromkeys([1, 2], []), {(1, 2): 'tuple key'}[1, 2]\n",
    "print dict(zip(['b', 'a'], [1, 2])), {'k%d' % i: i for i in range(3)}, dict([['x', 1]])\n",
    "d = {'env': 'prod', 'cluster': 'west', 'role': 'www', 'name': 'hello', 'instances': 3}\nprint d\nprint d.keys()\nprint [k for k in d]\n",
    # list methods
    "x = [3, 1, 2]\nx.sort()\ny = sorted(x, reverse=True)\nx.reverse()\nprint x, y, x.index(2), x.count(3), x + [4], x * 2, 2 in x\n",
    "x = ['b', 'A', 'c']\nx.sort(key=str.lower)\nprint x, sorted(x), sorted(x, key=lambda s: s.lower(), reverse=True)\n",
    "x = [1, 2, 3]\nx.append([4])\nx.extend((5, 6))\nx.insert(-1, 'i')\nx.remove(2)\nprint x, x.pop(), x.pop(1), x, len(x)\n",
    "x = range(10)\nprint x[2:8:2], x[::3], x[-3:], x[:0], x[5:2], x[::-1][:3]\nx[1:3] = []\nx[::2] = 'abcd'\nprint x\n",
    "try:\n    [].pop()\nexcept IndexError as e:\n    print e\ntry:\n    [1].index(2)\nexcept ValueError as e:\n    print e\ntry:\n    x = [1]\n    x[5]\nexcept IndexError as e:\n    print e\n",
    "print [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [[]] * 2, list((1, 2)), [1, [2, [3]]], [None, True, 1.5, 'x', u'y']\n",
    "print sorted([3, 1, 2], cmp=lambda a, b: cmp(b, a)), sorted([(2, 'b'), (1, 'z'), (2, 'a')], key=lambda t: t[0])\n",
    # sorted / min / max with key
    "print min([3, 1, 2]), max('abc'), min([(1, 'b'), (1, 'a')]), max([1, 2], key=lambda v: -v), min('ccc', 'a', 'bb', key=len)\n",
    "print max({'a': 3, 'b': 1}, key={'a': 3, 'b': 1}.get), min([[1, 2], [0, 9]]), max(1, 2.0), max(2.0, 2), min(0, False)\n",
    "try:\n    min([])\nexcept ValueError as e:\n    print e\ntry:\n    max()\nexcept TypeError as e:\n    print e\n",
    "print sorted(['b10', 'a2', 'b9'], key=lambda s: (s[0], int(s[1:]))), sorted([u'b', 'a', u'c']), sorted([2, 1.5, 1L])\n",
    "print sorted([None, 1, 'a', (1,), [1], {}, 1.5]), sorted([True, 0, -1, False])\n",
    # numbers
    "print 7 / 2, -7 / 2, 7 // -2, 7 % -2, -7 % 2, 7.0 / 2, 2 ** -1, 2 ** 62, 2 ** 63, -2 ** 63, type(-2 ** 63)\n",
    "import sys\nprint sys.maxint + 1, -sys.maxint - 1, type(-sys.maxint - 1), sys.maxint * 2, sys.maxint // -1, abs(-sys.maxint - 1)\n",
    "print 10L, repr(10L), 10L / 3, 10L // 3.0, type(10L + 1), 2 ** 64 - 2 ** 64, type(2 ** 64 - 2 ** 64), long(2.5e20)\n",
    "print int('  42  '), int('-17'), int('ff', 16), int('0x1f', 16), int('0777', 8), int('101', 2), int('z', 36), int(3.99), int(-3.99)\n",
    "print float('1.5'), float(' -2 '), float('1e3'), float('inf'), float('-inf'), float(1), float(10 ** 20), float('0.1')\n",
    "print round(2.5), round(-2.5), round(0.125, 2), round(1234.5, -2), round(1.5), round(2.675, 2), round(7), type(round(7))\n",
    "print abs(-3), abs(-3.5), divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), pow(2, 10), pow(2, 10, 1000), pow(2.0, 3)\n",
    "print hex(255), hex(-1), oct(8), oct(0), bin(5), bin(-5), hex(2 ** 64), oct(2 ** 64)\n",
    "print 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100.0, 1e22, 1e21, 123456789012.0, 0.00001, 1.0e-4, 3.0 * 1.1\n",
    "print repr(0.1 + 0.2), repr(1.0 / 3), repr(100.0), repr(1e22), repr(1e21), repr(123456789012.0), repr(2.0 ** 0.5)\n",
    "print 1 == 1.0, 1 is 1, 2 ** 0.5 == 2 ** 0.5, 0.1 + 0.2 == 0.3, float('nan') == float('nan'), 10 ** 20 == 1e20\n",
    "print 3 & 5, 3 | 5, 3 ^ 5, ~5, 1 << 3, -16 >> 2, 2 ** 100 >> 90, True + True, True * 3, -True\n",
    "try:\n    1 // 0\nexcept ZeroDivisionError as e:\n    print e\ntry:\n    1.5 // 0\nexcept ZeroDivisionError as e:\n    print e\ntry:\n    int('1.5')\nexcept ValueError as e:\n    print e\ntry:\n    2 ** -1 % 0\nexcept ZeroDivisionError as e:\n    print e\n",
    "print int('10', 0) if False else 0, 1e3 == 1000, 5 / 2.5, 2 ** 0.5 * 2 ** 0.5, 1 - 0.9, 4.35 * 100, 0.5 + 1e16\n",
    "print str(1.0), str(2.5e-5), str(12345678901234567890.0), str(1.1), str(0.3), str(1e16), str(-1e-7), str(5e-324)\n",
    "print 10 / 4, 10 / 4.0, 10 % 3.5, -10 // 3, -10 % 3, 10 ** 20 / 10 ** 19, 10 ** 20 % 7, (10 ** 20) ** 2\n",
    # str methods
    "s = '  Hello, World  '\nprint s.strip(), s.lstrip(), s.rstrip(), s.strip(' Hd'), s.lower(), s.upper(), s.title(), s.split(','), s.replace('l', 'L', 2)\n",
    "print 'a,b,,c'.split(','), 'a b  c'.split(), 'a b c'.split(' ', 1), 'a\\nb\\r\\nc'.splitlines(), 'a\\nb\\n'.splitlines(True), ''.split(','), ''.split()\n",
    "print 'abc'.startswith('a'), 'abc'.startswith(('x', 'ab')), 'abc'.endswith('bc'), 'abc'.find('z'), 'abcabc'.rindex('b'), 'abc'.find('c', 1, 2)\n",
    "print '-'.join(['a', 'b']), ''.join([]), ', '.join(str(i) for i in range(3)), 'x'.join('abc'), u'-'.join(['a', 'b'])\n",
    "print 'hello world foo'.title(), 'hello'.capitalize(), 'HeLLo'.swapcase(), 'ab12'.isalnum(), ''.isdigit(), 'Ab Cd'.istitle()\n",
    "print 'a-b-c'.rsplit('-', 1), 'a-b-c'.partition('-'), 'a-b-c'.rpartition('-'), 'abc'.partition('z'), 'aaa'.count('aa'), 'aaa'.replace('a', '')\n",
    "print repr('ab'.center(7)), repr('ab'.center(6, '-')), repr('abc'.ljust(2)), repr('7'.zfill(3)), repr('+7'.zfill(4)), repr('x'.rjust(4, '.'))\n",
    "print 'abc'.translate(None, 'b') if False else 'skip', 'a\\tb\\tc'.expandtabs(4), 'ab' in 'cabd', 'abc'.index('c'), 'abc' * 2, 'AbC'.lower()\n",
    "print 'x=%s' % 'abc'.upper(), str(42).rjust(5, '0'), 'path/to/file.txt'.rsplit('/', 1)[-1], 'a.b.c'.split('.', -1), 'abc'[1:].upper()\n",
    "try:\n    'abc'.index('z')\nexcept ValueError as e:\n    print e\ntry:\n    'a'.join([1])\nexcept TypeError as e:\n    print e\ntry:\n    'abc'[5]\nexcept IndexError as e:\n    print e\n",
    "print 'a' + str(1) + repr(2L) + str(None), str(u'abc'), unicode(5), 'abc'.encode('utf-8'), u'abc'.encode('ascii'), 'x'.decode('ascii')\n",
    "print ' a b '.split(' '), 'a  b'.split(' '), '1,2;3'.replace(';', ',').split(','), 'k=v=w'.split('=', 1), 'abc'.strip('ac')\n",
    # tuples, sets and other containers configs build
    "t = (1, 'a', [2])\nprint t, t[1:], t + (3,), t * 2, len(t), t.index('a'), t.count(1), (1,) < (1, 2), tuple('ab')\n",
    "s = set([3, 1, 2])\ns.add(4)\ns.discard(1)\nprint sorted(s), 2 in s, s - set([2]), s & set([3, 9]), sorted(s | set([0])), len(s), set() == set([])\n",
    "a, b = 1, 2\na, b = b, a\n(c, d), e = [3, 4], 5\nf, = [6]\nprint a, b, c, d, e, f\ntry:\n    g, h = [1, 2, 3]\nexcept ValueError as e:\n    print e\ntry:\n    g, h = [1]\nexcept ValueError as e:\n    print e\n",
    "print bool(''), bool(' '), bool([0]), bool({}), bool(0.0), bool(None), not None, None == False, [] != ()\n",
    "x = {'a': [1, {'b': (2, 3)}], 'c': u'd'}\nprint x, str(x), repr(x)\nprint [x], (x,)\n",
]


def dict_ops_program(r):
    """A random sequence of dict operations, printing the dict as it goes."""
    keys = ["a", "b", "c", "name", "cmdline", "x1", "x2", "zz", "k" * 5, "", "job", "task",
            0, 1, 2, 8, 16, -1, 3.5, (1, 2), ("a",), u"u", 2 ** 40, True]
    lines = ["d = %s" % r.choice(["{}", "dict()", "{'seed': 0}",
                                  "{%s}" % ", ".join("%r: %d" % (k, i) for i, k in enumerate(r.sample(keys, r.randrange(1, 12))))])]
    for step in range(r.randrange(4, 18)):
        k = repr(r.choice(keys))
        op = r.randrange(22)
        if op < 6:
            lines.append("d[%s] = %d" % (k, step))
        elif op == 6:
            lines.append("if %s in d: del d[%s]" % (k, k))
        elif op == 7:
            lines.append("d.pop(%s, None)" % k)
        elif op == 8:
            lines.append("if d: print 'popitem', d.popitem()")
        elif op == 9:
            other = r.sample(keys, r.randrange(0, 8))
            lines.append("d.update({%s})" % ", ".join("%r: %d" % (x, step) for x in other))
        elif op == 10:
            names = r.sample(["p", "q", "r", "s", "name", "zeta", "alpha", "job"], r.randrange(1, 6))
            lines.append("d.update(%s)" % ", ".join("%s=%d" % (n, step) for n in names))
        elif op == 11:
            lines.append("d.setdefault(%s, %d)" % (k, step))
        elif op == 12:
            lines.append("d = dict(d)")
        elif op == 13:
            lines.append("d = d.copy()")
        elif op == 14:
            lines.append("d = dict.fromkeys(d, %d)" % step)
        elif op == 15:
            lines.append("d = {k: v for k, v in d.items()}")
        elif op == 16:
            lines.append("d = dict(d.items())")
        elif op == 17:
            lines.append("d.clear()" if r.random() < 0.3 else "d = dict(d, extra=%d)" % step)
        elif op == 18:
            lines.append("print d.keys()")
        elif op == 19:
            lines.append("print sorted(d.items())")
        elif op == 20:
            lines.append("print [k for k in d]")
        else:
            lines.append("for k in list(d)[:2]: del d[k]")
        if r.random() < 0.4:
            lines.append("print d")
    lines.append("print d")
    return "\n".join(lines) + "\n"


def set_ops_program(r):
    """A random sequence of set operations, printing the sets as they go."""
    pool = ["a", "b", "c", "name", "x", "y", "zz", 0, 1, 2, 7, 8, 64, -3, 2.5, (0, 1), u"w"]
    lit = lambda: "set([%s])" % ", ".join(repr(x) for x in r.sample(pool, r.randrange(0, 10)))
    lines = ["s = %s" % lit(), "t = %s" % lit()]
    for _ in range(r.randrange(3, 14)):
        x = repr(r.choice(pool))
        op = r.randrange(18)
        if op < 3:
            lines.append("s.add(%s)" % x)
        elif op == 3:
            lines.append("s.discard(%s)" % x)
        elif op == 4:
            lines.append("if s: print 'pop', s.pop()")
        elif op == 5:
            lines.append("print s | t, t | s")
        elif op == 6:
            lines.append("print s & t, t & s")
        elif op == 7:
            lines.append("print s - t, t - s")
        elif op == 8:
            lines.append("print s ^ t, t ^ s")
        elif op == 9:
            lines.append("s.update(%s)" % r.choice(["t", "[%s]" % x, "{%s: 1}" % x, "'ab'"]))
        elif op == 10:
            lines.append("s.intersection_update(%s)" % r.choice(["t", "list(t)", "[%s]" % x]))
        elif op == 11:
            lines.append("s.difference_update(%s)" % r.choice(["t", "list(t)", "[%s]" % x]))
        elif op == 12:
            lines.append("s.symmetric_difference_update(%s)" % r.choice(["t", "list(t)"]))
        elif op == 13:
            lines.append("print s.union(t, [%s]), s.intersection(t), s.difference(t, [%s])" % (x, x))
        elif op == 14:
            lines.append("s = set(%s)" % r.choice(["s", "list(s)", "frozenset(s)", "dict.fromkeys(s)"]))
        elif op == 15:
            lines.append("t = %s" % lit())
        elif op == 16:
            lines.append("print sorted(s), len(s), %s in s" % x)
        else:
            lines.append("print {v for v in s}, frozenset(t)")
        if r.random() < 0.4:
            lines.append("print s")
    lines.append("print s, t")
    return "\n".join(lines) + "\n"


def kwargs_program(r):
    """Keyword arguments through every way a call can pass them."""
    names = r.sample(["name", "cmdline", "role", "zeta", "alpha", "mid", "beta", "k1", "k2",
                      "x", "y", "instances", "cluster", "environment", "resources", "task"],
                     r.randrange(1, 12))
    kw = ", ".join("%s=%d" % (n, i) for i, n in enumerate(names))
    lines = [
        "def f(*a, **kw):\n    print sorted(kw) == sorted(kw.keys()), kw.keys()",
        "class C(object):\n    def __init__(self, **kw):\n        print kw.keys()\n    def m(self, **kw):\n        print kw.keys()\n    @classmethod\n    def cm(cls, **kw):\n        print kw.keys()\n    @staticmethod\n    def sm(**kw):\n        print kw.keys()",
        "d = dict(%s)" % kw,
        "print d.keys()",
    ]
    calls = ["f(%s)" % kw, "f(*[1], %s)" % kw, "f(**d)", "f(1, **d)", "C(%s)" % kw,
             "C().m(%s)" % kw, "C.cm(%s)" % kw, "C.sm(%s)" % kw, "C().m(**d)", "C(**d)",
             "f(**dict(d, extra=1))", "C.m(C(), %s)" % kw]
    for call in r.sample(calls, r.randrange(2, len(calls))):
        lines.append(call)
    return "\n".join(lines) + "\n"


FORMAT_VALUES = ["0", "1", "-1", "42", "-7", "255", "10 ** 20", "-(2 ** 64)", "0L", "True",
                 "0.0", "-0.0", "0.5", "1.5", "2.675", "-2.5", "1e16", "1.5e-7", "123456.789",
                 "float('inf')", "float('nan')", "1.0 / 3", "'abc'", "''", "u'uni'",
                 "None", "[1, 'a']", "(1,)", "{'k': 1}"]


def try_print(expr):
    """A statement that prints `expr`, or the exception it raises."""
    return ("try:\n    print repr(%s)\nexcept Exception as e:\n"
            "    print type(e).__name__, e\n" % expr)


def printf_program(r):
    """`%` conversions with random flags, widths and precisions over random values."""
    lines = []
    for _ in range(6):
        flags = "".join(r.sample("-+ #0", r.randrange(0, 3)))
        width = r.choice(["", "", "1", "5", "12", "*"])
        precision = r.choice(["", "", ".0", ".1", ".3", ".10", ".*"])
        conversion = r.choice("sdiouxXeEfFgGcr")
        spec = "%" + flags + width + precision + conversion
        args = []
        if width == "*":
            args.append(str(r.choice([-3, 0, 4, 9])))
        if precision == ".*":
            args.append(str(r.choice([0, 2, 5])))
        args.append(r.choice(FORMAT_VALUES))
        lines.append(try_print("'[%s]' %% (%s,)" % (spec, ", ".join(args))))
    return "".join(lines)


def str_format_program(r):
    """`str.format` specs with random fill, alignment, sign, width, grouping, precision
    and type over random values."""
    lines = []
    for _ in range(6):
        fill_align = r.choice(["", "", "<", ">", "^", "=", "*<", "0>", "-^", " ="])
        sign = r.choice(["", "", "+", "-", " "])
        alternate = r.choice(["", "", "#"])
        zero = r.choice(["", "", "0"])
        width = r.choice(["", "", "1", "6", "15"])
        comma = r.choice(["", "", ","])
        precision = r.choice(["", "", ".0", ".2", ".6"])
        kind = r.choice(["", "", "s", "d", "x", "X", "o", "b", "e", "E", "f", "F", "g", "G",
                         "%", "n", "c"])
        spec = fill_align + sign + alternate + zero + width + comma + precision + kind
        conversion = r.choice(["", "", "", "!r", "!s"])
        value = r.choice(FORMAT_VALUES)
        lines.append(try_print("'[{0%s:%s}]'.format(%s)" % (conversion, spec, value)))
    return "".join(lines)


NUMBERS = ["0", "1", "-1", "3", "-7", "2 ** 31", "2 ** 62", "2 ** 63", "-(2 ** 63)", "10 ** 20",
           "7L", "-3L", "0.0", "0.5", "-2.5", "3.0", "1e308", "1e-308", "0.1", "True", "False"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^"]


def arithmetic_program(r):
    """Random binary operations over ints, longs, floats and bools, their repr and type."""
    lines = []
    for _ in range(8):
        left, right = r.choice(NUMBERS), r.choice(NUMBERS)
        op = r.choice(OPERATORS)
        if op in ("**", "<<") and right not in ("0", "1", "3", "-1", "True", "False", "0.5",
                                                 "-2.5", "3.0", "7L", "-3L"):
            right = "3"
        expr = "(%s) %s (%s)" % (left, op, right)
        lines.append("try:\n    v = %s\n    print repr(v), str(v), type(v).__name__\n"
                     "except Exception as e:\n    print type(e).__name__, e\n" % expr)
    return "".join(lines)


STRINGS = ["''", "'a'", "'abc'", "'Hello World'", "'  padded  '", "'a,b,,c'", "'x-y-z'",
           "'line1\\nline2\\r\\nline3'", "'tab\\there'", "'MiXeD cAsE 42'", "'123'", "'3.14'",
           "'aaa'", "'hello.world.txt'", "'--x--'", "'The quick brown fox'", "'a b  c   d'",
           "u'uni code'", "'/path/to/file'", "'key=value=more'", "'  '", "'Title Case Words'"]
SMALL_INTS = ["-5", "-2", "-1", "0", "1", "2", "3", "5", "10", "100", "None"]
PIECES = ["''", "'a'", "'b'", "','", "' '", "'-'", "'.'", "'ab'", "'o'", "'l'", "'x'", "'\\n'",
          "('a', 'x')", "'world'", "'='"]


def str_method_call(r):
    s = r.choice(STRINGS)
    method = r.choice([
        "split", "rsplit", "strip", "lstrip", "rstrip", "find", "rfind", "index", "rindex",
        "count", "replace", "startswith", "endswith", "center", "ljust", "rjust", "zfill",
        "partition", "rpartition", "splitlines", "title", "capitalize", "swapcase", "upper",
        "lower", "isalpha", "isdigit", "isalnum", "isspace", "islower", "isupper", "istitle",
        "expandtabs", "join", "slice", "in", "mul", "cmp", "encode"])
    piece = lambda: r.choice(PIECES)
    number = lambda: r.choice(SMALL_INTS)
    if method in ("split", "rsplit"):
        args = r.choice([[], [piece()], [piece(), number()], ["None", number()]])
    elif method in ("strip", "lstrip", "rstrip"):
        args = r.choice([[], [piece()], ["None"]])
    elif method in ("find", "rfind", "index", "rindex", "count", "startswith", "endswith"):
        args = [piece()] + r.choice([[], [number()], [number(), number()]])
    elif method == "replace":
        args = [piece(), piece()] + r.choice([[], [number()]])
    elif method in ("center", "ljust", "rjust"):
        args = [r.choice(["0", "3", "8", "15", "-1"])] + r.choice([[], ["'*'"], ["'-'"]])
    elif method == "zfill":
        args = [r.choice(["0", "3", "8", "-1"])]
    elif method in ("partition", "rpartition"):
        args = [piece()]
    elif method == "splitlines":
        args = r.choice([[], ["True"], ["False"]])
    elif method == "expandtabs":
        args = r.choice([[], ["4"], ["0"], ["1"]])
    elif method == "join":
        return "%s.join(%s)" % (piece(), r.choice(["['a', 'b']", "'xyz'", "[]", "(s for s in 'ab')", "[1]", "[u'a', 'b']"]))
    elif method == "slice":
        parts = [r.choice(["", "-1", "0", "1", "2", "-3", "10", "None"]) for _ in range(3)]
        if parts[2] == "0":
            parts[2] = "-1"
        return "%s[%s:%s:%s]" % (s, parts[0], parts[1], parts[2])
    elif method == "in":
        return "%s in %s" % (piece(), s)
    elif method == "mul":
        return "%s * %s" % (s, number())
    elif method == "cmp":
        return "(%s < %s, %s == %s, cmp(%s, %s))" % (s, piece(), s, piece(), s, piece())
    elif method == "encode":
        return "%s.%s(%s)" % (s, r.choice(["encode", "decode"]), r.choice(["'utf-8'", "'ascii'", "'hex'", "'base64'", "'latin-1'"]))
    else:
        args = []
    return "%s.%s(%s)" % (s, method, ", ".join(args))


def str_methods_program(r):
    """str methods with random receivers and arguments (edge cases included)."""
    return "".join(try_print(str_method_call(r)) for _ in range(8))


LISTS = ["[]", "[3, 1, 2]", "['b', 'A', 'c', 'a']", "[1, 'a', None, 2.5]", "[[2, 1], [1, 2], [1]]",
         "[(1, 'b'), (0, 'z'), (1, 'a')]", "range(10)", "[5, 5, 1, 5]", "['bb', 'a', 'ccc', '']",
         "[-1, 0, 1, -2, 2]", "[True, False, 0, 1]", "[1.5, 1, 1L, -0.0, 0]"]
KEYS = ["len", "str", "str.lower", "abs", "lambda v: -v", "lambda v: (v is None, v)",
        "lambda v: str(v)[::-1]", "None", "repr"]


def sequence_call(r):
    xs = r.choice(LISTS)
    kind = r.choice(["sorted", "sorted_key", "sorted_rev", "min", "max", "min_key", "max_key",
                     "sort", "index", "count", "insert", "pop", "remove", "slice_assign", "del",
                     "reverse", "sum", "zip", "enumerate", "list_ops", "any_all", "set"])
    key = r.choice(KEYS)
    n = r.choice(["0", "1", "-1", "2", "-5", "10"])
    item = r.choice(["1", "'a'", "5", "None", "[1]", "2.5"])
    if kind == "sorted":
        return "sorted(%s)" % xs
    if kind == "sorted_key":
        return "sorted(%s, key=%s)" % (xs, key)
    if kind == "sorted_rev":
        return "sorted(%s, key=%s, reverse=True)" % (xs, key)
    if kind in ("min", "max"):
        return "%s(%s)" % (kind, xs)
    if kind in ("min_key", "max_key"):
        return "%s(%s, key=%s)" % (kind[:3], xs, key)
    if kind == "sort":
        return "(lambda x: (x.sort(key=%s, reverse=%s), x))(list(%s))" % (key, r.choice(["True", "False"]), xs)
    if kind in ("index", "count", "remove"):
        return "(lambda x: (x.%s(%s), x))(list(%s))" % (kind, item, xs)
    if kind == "insert":
        return "(lambda x: (x.insert(%s, %s), x))(list(%s))" % (n, item, xs)
    if kind == "pop":
        return "(lambda x: (x.pop(%s), x))(list(%s))" % (n, xs)
    if kind == "slice_assign":
        return "assign_slice(list(%s), %s, %s)" % (xs, n, r.choice(["None", "1", "-1", "3"]))
    if kind == "del":
        return "delete_slice(list(%s), %s, %s)" % (xs, n, r.choice(["None", "2", "-1"]))
    if kind == "reverse":
        return "(lambda x: (x.reverse(), x[::2], x[-2:], x * 2))(list(%s))" % xs
    if kind == "sum":
        return "sum(%s)" % xs
    if kind == "zip":
        return "zip(%s, %s)" % (xs, r.choice(LISTS))
    if kind == "enumerate":
        return "list(enumerate(%s, %s))" % (xs, n)
    if kind == "list_ops":
        return "(%s + %s, %s < %s, %s in %s)" % (xs, r.choice(LISTS), xs, r.choice(LISTS), item, xs)
    if kind == "any_all":
        return "(any(%s), all(%s), len(%s), bool(%s))" % (xs, xs, xs, xs)
    return "sorted(set(%s))" % xs


SEQUENCE_HELPERS = (
    "def assign_slice(x, start, stop):\n    x[start:stop] = [9, 8]\n    return x\n"
    "def delete_slice(x, start, step):\n    del x[start::step]\n    return x\n"
)


def sequences_program(r):
    """Sorting with keys, min/max, list methods and builtins over mixed lists."""
    return SEQUENCE_HELPERS + "".join(try_print(sequence_call(r)) for _ in range(8))


def random_float(r):
    kind = r.randrange(6)
    if kind == 0:
        return r.uniform(-1000, 1000)
    if kind == 1:
        return r.uniform(0, 1) * 10 ** r.randrange(-30, 30)
    if kind == 2:
        return round(r.uniform(-100, 100), r.randrange(0, 6))
    if kind == 3:
        return float(r.randrange(-10 ** 6, 10 ** 6)) / r.choice([1, 2, 4, 8, 10, 100, 3, 7])
    if kind == 4:
        return r.choice([1e15, 1e16, 1e17, 9007199254740993.0, 1e-5, 1e-4, 0.1, 0.5, 2.5, 1e22, 123456789012.5])
    return r.uniform(-1, 1) * 10 ** r.randrange(-320, 308)


def numbers_call(r):
    x = repr(random_float(r))
    y = repr(random_float(r))
    i = str(r.choice([0, 1, -1, 7, 10, 255, -255, 2 ** 31, 2 ** 63 - 1, 2 ** 63, -(2 ** 63), 10 ** 18, 3 ** 50]))
    base = r.choice(["2", "8", "10", "16", "36", "0"])
    kind = r.randrange(12)
    if kind == 0:
        return "(repr(%s), str(%s))" % (x, x)
    if kind == 1:
        return "(round(%s), round(%s, %d), round(%s, -%d))" % (x, x, r.randrange(0, 8), x, r.randrange(1, 4))
    if kind == 2:
        return "(int(%s), long(%s), int(%s) == %s)" % (x, x, x, x)
    if kind == 3:
        return "(%s + %s, %s * %s, %s - %s)" % (x, y, x, y, x, y)
    if kind == 4:
        return "(%s / %s, %s // %s, %s %% %s, divmod(%s, %s))" % (x, y, x, y, x, y, x, y)
    if kind == 5:
        return "(hex(%s), oct(%s), bin(%s), str(%s), repr(%s), -%s, abs(%s))" % (i, i, i, i, i, i, i)
    if kind == 6:
        text = r.choice(["'ff'", "'0x1F'", "'  42 '", "'-0b101'", "'0o17'", "'z'", "'1_000'", "'12L'", "'0777'", "''", "'+9'"])
        return "int(%s, %s)" % (text, base)
    if kind == 7:
        text = r.choice(["'1e5'", "' 2.5 '", "'-.5'", "'inf'", "'-Infinity'", "'nan'", "'1_0'", "'0x10'", "'1e400'", "'5.'", "'e5'"])
        return "(float(%s), repr(float(%s)))" % (text, text)
    if kind == 8:
        return "(%s < %s, %s == %s, cmp(%s, %s), max(%s, %s))" % (x, i, x, y, x, i, x, i)
    if kind == 9:
        return "(pow(%s, 2), pow(%s, 3, 7), %s ** 0.5 if %s > 0 else 0)" % (i, i, i, i)
    if kind == 10:
        return "(float(%s), %s / 3, %s * 1.0, %s / 2.0)" % (i, i, i, i)
    return "('%%s %%r %%.3f %%g %%e' %% (%s, %s, %s, %s, %s))" % (x, x, x, x, x)


def numbers_program(r):
    """Random floats and integers: repr, str, rounding, conversions and arithmetic."""
    return "".join(try_print(numbers_call(r)) for _ in range(8))


CALL_DEFS = (
    "def f(a, b=2, *args, **kw):\n    return (a, b, args, sorted(kw.items()))\n"
    "def g(x, y=[]):\n    y.append(x)\n    return y\n"
    "def h(*args):\n    return args\n"
    "def k(a, (b, c)=(1, 2)):\n    return a + b + c\n"
    "class Base(object):\n"
    "    tag = 'base'\n"
    "    def __init__(self, name, **extra):\n        self.name = name\n        self.extra = extra\n"
    "    def __repr__(self):\n        return '%s(%r)' % (type(self).__name__, self.name)\n"
    "    def describe(self):\n        return '%s:%s' % (self.tag, self.name)\n"
    "    @property\n    def upper(self):\n        return self.name.upper()\n"
    "    @classmethod\n    def make(cls, name):\n        return cls(name)\n"
    "    @staticmethod\n    def helper(x):\n        return x * 2\n"
    "class Child(Base):\n"
    "    tag = 'child'\n"
    "    def describe(self):\n        return 'child of ' + super(Child, self).describe()\n"
    "class Old:\n    x = 1\n    def m(self):\n        return self.x\n"
)

CALLS = [
    "f(1)", "f(1, 3, 4, 5)", "f(1, b=5)", "f(b=1, a=2)", "f(*[1, 2, 3])", "f(1, **{'z': 1, 'a': 2})",
    "f()", "f(1, 2, b=3)", "f(1, c=3)", "f(**{'a': 1, 'b': 2, 'c': 3})", "f(1, *(2, 3), **{'k': 4})",
    "g(1)", "g(2)", "g(3, [])", "h()", "h(1, *[2, 3])", "k(1)", "k(1, (2, 3))", "k(1, [4, 5])",
    "k(1, (2,))", "Base('a')", "Child('b')", "Base('a').describe()", "Child('b').describe()",
    "Base('a').upper", "Child.make('m')", "Base.helper(21)", "Child('x').helper('ab')",
    "Base('a', k=1).extra", "Base.tag", "Child.tag", "isinstance(Child('c'), Base)",
    "issubclass(Child, Base)", "issubclass(Base, Child)", "Old().m()", "type(Old())",
    "type(Base('a')).__name__", "getattr(Base('a'), 'name')", "getattr(Base('a'), 'nope', 'dflt')",
    "getattr(Base('a'), 'nope')", "hasattr(Child('c'), 'upper')", "Base('a').__dict__",
    "sorted(vars(Base('q', z=1)).keys())", "str(Base('s'))", "[Base('l')]", "{'k': Child('d')}",
    "Base('a') == Base('a')", "Base()", "Base('a', 'b')", "Base.describe(Child('e'))",
    "(lambda *a, **k: (a, k))(1, x=2)", "(lambda a, b=3: a * b)(2)", "map(Base.helper, [1, 2])",
    "Child.__name__", "Child.__bases__", "Base.__name__ + '!'", "callable(Base)", "callable(Base('a'))",
    "Base('a').name.title()", "setattr(Base('a'), 'x', 1)", "Old.x", "Old().x",
]


def calls_program(r):
    """Function calls every way, default arguments, classes, properties, classmethods,
    super() and old-style classes."""
    return CALL_DEFS + "".join(try_print(call) for call in r.sample(CALLS, 8))


EXCEPTION_CASES = [
    "{}['k']", "[][0]", "[1].index(5)", "int('x')", "None.x", "1 + 'a'", "'a' + 1", "[] + ()",
    "len(5)", "undefined_name", "{}.pop('a')", "'abc'.index('d')", "(1, 2)[5]", "'x' * 'y'",
    "[1, 2, 3][1:2:0]", "dict(1)", "dict([1])", "dict([(1, 2, 3)])", "float([])", "int(None)",
    "iter(5)", "next(iter([]))", "sorted(5)", "sum(['a'])", "max(1)", "abs('a')", "hash([])",
    "{[]: 1}", "set([[1]])", "1 < [] < 'a'", "range('a')", "range(1, 2, 0)", "xrange(0.5)",
    "chr(300)", "ord('ab')", "unichr(-1)", "'%s %s' % 1", "'{0}'.format()", "getattr(1, 'x')",
    "object().x", "type('a', 'b', 'c')", "isinstance(1, 2)", "zip(1)", "map(None, 1)",
    "reduce(lambda a, b: a, [])", "divmod(1, 0)", "1 / 0.0", "10 ** 400 * 1.0", "float(10 ** 400)",
    "int(float('inf'))", "int(float('nan'))", "[].remove(1)", "(1).real.x", "'a'.foo()",
    "{}.setdefault()", "list(1)", "tuple(None)", "str.join('a', 'b', 'c')", "u'a' + 1",
]


def exceptions_program(r):
    """Builtin errors: their class and message, as `except` sees them."""
    lines = []
    for case in r.sample(EXCEPTION_CASES, 8):
        lines.append("try:\n    print repr(%s)\nexcept Exception as e:\n"
                     "    print type(e).__name__, repr(str(e)), repr(e.args)\n" % case)
    return "".join(lines)


JSON_VALUES = ["{}", "[]", "{'b': 1, 'a': [1, 2.5, None, True, False]}", "[1, 'two', u'three', 4L]",
               "{'nested': {'z': {'y': []}}, 'k': ()}", "'text with \"quotes\" and \\\\ and \\n'",
               "u'caf\\xe9'", "'caf\\xc3\\xa9'", "1e16", "0.1", "-0.0", "10 ** 20", "float('inf')",
               "{1: 'int key', 2.5: 'float key', None: 'none', True: 'bool'}", "[{'a': 1}, {'b': 2}]",
               "{'env': 'prod', 'cluster': 'west', 'role': 'www', 'instances': 3}", "set([1])",
               "{(1, 2): 'tuple key'}", "'\\x00\\x1f\\x7f'", "u'\\u2603 \\U0001F600'"]
JSON_OPTIONS = ["", "indent=2", "sort_keys=True", "separators=(',', ':')", "indent=4, sort_keys=True",
                "ensure_ascii=False", "indent=0", "separators=(', ', ': '), sort_keys=True",
                "default=str", "skipkeys=True", "allow_nan=False", "indent=2, separators=(',', ': ')"]
JSON_TEXTS = ["'{\"a\": 1, \"b\": [true, false, null]}'", "'[1, 2.5, \"x\", {\"k\": \"v\"}]'",
              "'\"\\\\u00e9\"'", "'{\"a\": 1,}'", "'[1, 2'", "'nan'", "'NaN'", "'1e400'", "' 42 '",
              "'{\"z\": 1, \"y\": 2, \"x\": 3, \"w\": 4, \"v\": 5, \"u\": 6}'", "''", "'{\"a\": \"\\\\ud83d\\\\ude00\"}'",
              "'[\"a\" \"b\"]'", "'{1: 2}'", "'true'", "'-0'", "'1.0'", "'12345678901234567890'"]


def json_program(r):
    """`json.dumps` with its options over config-shaped values, and `json.loads`."""
    lines = ["import json\n"]
    for _ in range(6):
        if r.random() < 0.65:
            options = r.choice(JSON_OPTIONS)
            call = "json.dumps(%s%s)" % (r.choice(JSON_VALUES), ", " + options if options else "")
        else:
            call = "json.loads(%s)" % r.choice(JSON_TEXTS)
        lines.append(try_print(call))
    return "".join(lines)


def generated_semantics():
    r = random.Random(27)
    programs = []
    for _ in range(400):
        programs.append(dict_ops_program(r))
    for _ in range(250):
        programs.append(set_ops_program(r))
    for _ in range(120):
        programs.append(kwargs_program(r))
    # A generator of its own, so the programs above stay as they were recorded.
    r = random.Random(2718)
    for _ in range(100):
        programs.append(printf_program(r))
    for _ in range(100):
        programs.append(str_format_program(r))
    for _ in range(100):
        programs.append(arithmetic_program(r))
    r = random.Random(1414)
    for _ in range(100):
        programs.append(str_methods_program(r))
    for _ in range(100):
        programs.append(sequences_program(r))
    for _ in range(100):
        programs.append(numbers_program(r))
    r = random.Random(1732)
    for _ in range(60):
        programs.append(calls_program(r))
    for _ in range(60):
        programs.append(exceptions_program(r))
    r = random.Random(1618)
    for _ in range(80):
        programs.append(json_program(r))
    return programs


# --- Corpus edits ---------------------------------------------------------------------------

def corpus_edits(corpus):
    r = random.Random(2027)
    files = []
    for folder, _, names in os.walk(corpus):
        if os.sep + "expected" in folder:
            continue
        for name in names:
            if name.endswith((".aurora", ".aur")):
                files.append(os.path.join(folder, name))
    files.sort()
    inserts = ["(", ")", ":", ",", " ", "\n", "    ", "\t", "'", '"', "=", "[", "]", "{", "}",
               "*", "**", ".", "\\", "#", "...", "print ", "lambda", "1", "x", "`"]
    edits = []
    for path in files:
        with open(path, "rb") as handle:
            text = handle.read()
        rel = os.path.relpath(path, corpus).replace(os.sep, "/")
        for _ in range(6):
            offset = r.randrange(len(text) + 1)
            kind = r.randrange(3)
            if kind == 0:
                remove, insert = min(r.randrange(1, 4), len(text) - offset), ""
            elif kind == 1:
                remove, insert = 0, r.choice(inserts)
            else:
                remove, insert = min(1, len(text) - offset), r.choice(inserts)
            edited = text[:offset] + insert.encode("utf-8") + text[offset + remove:]
            record = {"file": rel, "offset": offset, "remove": remove, "insert": insert}
            record.update(compile_verdict(edited))
            edits.append(record)
    return edits


# --- Main -----------------------------------------------------------------------------------

def write_jsonl(name, records):
    path = os.path.join(HERE, name)
    with open(path, "wb") as handle:
        for record in records:
            handle.write(json.dumps(record, sort_keys=True) + "\n")
    print("wrote %d records to %s" % (len(records), os.path.relpath(path, ROOT)), file=sys.stderr)


def main():
    grammar = []
    seen = set()

    def add(source):
        if source in seen:
            return
        seen.add(source)
        record = {"source": source}
        record.update(compile_verdict(source))
        grammar.append(record)

    for source in GRAMMAR_CASES:
        add(source)
    gen = Gen(7)
    for _ in range(1500):
        program = gen.program()
        add(program)
        if gen.r.random() < 0.5:
            add(gen.mutate(program))
    write_jsonl("grammar.jsonl", grammar)

    semantics = []
    for source in SEMANTICS_CASES + CONFIG_SEMANTICS_CASES + generated_semantics():
        printed, exception = run(source)
        semantics.append({"source": source, "printed": printed, "exception": exception})
    write_jsonl("semantics.jsonl", semantics)

    corpus = os.environ.get("AURORA_CONFORMANCE", os.path.join(ROOT, "..", "shared", "conformance"))
    if os.path.isdir(corpus):
        write_jsonl("corpus_edits.jsonl", corpus_edits(corpus))
    else:
        print("no corpus at %s: corpus_edits.jsonl left as it is" % corpus, file=sys.stderr)


if __name__ == "__main__":
    main()
