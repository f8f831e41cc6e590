package dev.exca.runtime.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The text of index lines and sidecar lines (format: {@code docs/cache-format.md}).
 *
 * <p>Index lines are exca's: one compact JSON object, handler fields first, then {@code "#type"}
 * and {@code "#key"}, e.g. {@code {"content":3.0,"#type":"Json","#key":"1-8a754ff2"}}. They are
 * built byte by byte rather than through a tree so that the inline content is exactly the bytes
 * whose size decided inlining, and parsed with a streaming parser that keeps inline content as raw
 * bytes, decoded only when read into the caller's declared type.
 */
final class IndexLines {
  static final String JSON = "Json";
  static final String MEMMAP = "MemmapArray";
  /** exca's alias for {@link #MEMMAP}, found in caches written by older releases. */
  static final String MEMMAP_ALIAS = "MemmapArrayFile";

  private static final JsonFactory FACTORY = new JsonFactory();

  private IndexLines() {}

  /** Where the value of an entry lives. */
  sealed interface Payload {
    /** @return the {@code #type} of the line */
    String handler();
  }

  /** A JSON value inside the index line. */
  record Inline(byte[] json) implements Payload {
    @Override
    public String handler() {
      return JSON;
    }
  }

  /** A JSON value in a shared {@code -data.jsonl} file. */
  record JsonFile(String filename, long offset, long length) implements Payload {
    @Override
    public String handler() {
      return JSON;
    }
  }

  /** Raw array bytes in a shared {@code .data} file. */
  record ArrayFile(String handler, String filename, long offset, long[] shape, String dtype)
      implements Payload {}

  /** One file per entry: a {@link Codec}, or exca's Pickle, NumpyArray... */
  record EntryFile(String handler, String filename) implements Payload {}

  /** A handler this reader does not know how to locate (exca's DataDict, ...). */
  record Unsupported(String handler) implements Payload {}

  /** A parsed index line. */
  record Line(String uid, Payload payload) {}

  /**
   * Integrity data of one index line, from the sidecar.
   *
   * @param lineCrc CRC32C of the index line without its newline
   * @param length payload length in bytes, or -1 for inline values
   * @param payloadCrc CRC32C of the payload, or -1
   */
  record Integrity(long lineCrc, long length, long payloadCrc) {}

  /** A sidecar line: the integrity of the index line starting at byte {@code at}. */
  record SidecarLine(long at, Integrity integrity) {}

  // ---------------------------------------------------------------- writing

  static byte[] inline(byte[] json, String uid) {
    // sized for an uid without escapes, the usual case: then the line is built in place
    int exact = CONTENT.length + json.length + TYPE.length + JSON.length() + 2 + KEY.length
        + uid.length() + 2 + CLOSE.length;
    return new Out(exact).raw(CONTENT).raw(json).tail(JSON, uid);
  }

  static byte[] jsonFile(String filename, long offset, long length, String uid) {
    Out out = new Out(96).raw(FILENAME).string(filename);
    out.raw(OFFSET).number(offset).raw(LENGTH).number(length);
    return out.tail(JSON, uid);
  }

