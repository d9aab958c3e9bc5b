//! Builtin functions and the methods of built-in types.

#[path = "eval_support.rs"]
mod support;
use support::*;

#[test]
fn builtin_functions() {
    check_exprs(&[
        ("len([1, 2]), len('abc'), len({'a': 1}), len(xrange(5))", "(2, 3, 1, 5)"),
        ("range(5)", "[0, 1, 2, 3, 4]"),
        ("range(1, 10, 3)", "[1, 4, 7]"),
        ("range(5, 0, -2)", "[5, 3, 1]"),
        ("xrange(3)", "xrange(3)"),
        ("list(xrange(2, 8, 3))", "[2, 5]"),
        ("str(5), str(None), str([1]), unicode('a')", "('5', 'None', '[1]', u'a')"),
        ("repr('a'), repr(1L if False else 10 ** 20)", "(\"'a'\", '100000000000000000000L')"),
        ("bool(0), bool([]), bool('x'), bool()", "(False, False, True, False)"),
        ("list('ab'), tuple([1]), list({'a': 1})", "(['a', 'b'], (1,), ['a'])"),
        ("dict(a=1, b=2)", "{'a': 1, 'b': 2}"),
        ("dict([('a', 1)], b=2)", "{'a': 1, 'b': 2}"),
        ("dict({'a': 1})", "{'a': 1}"),
        ("set([1, 2, 2])", "set([1, 2])"),
        ("frozenset('aba')", "frozenset(['a', 'b'])"),
        ("sorted([3, 1, 2]), sorted('cba'), sorted([3, 1], reverse=True)", "([1, 2, 3], ['a', 'b', 'c'], [3, 1])"),
        ("sorted(['bb', 'a', 'ccc'], key=len)", "['a', 'bb', 'ccc']"),
        ("sorted([(1, 'b'), (1, 'a'), (0, 'z')])", "[(0, 'z'), (1, 'a'), (1, 'b')]"),
        ("sorted([3, 1, 2], cmp=lambda a, b: b - a)", "[3, 2, 1]"),
        ("list(reversed([1, 2, 3]))", "[3, 2, 1]"),
        ("min(3, 1, 2), max([1, 5, 2]), min('bca')", "(1, 5, 'a')"),
        ("max(['a', 'ccc', 'bb'], key=len)", "'ccc'"),
        ("sum([1, 2, 3]), sum([0.5, 0.5]), sum([[1], [2]], [])", "(6, 1.0, [1, 2])"),
        ("zip([1, 2, 3], 'ab')", "[(1, 'a'), (2, 'b')]"),
        ("list(enumerate('ab')), list(enumerate('a', 1))", "([(0, 'a'), (1, 'b')], [(1, 'a')])"),
        ("repr(enumerate), repr(reversed), repr(zip)", "(\"<type 'enumerate'>\", \"<type 'reversed'>\", '<built-in function zip>')"),
        // CPython interns name-like string constants and shares one-character strings.
        ("'a' is 'a', 'job_1' is 'job_1', 'abc'[0] is 'a', [] is []", "(True, True, True, False)"),
        ("map(str, [1, 2]), map(None, [1], [2])", "(['1', '2'], [(1, 2)])"),
        ("map(lambda a, b: a + b, [1, 2], [10, 20])", "[11, 22]"),
        ("filter(None, [0, 1, '', 'a']), filter(lambda c: c != 'b', 'abc')", "([1, 'a'], 'ac')"),
        ("reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(lambda a, b: a + b, [], 7)", "(24, 7)"),
        ("any([0, 1]), all([1, 0]), any([]), all([])", "(True, False, False, True)"),
        ("isinstance(1, int), isinstance(True, int), isinstance('a', basestring), isinstance(u'a', str)", "(True, True, True, False)"),
        ("isinstance(1, (str, float)), isinstance(2 ** 70, long), isinstance(None, type(None))", "(False, True, True)"),
        ("type(1) == int, type('a') is str, type([]).__name__", "(True, True, 'list')"),
        ("getattr('a', 'upper')(), getattr(1, 'missing', 'dflt'), hasattr('a', 'x')", "('A', 'dflt', False)"),
        ("ord('a'), chr(97), unichr(233), hex(255), hex(-1), oct(8), oct(0), bin(5)", "(97, 'a', u'\\xe9', '0xff', '-0x1', '010', '0', '0b101')"),
        ("hex(2 ** 64)", "'0x10000000000000000L'"),
        ("callable(len), callable(1), callable(lambda: 0)", "(True, False, True)"),
        ("next(iter([1, 2])), next(iter([]), 'end')", "(1, 'end')"),
        ("hash(1) == hash(1.0), hash('a') == hash(u'a')", "(True, True)"),
        ("format(1234.5, ',.1f'), format('x', '>3')", "('1,234.5', '  x')"),
        ("divmod(7, 2), divmod(-7.5, 2)", "((3, 1), (-4.0, 0.5))"),
        ("round(3.14159, 2), round(5)", "(3.14, 5.0)"),
        ("int(True), float(2), long('7')", "(1, 2.0, 7L)"),
        ("vars(type('T', (object,), {'a': 1})())", "{}"),
        ("type('T', (object,), {'a': 1}).a", "1"),
    ]);
}

