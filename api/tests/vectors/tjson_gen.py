#!/usr/bin/env python3
"""Regenerates tjson_vectors.json: TJSONProtocol output of Apache Thrift's own runtimes.

Each case is a sequence of protocol calls ("ops"). The Python runtime writes them with
thrift.protocol.TJSONProtocol called by hand (no generated code); when a Java source tree
is given, tjson_java/TJsonGen.java replays the same ops through the Java runtime's TJSONProtocol,
which is what Aurora's scheduler speaks.

    python3 -m venv /tmp/thriftpy && /tmp/thriftpy/bin/pip install thrift==0.25.0
    /tmp/thriftpy/bin/python tjson_gen.py \
        --java-src /path/to/apache/thrift/lib/java/src/main/java

Ops, as stored in the fixture: doubles are the hex of their IEEE-754 bits (JSON has no
NaN), binary is hex, everything else is plain JSON.
"""

import argparse
import importlib.metadata
import json
import os
import struct
import subprocess
import sys
import tempfile

from thrift.protocol.TJSONProtocol import TJSONProtocol
from thrift.protocol.TProtocol import TType
from thrift.transport.TTransport import TMemoryBuffer

TYPES = {
    "tf": TType.BOOL, "i8": TType.BYTE, "i16": TType.I16, "i32": TType.I32,
    "i64": TType.I64, "dbl": TType.DOUBLE, "str": TType.STRING, "rec": TType.STRUCT,
    "map": TType.MAP, "set": TType.SET, "lst": TType.LIST,
}


def dbl(x):
    return ["dbl", struct.pack(">d", x).hex()]


def bin_(b):
    return ["bin", bytes(b).hex()]


def field(ty, fid, *value):
    return [["field_begin", ty, fid], *value, ["field_end"]]


def rec(*fields):
    ops = [["struct_begin"]]
    for f in fields:
        ops.extend(f)
    return ops + [["field_stop"], ["struct_end"]]


def lst(kind, ety, items):
    ops = [[kind + "_begin", ety, len(items)]]
    for item in items:
        ops.extend(item if isinstance(item[0], list) else [item])
    return ops + [[kind + "_end"]]


def map_(kty, vty, pairs):
    ops = [["map_begin", kty, vty, len(pairs)]]
    for k, v in pairs:
        for x in (k, v):
            ops.extend(x if isinstance(x[0], list) else [x])
    return ops + [["map_end"]]


def message(name, mtype, seqid, body):
    return [["message_begin", name, mtype, seqid], *body, ["message_end"]]


I64_MIN, I64_MAX = -(2 ** 63), 2 ** 63 - 1

CASES = [
    ("scalar_fields", rec(
        field("tf", 1, ["bool", True]),
        field("tf", 2, ["bool", False]),
        field("i8", 3, ["i8", -128]),
        field("i8", 4, ["i8", 127]),
        field("i16", 5, ["i16", -32768]),
        field("i16", 6, ["i16", 32767]),
        field("i32", 7, ["i32", -2147483648]),
        field("i32", 8, ["i32", 2147483647]),
        field("i64", 9, ["i64", I64_MIN]),
        field("i64", 10, ["i64", I64_MAX]),
        field("i64", 11, ["i64", 0]),
        field("i32", 12, ["i32", -1]),
        field("dbl", 13, dbl(0.5)),
        field("str", 14, ["str", "hello"]),
        field("str", 15, bin_(b"\x00\xffbin")),
        field("i32", 32767, ["i32", 42]),
        field("i32", -1, ["i32", 43]),
    )),
    ("doubles", lst("list", "dbl", [dbl(x) for x in [
        0.1, 1.0, 1e-05, 1e16, -0.0, 0.0, -2.5, 123456.789, 1e7, 9999999.0, 1e-3,
        0.000999, 1.7976931348623157e308, 2.2250738585072014e-308, 5e-324,
        3.141592653589793, 100.0,
    ]])),
    # Double.toString before JDK 19 is not always the shortest text: 9.999999999999999E22.
    ("double_1e23", lst("list", "dbl", [dbl(1e23)])),
    ("doubles_special", lst("list", "dbl", [
        dbl(float("nan")), dbl(float("inf")), dbl(float("-inf")),
    ])),
    ("strings", lst("list", "str", [["str", s] for s in [
        "", "plain", 'quote"back\\slash', "slash/", "tab\tnl\ncr\rbs\bff\f",
        "caf\u00e9 \u65e5\u672c", "emoji \U0001F600", "del\x7f",
    ]])),
    ("strings_control", lst("list", "str", [["str", s] for s in [
        "\x00", "\x01\x1f", "esc\x1b[0m", "\x0b\x0e",
    ]])),
    ("binary", lst("list", "str", [bin_(b) for b in [
        b"", b"a", b"ab", b"abc", b"abcd", bytes(range(256)),
    ]])),
    ("nested_structs", rec(
        field("rec", 1, *rec(
            field("rec", 1, *rec(field("i32", 1, ["i32", 1]))),
            field("str", 2, ["str", "x"]),
        )),
        field("lst", 2, *lst("list", "rec", [rec(field("i16", 1, ["i16", 2])), rec()])),
        field("rec", 3, *rec()),
    )),
    ("empty_containers", rec(
        field("lst", 1, *lst("list", "i32", [])),
        field("set", 2, *lst("set", "str", [])),
        field("map", 3, *map_("str", "i32", [])),
    )),
    ("containers", rec(
        field("lst", 1, *lst("list", "i32", [["i32", 1], ["i32", 2], ["i32", 3]])),
        field("set", 2, *lst("set", "str", [["str", "a"], ["str", "b"]])),
        field("map", 3, *map_("i32", "str", [(["i32", 1], ["str", "one"]),
                                             (["i32", -2], ["str", "two"])])),
        field("map", 4, *map_("str", "i32", [(["str", "b"], ["i32", 2]),
                                             (["str", "a"], ["i32", 1])])),
        field("map", 5, *map_("str", "rec", [(["str", "k"],
                                              rec(field("tf", 1, ["bool", True])))])),
        field("map", 6, *map_("i64", "dbl", [(["i64", I64_MIN], dbl(-1.5))])),
        field("map", 7, *map_("dbl", "tf", [(dbl(1.5), ["bool", True]),
                                            (dbl(-0.25), ["bool", False])])),
        field("map", 8, *map_("tf", "i8", [(["bool", True], ["i8", -1])])),
        field("lst", 9, *lst("list", "lst", [lst("list", "i32", [["i32", 7]]),
                                             lst("list", "i32", [])])),
        field("map", 10, *map_("str", "lst", [(["str", "q"],
                                               lst("list", "str", [["str", "v"]]))])),
        field("set", 11, *lst("set", "i64", [["i64", 5]])),
        field("map", 12, *map_("str", "str", [(["str", "7"], ["str", "\u00e9\""])])),
    )),
    ("message_call", message("getJobSummary", 1, 7, rec(field("str", 1, ["str", "www-data"])))),
    ("message_reply", message("getJobSummary", 2, 7, rec(
        field("rec", 0, *rec(field("i32", 1, ["i32", 0]), field("str", 2, ["str", "ok"]))),
    ))),
    ("message_exception", message("killTasks", 3, -5, rec(field("str", 1, ["str", "boom"])))),
    ("message_oneway", message("ping", 4, 2147483647, rec())),
    ("message_unicode_name", message("caf\u00e9\"", 1, 0, rec())),
]