  static byte[] arrayFile(String filename, long offset, long[] shape, String dtype, String uid) {
    Out out = new Out(128).raw(FILENAME).string(filename);
    out.raw(OFFSET).number(offset).raw(SHAPE);
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        out.raw(COMMA);
      }
      out.number(shape[i]);
    }
    out.raw(DTYPE).string(dtype);
    return out.tail(MEMMAP, uid);
  }

  static byte[] entryFile(String handler, String filename, String uid) {
    return new Out(96).raw(FILENAME).string(filename).tail(handler, uid);
  }

  static byte[] sidecar(long at, Integrity integrity) {
    Out out = new Out(integrity.length() >= 0 ? 64 : 40);
    sidecar(out, at, integrity.lineCrc(), integrity.length(), integrity.payloadCrc());
    return out.toBytes();
  }

  /**
   * Appends the sidecar line (without newline) of the index line at {@code at}: a writer builds
   * the sidecar lines of a whole group in one buffer.
   *
   * @param length the payload length, or -1 for an inline value (then {@code payloadCrc} is unused)
   */
  static void sidecar(Out out, long at, long lineCrc, long length, long payloadCrc) {
    out.raw(AT).number(at).raw(LINE).hex8(lineCrc).raw(QUOTE);
    if (length >= 0) {
      out.raw(LEN).number(length);
      out.raw(SUM).hex8(payloadCrc).raw(QUOTE);
    }
    out.raw(CLOSE);
  }

  static String hex(long crc) {
    char[] out = new char[8];
    for (int i = 7; i >= 0; i--) {
      out[i] = Character.forDigit((int) (crc & 0xf), 16);
      crc >>>= 4;
    }
    return new String(out);
  }

  /** A JSON string literal, quoted and escaped. */
  static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] CONTENT = ascii("{\"content\":");
  private static final byte[] FILENAME = ascii("{\"filename\":");
  private static final byte[] OFFSET = ascii(",\"offset\":");
  private static final byte[] LENGTH = ascii(",\"length\":");
  private static final byte[] SHAPE = ascii(",\"shape\":[");
  private static final byte[] DTYPE = ascii("],\"dtype\":");
  private static final byte[] TYPE = ascii(",\"#type\":");
  private static final byte[] KEY = ascii(",\"#key\":");
  private static final byte[] AT = ascii("{\"at\":");
  private static final byte[] LINE = ascii(",\"line\":\"");
  private static final byte[] LEN = ascii(",\"len\":");
  private static final byte[] SUM = ascii(",\"sum\":\"");
  private static final byte[] QUOTE = ascii("\"");
  private static final byte[] COMMA = ascii(",");
  private static final byte[] CLOSE = ascii("}");
  private static final byte[] HEX = ascii("0123456789abcdef");

  /**
   * A line under construction, in one growing array: a cold run writes an index line and a sidecar
   * line per item, and building them through streams and temporary strings allocated several
   * times the bytes written (in a new JVM, fresh heap pages cost a page fault each).
   */
  static final class Out {
    private byte[] buf;
    private int n;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    /** Appends one byte. */
    Out raw(char ascii) {
      ensure(1);
      buf[n++] = (byte) ascii;
      return this;
    }

    /** The bytes so far are {@code array()[0, size())}. */
    int size() {
      return n;
    }

    byte[] array() {
      return buf;
    }

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    Out raw(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
      return this;
    }

    Out number(long v) {
      if (v < 0) {
        return raw(ascii(Long.toString(v))); // never in practice: offsets and lengths
      }
      int len = 1;
      for (long t = v; t >= 10; t /= 10) {
        len++;
      }
      ensure(len);
      for (int i = n + len - 1; i >= n; i--) {
        buf[i] = (byte) ('0' + v % 10);
        v /= 10;
      }
      n += len;
      return this;
    }

    /** Eight lowercase hex digits of the low 32 bits. */
    Out hex8(long crc) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[n + i] = HEX[(int) (crc & 0xf)];
        crc >>>= 4;
      }
      n += 8;
      return this;
    }

    /** A JSON string: printable ASCII without quote or backslash as is, anything else escaped. */
    Out string(String s) {
      int len = s.length();
      ensure(len + 2);
      buf[n] = '"';
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          return raw(QUOTE).raw(JsonStringEncoder.getInstance().quoteAsUTF8(s)).raw(QUOTE);
        }
        buf[n + 1 + i] = (byte) c;
      }
      buf[n + 1 + len] = '"';
      n += len + 2;
      return this;
    }

    byte[] tail(String handler, String uid) {
      return raw(TYPE).string(handler).raw(KEY).string(uid).raw(CLOSE).toBytes();
    }

    byte[] toBytes() {
      return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Parses one index line (without its newline).
   *
   * @return the line, or null if it has no {@code #key}
   * @throws IOException if it is not one JSON object
   */
  static Line parse(byte[] buf, int off, int len) throws IOException {
    Line fast = IndexFastPaths.inline(buf, off, len); // the common line, without a parser
    return fast != null ? fast : parseWithJackson(buf, off, len);
  }

  /** {@link #parse} by Jackson alone, the reference the fast path is tested against. */
  static Line parseWithJackson(byte[] buf, int off, int len) throws IOException {
    String uid = null;
    String handler = null;
    byte[] content = null;
    String filename = null;
    long offset = -1;
    long length = -1;
    long[] shape = null;
    String dtype = null;
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      JsonToken t = p.nextToken();
      while (t == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (value == null) {
          throw new IOException("truncated JSON");
        }
        switch (field) {
          case "#key" -> uid = textOf(p, value);
          case "#type" -> handler = textOf(p, value);
          case "filename" -> filename = textOf(p, value);
          case "offset" -> offset = longOf(p, value);
          case "length" -> length = longOf(p, value);
          case "dtype" -> dtype = textOf(p, value);
          case "shape" -> shape = shapeOf(p, value);
          case "content" -> {
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            t = p.nextToken();
            if (t == null) {
              throw new IOException("truncated JSON");
            }
            // the value ends where the next token starts, less the separator and blanks
            int end = (int) p.currentTokenLocation().getByteOffset();
            while (end > start && isBlank(buf[off + end - 1])) {
              end--;
            }
            if (t == JsonToken.FIELD_NAME && end > start && buf[off + end - 1] == ',') {
              end--;
              while (end > start && isBlank(buf[off + end - 1])) {
                end--;
              }
            }
            content = java.util.Arrays.copyOfRange(buf, off + start, off + end);
            continue;
          }
          default -> p.skipChildren();
        }
        t = p.nextToken();
      }
      if (t != JsonToken.END_OBJECT) {
        throw new IOException("not a JSON object");
      }
      if (p.nextToken() != null) {
        throw new IOException("trailing data after the JSON object");
      }
    }
    if (uid == null) {
      return null;
    }
    return new Line(uid, payload(handler, content, filename, offset, length, shape, dtype));
  }

  private static Payload payload(
      String handler, byte[] content, String filename, long offset, long length, long[] shape,
      String dtype) {
    if (handler == null) {
      return new Unsupported("(none)");
    }
    if (handler.equals(JSON)) {
      if (content != null) {
        return new Inline(content);
      }
      if (filename != null && offset >= 0 && length >= 0) {
        return new JsonFile(filename, offset, length);
      }
      return new Unsupported(handler);
    }
    if (handler.equals(MEMMAP) || handler.equals(MEMMAP_ALIAS)) {
      if (filename != null && offset >= 0 && shape != null && dtype != null) {
        return new ArrayFile(handler, filename, offset, shape, dtype);
      }
      return new Unsupported(handler);
    }
    if (filename != null && offset < 0 && content == null) {
      return new EntryFile(handler, filename);
    }
    return new Unsupported(handler);
  }

  /**
   * Parses one sidecar line.
   *
   * @throws IOException if it is not a sidecar line
   */
  static SidecarLine parseSidecar(byte[] buf, int off, int len) throws IOException {
    long[] f = new long[4];
    parseSidecar(buf, off, len, f);
    return new SidecarLine(f[0], new Integrity(f[1], f[2], f[3]));
  }

  /**
   * {@link #parseSidecar(byte[], int, int)} into {@code fields}: at, line checksum, payload length
   * and payload checksum (-1 and -1 for an inline value); the lines this package writes take no
   * object (a loader reads one per index line).
   *
   * @throws IOException if it is not a sidecar line
   */
  static void parseSidecar(byte[] buf, int off, int len, long[] fields) throws IOException {
    if (IndexFastPaths.sidecar(buf, off, len, fields)) {
      return;
    }
    SidecarLine s = parseSidecarWithJackson(buf, off, len);
    fields[0] = s.at();
    fields[1] = s.integrity().lineCrc();
    fields[2] = s.integrity().length();
    fields[3] = s.integrity().payloadCrc();
  }

  /** {@link #parseSidecar} by Jackson alone, the reference the fast path is tested against. */
  static SidecarLine parseSidecarWithJackson(byte[] buf, int off, int len) throws IOException {
    long at = -1;
    long line = -1;
    long length = -1;
    long sum = -1;
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "at" -> at = longOf(p, value);
          case "line" -> line = crcOf(p, value);
          case "len" -> length = longOf(p, value);
          case "sum" -> sum = crcOf(p, value);
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new IOException("not a JSON object");
      }
    }
    if (at < 0 || line < 0 || (length >= 0) != (sum >= 0)) {
      throw new IOException("incomplete sidecar line");
    }
    return new SidecarLine(at, new Integrity(line, length, sum));
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static String textOf(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new IOException("expected a string for " + p.currentName());
    }
    return p.getText();
  }

  private static long longOf(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw new IOException("expected an integer for " + p.currentName());
    }
    return p.getLongValue();
  }

  private static long crcOf(JsonParser p, JsonToken t) throws IOException {
    String text = textOf(p, t);
    try {
      long v = Long.parseLong(text, 16);
      if (text.length() != 8 || v < 0) {
        throw new IOException("bad checksum " + text);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IOException("bad checksum " + text, e);
    }
  }

  private static long[] shapeOf(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw new IOException("expected an array for shape");
    }
    List<Long> dims = new ArrayList<>(2);
    JsonToken item;
    while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
      dims.add(longOf(p, item));
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  // ---------------------------------------------------------------- checksums

  static long crc(byte[] b, int off, int len) {
    CRC32C c = CRC.get(); // one per thread: a checksum per index line read or written
    c.reset();
    c.update(b, off, len);
    return c.getValue();
  }

  private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);

  static long crc(ByteBuffer buf) {
    CRC32C c = CRC.get();
    c.reset();
    c.update(buf.duplicate());
    return c.getValue();
  }
}