#[test]
fn string_methods() {
    check_exprs(&[
        ("','.join(['a', 'b']), ''.join([]), u'-'.join(['a'])", "('a,b', '', u'a')"),
        ("'a b  c'.split(), 'a,b,,c'.split(','), 'a b c'.split(None, 1)", "(['a', 'b', 'c'], ['a', 'b', '', 'c'], ['a', 'b c'])"),
        ("'a/b/c'.rsplit('/', 1), 'a b c'.rsplit(None, 1)", "(['a/b', 'c'], ['a b', 'c'])"),
        ("' x '.strip(), 'xxayy'.strip('xy'), ' x'.lstrip(), 'x\\n'.rstrip()", "('x', 'a', 'x', 'x')"),
        ("'aaa'.replace('a', 'b'), 'aaa'.replace('a', 'b', 2), 'ab'.replace('', '-')", "('bbb', 'bba', '-a-b-')"),
        ("'abc'.startswith('ab'), 'abc'.endswith(('x', 'c')), 'abc'.startswith('b', 1)", "(True, True, True)"),
        ("'aBc'.upper(), 'aBc'.lower(), 'hello world'.title(), 'hELLO'.capitalize(), 'aB'.swapcase()", "('ABC', 'abc', 'Hello World', 'Hello', 'Ab')"),
        ("'abcabc'.find('c'), 'abcabc'.rfind('c'), 'abc'.find('z'), 'abcabc'.index('b', 2), 'aaa'.count('a')", "(2, 5, -1, 4, 3)"),
        ("'a\\nb\\r\\nc'.splitlines(), 'a\\nb'.splitlines(True)", "(['a', 'b', 'c'], ['a\\n', 'b'])"),
        ("'42'.zfill(5), '-42'.zfill(5), 'ab'.ljust(4, '.'), 'ab'.rjust(4), 'ab'.center(6, '*')", "('00042', '-0042', 'ab..', '  ab', '**ab**')"),
        ("'a=b=c'.partition('='), 'a=b=c'.rpartition('='), 'abc'.partition('x')", "(('a', '=', 'b=c'), ('a=b', '=', 'c'), ('abc', '', ''))"),
        ("'123'.isdigit(), 'ab'.isalpha(), 'a1'.isalnum(), ' '.isspace(), 'ab'.islower(), 'AB'.isupper(), ''.isdigit()", "(True, True, True, True, True, True, False)"),
        ("'a\\tb'.expandtabs(4), u'x'.encode('utf-8'), 'x'.decode('utf-8'), 'ab'.encode('hex')", "('a   b', 'x', u'x', '6162')"),
        ("'{0}-{1}'.format('a', 'b')", "'a-b'"),
        ("str.upper('a'), str.join(',', ['a', 'b'])", "('A', 'a,b')"),
        ("map(str.strip, [' a ', 'b '])", "['a', 'b']"),
    ]);
    check_errors(&[
        ("'abc'.index('z')\n", "ValueError: substring not found"),
        (
            "','.join([1])\n",
            "TypeError: sequence item 0: expected string, int found",
        ),
        ("'a'.split('')\n", "ValueError: empty separator"),
        (
            "'a'.find(1)\n",
            "TypeError: expected a string or other character buffer object",
        ),
        (
            "'a'.strip(1)\n",
            "TypeError: strip arg must be None, str or unicode",
        ),
        (
            "'a'.split(None, None)\n",
            "TypeError: an integer is required",
        ),
        (
            "'a'.center(5, 'ab')\n",
            "TypeError: center() argument 2 must be char, not str",
        ),
        ("'616'.decode('hex')\n", "TypeError: Odd-length string"),
        // A method looked up on its type checks what it is given.
        (
            "str.lower(1)\n",
            "TypeError: descriptor 'lower' requires a 'str' object but received a 'int'",
        ),
        (
            "str.upper(u'a')\n",
            "TypeError: descriptor 'upper' requires a 'str' object but received a 'unicode'",
        ),
    ]);
    check_exprs(&[
        (
            "'abc'.encode('base64'), 'YWJj\\n'.decode('base64')",
            "('YWJj\\n', 'abc')",
        ),
        ("'ab'.encode('hex'), '6162'.decode('hex')", "('6162', 'ab')"),
    ]);
}

