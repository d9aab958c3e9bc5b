// Replays tjson_gen.py's ops (one per line on stdin) through Apache Thrift's Java
// TJSONProtocol and prints "case<TAB>hex of the output" per case. Compile it against
// apache/thrift's lib/java/src/main/java; tjson_gen.py does that when given --java-src.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.thrift.protocol.*;
import org.apache.thrift.transport.TMemoryBuffer;

public class TJsonGen {
  static final Map<String, Byte> TYPES = new HashMap<>();

  static {
    TYPES.put("tf", TType.BOOL);
    TYPES.put("i8", TType.BYTE);
    TYPES.put("i16", TType.I16);
    TYPES.put("i32", TType.I32);
    TYPES.put("i64", TType.I64);
    TYPES.put("dbl", TType.DOUBLE);
    TYPES.put("str", TType.STRING);
    TYPES.put("rec", TType.STRUCT);
    TYPES.put("map", TType.MAP);
    TYPES.put("set", TType.SET);
    TYPES.put("lst", TType.LIST);
  }

  static byte[] unhex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static String hex(byte[] b, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(String.format("%02x", b[i] & 0xff));
    }
    return sb.toString();
  }

  static String utf8(String hexed) {
    return new String(unhex(hexed), StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String name = null;
    TMemoryBuffer buf = null;
    TJSONProtocol p = null;
    String line;
    while ((line = in.readLine()) != null) {
      String[] a = line.split("\t", -1);
      switch (a[0]) {
        case "case":
          if (name != null) System.out.println(name + "\t" + hex(buf.getArray(), buf.length()));
          name = a[1];
          buf = new TMemoryBuffer(64);
          p = new TJSONProtocol(buf);
          break;
        case "message_begin":
          p.writeMessageBegin(new TMessage(utf8(a[1]), Byte.parseByte(a[2]), Integer.parseInt(a[3])));
          break;
        case "message_end": p.writeMessageEnd(); break;
        case "struct_begin": p.writeStructBegin(new TStruct("S")); break;
        case "struct_end": p.writeStructEnd(); break;
        case "field_begin":
          p.writeFieldBegin(new TField("f", TYPES.get(a[1]), Short.parseShort(a[2])));
          break;
        case "field_end": p.writeFieldEnd(); break;
        case "field_stop": p.writeFieldStop(); break;
        case "list_begin": p.writeListBegin(new TList(TYPES.get(a[1]), Integer.parseInt(a[2]))); break;
        case "list_end": p.writeListEnd(); break;
        case "set_begin": p.writeSetBegin(new TSet(TYPES.get(a[1]), Integer.parseInt(a[2]))); break;
        case "set_end": p.writeSetEnd(); break;
        case "map_begin":
          p.writeMapBegin(new TMap(TYPES.get(a[1]), TYPES.get(a[2]), Integer.parseInt(a[3])));
          break;
        case "map_end": p.writeMapEnd(); break;
        case "bool": p.writeBool(a[1].equals("1")); break;
        case "i8": p.writeByte(Byte.parseByte(a[1])); break;
        case "i16": p.writeI16(Short.parseShort(a[1])); break;
        case "i32": p.writeI32(Integer.parseInt(a[1])); break;
        case "i64": p.writeI64(Long.parseLong(a[1])); break;
        case "dbl": p.writeDouble(Double.longBitsToDouble(Long.parseUnsignedLong(a[1], 16))); break;
        case "str": p.writeString(utf8(a[1])); break;
        case "bin": p.writeBinary(ByteBuffer.wrap(unhex(a[1]))); break;
        default: throw new IllegalArgumentException(a[0]);
      }
    }
    if (name != null) System.out.println(name + "\t" + hex(buf.getArray(), buf.length()));
  }
}