def write_python(ops):
    buf = TMemoryBuffer()
    p = TJSONProtocol(buf)
    for op in ops:
        kind, args = op[0], op[1:]
        if kind == "message_begin":
            p.writeMessageBegin(args[0], args[1], args[2])
        elif kind == "message_end":
            p.writeMessageEnd()
        elif kind == "struct_begin":
            p.writeStructBegin("S")
        elif kind == "struct_end":
            p.writeStructEnd()
        elif kind == "field_begin":
            p.writeFieldBegin("f", TYPES[args[0]], args[1])
        elif kind == "field_end":
            p.writeFieldEnd()
        elif kind == "field_stop":
            p.writeFieldStop()
        elif kind in ("list_begin", "set_begin"):
            (p.writeListBegin if kind == "list_begin" else p.writeSetBegin)(TYPES[args[0]], args[1])
        elif kind == "list_end":
            p.writeListEnd()
        elif kind == "set_end":
            p.writeSetEnd()
        elif kind == "map_begin":
            p.writeMapBegin(TYPES[args[0]], TYPES[args[1]], args[2])
        elif kind == "map_end":
            p.writeMapEnd()
        elif kind == "bool":
            p.writeBool(args[0])
        elif kind == "i8":
            p.writeByte(args[0])
        elif kind == "i16":
            p.writeI16(args[0])
        elif kind == "i32":
            p.writeI32(args[0])
        elif kind == "i64":
            p.writeI64(args[0])
        elif kind == "dbl":
            p.writeDouble(struct.unpack(">d", bytes.fromhex(args[0]))[0])
        elif kind == "str":
            p.writeString(args[0])
        elif kind == "bin":
            p.writeBinary(bytes.fromhex(args[0]))
        else:
            raise ValueError(kind)
    return buf.getvalue()


def ops_as_lines(name, ops):
    """The line format TJsonGen.java reads: tab-separated, strings as UTF-8 hex."""
    lines = ["case\t" + name]
    for op in ops:
        parts = [op[0]]
        for i, a in enumerate(op[1:]):
            if isinstance(a, bool):
                parts.append("1" if a else "0")
            elif i == 0 and op[0] in ("str", "message_begin"):
                parts.append(a.encode("utf-8").hex())
            else:
                parts.append(str(a))
        lines.append("\t".join(parts))
    return lines


def write_java(java_src):
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["javac", "-d", tmp, "-sourcepath", java_src,
                        os.path.join(here, "tjson_java", "TJsonGen.java")], check=True)
        lines = []
        for name, ops in CASES:
            lines.extend(ops_as_lines(name, ops))
        out = subprocess.run(["java", "-cp", tmp, "TJsonGen"], check=True,
                             input="\n".join(lines) + "\n", capture_output=True, text=True)
    result = {}
    for line in out.stdout.splitlines():
        name, hexed = line.split("\t")
        result[name] = bytes.fromhex(hexed)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java-src", help="apache/thrift lib/java/src/main/java")
    ap.add_argument("--java-rev", default="", help="the apache/thrift commit of --java-src")
    args = ap.parse_args()
    java = write_java(args.java_src) if args.java_src else {}
    cases = []
    for name, ops in CASES:
        case = {"name": name, "ops": ops, "python": write_python(ops).decode("utf-8")}
        if name in java:
            case["java"] = java[name].decode("utf-8")
        cases.append(case)
    doc = {
        "generated_by": "api/tests/vectors/tjson_gen.py",
        "python_thrift": importlib.metadata.version("thrift"),
        "java_thrift_rev": args.java_rev,
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tjson_vectors.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote", path, file=sys.stderr)


if __name__ == "__main__":
    main()