#[test]
fn wrong_arguments_are_worded_as_cpython_words_them() {
    check_errors(&[
        // One object (METH_O), unpacked arguments, parsed arguments.
        (
            "len()\n",
            "TypeError: len() takes exactly one argument (0 given)",
        ),
        (
            "[].append()\n",
            "TypeError: append() takes exactly one argument (0 given)",
        ),
        (
            "{}.setdefault()\n",
            "TypeError: setdefault expected at least 1 arguments, got 0",
        ),
        (
            "getattr(1)\n",
            "TypeError: getattr expected at least 2 arguments, got 1",
        ),
        (
            "chr()\n",
            "TypeError: chr() takes exactly 1 argument (0 given)",
        ),
        (
            "u'a' + 1\n",
            "TypeError: coercing to Unicode: need string or buffer, int found",
        ),
        (
            "xrange(0.5)\n",
            "TypeError: integer argument expected, got float",
        ),
        (
            "range(0.5)\n",
            "TypeError: range() integer end argument expected, got float.",
        ),
        ("map(None, 1)\n", "TypeError: 'int' object is not iterable"),
        (
            "map(str, 1)\n",
            "TypeError: argument 2 to map() must support iteration",
        ),
        (
            "float([])\n",
            "TypeError: float() argument must be a string or a number",
        ),
        (
            "type('a', 'b', 'c')\n",
            "TypeError: type() argument 2 must be tuple, not str",
        ),
        ("type(1, 2)\n", "TypeError: type() takes 1 or 3 arguments"),
        (
            "unichr(-1)\n",
            "ValueError: unichr() arg not in range(0x110000) (wide Python build)",
        ),
    ]);
}

#[test]
fn conversions_word_their_errors_as_python_27() {
    check_errors(&[
        // int() quotes the text without its leading blanks, long() as given.
        (
            "int('  1x  ')\n",
            "ValueError: invalid literal for int() with base 10: '1x  '",
        ),
        (
            "long(' 1x')\n",
            "ValueError: invalid literal for long() with base 10: ' 1x'",
        ),
        (
            "int('12L')\n",
            "ValueError: invalid literal for int() with base 10: '12L'",
        ),
        // Text that starts with a number, and text that does not.
        (
            "float('1.5x')\n",
            "ValueError: invalid literal for float(): 1.5x",
        ),
        (
            "float('x')\n",
            "ValueError: could not convert string to float: x",
        ),
    ]);
    check_exprs(&[
        ("long('12L'), long('12L', 16)", "(12L, 18L)"),
        // `pow(a, b, m)` is a long when Python's machine-word algorithm overflows.
        (
            "pow(10, 3, 7), pow(2 ** 62, 3, 7), pow(3L, 2, 5)",
            "(6, 1L, 4L)",
        ),
    ]);
}

#[test]
fn list_and_tuple_methods() {
    assert_eq!(
        x(r#"
l = [3, 1]
l.append(2)
l.extend((5, 4))
l.insert(0, 9)
l.insert(-1, 8)
popped = [l.pop(), l.pop(0)]
l.remove(5)
l.sort()
a = list(l)
l.reverse()
l.sort(key=lambda v: -v, reverse=True)
x = (a, l, popped, l.index(3), l.count(1), (1, 2, 1).count(1), (1, 2).index(2))
"#),
        "([1, 2, 3, 8], [1, 2, 3, 8], [4, 9], 2, 1, 2, 1)"
    );
    check_errors(&[
        ("[].pop()\n", "IndexError: pop from empty list"),
        (
            "[1].remove(2)\n",
            "ValueError: list.remove(x): x not in list",
        ),
        ("[1].index(2)\n", "ValueError: 2 is not in list"),
        (
            "(1,).append(2)\n",
            "AttributeError: 'tuple' object has no attribute 'append'",
        ),
    ]);
}

#[test]
fn dict_methods() {
    assert_eq!(
        x(r#"
d = {'a': 1}
got = [d.get('a'), d.get('z'), d.get('z', 0), d.has_key('a'), d.setdefault('b', 2), d.setdefault('a', 5)]
d.update({'c': 3}, e=5)
d.update([('f', 6)])
keys = d.keys()
popped = (d.pop('c'), d.pop('zz', None))
items = sorted(d.iteritems())
c = d.copy()
c['new'] = 1
x = (got, keys, popped, items, d.values(), 'new' in d, dict.fromkeys(['k'], 0), d.popitem())
"#),
        "([1, None, 0, True, 2, 1], ['a', 'c', 'b', 'e', 'f'], (3, None), [('a', 1), ('b', 2), ('e', 5), ('f', 6)], [1, 2, 5, 6], False, {'k': 0}, ('a', 1))"
    );
    check_errors(&[
        ("{}.pop('a')\n", "KeyError: 'a'"),
        (
            "{}.popitem()\n",
            "KeyError: 'popitem(): dictionary is empty'",
        ),
    ]);
}

#[test]
fn set_methods_and_operators() {
    check_exprs(&[
        ("set([1, 2]) | set([3]), set([1, 2]) & set([2]), set([1, 2]) - set([2]), set([1, 2]) ^ set([2, 3])", "(set([1, 2, 3]), set([2]), set([1]), set([1, 3]))"),
        ("set([1]).union([2], (3,)), set([1, 2]).intersection([2]), set([1, 2]).difference([1])", "(set([1, 2, 3]), set([2]), set([2]))"),
        ("set([1]).issubset([1, 2]), set([1, 2]).issuperset([1]), set([1]).isdisjoint([2])", "(True, True, True)"),
        ("frozenset([1]) | frozenset([2])", "frozenset([1, 2])"),
    ]);
    assert_eq!(
        x("s = set()\ns.add(1)\ns.add(2)\ns.discard(5)\ns.remove(1)\ns.update([7])\nx = sorted(s)\n"),
        "[2, 7]"
    );
    check_errors(&[("set().remove(1)\n", "KeyError: 1")]);
}

#[test]
fn iteration_over_everything() {
    check_exprs(&[
        ("[c for c in 'ab']", "['a', 'b']"),
        ("[k for k in {'a': 1, 'b': 2}]", "['a', 'b']"),
        ("[v for v in xrange(3)]", "[0, 1, 2]"),
        ("sorted(set('ba'))", "['a', 'b']"),
        ("list(iter(iter([1])))", "[1]"),
    ]);
    assert_eq!(
        x("l = [1]\nfor i in l:\n    if i < 3:\n        l.append(i + 1)\nx = l\n"),
        "[1, 2, 3]"
    );
}

#[test]
fn min_and_max_take_only_a_key() {
    check_errors(&[
        // `default=` is Python 3.4's.
        (
            "max([], default=0)\n",
            "TypeError: max() got an unexpected keyword argument",
        ),
        ("min([])\n", "ValueError: min() arg is an empty sequence"),
    ]);
}
