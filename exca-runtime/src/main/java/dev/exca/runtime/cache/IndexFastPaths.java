package dev.exca.runtime.cache;

import com.fasterxml.jackson.core.io.NumberInput;
import dev.exca.runtime.cache.IndexLines.Inline;
import dev.exca.runtime.cache.IndexLines.Integrity;
import dev.exca.runtime.cache.IndexLines.Line;
import dev.exca.runtime.cache.IndexLines.SidecarLine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Allocation-light readers for the exact byte layouts this package writes most: inline index lines
 * ({@code {"content":3.5,"#type":"Json","#key":"1.17-8a754ff2"}}), sidecar lines and plain JSON
 * floating-point numbers. Creating a Jackson parser costs more than parsing such a short line, and a
 * warm read parses one index line and one sidecar line per item.
 *
 * <p>Each method accepts only input whose meaning it fully checks (a value that is a strict JSON
 * number, {@code null}, {@code true}, {@code false} or a string of printable ASCII without escapes;
 * a uid of printable ASCII without escapes; canonical integers and lower-case checksums) and then
 * returns exactly what the Jackson-based parser returns for it. Anything else, well formed or not,
 * gets {@code null}, and the caller falls back to Jackson, which stays the reference.
 */
final class IndexFastPaths {
  private static final byte[] INLINE_HEAD = ascii("{\"content\":");
  private static final byte[] INLINE_TAIL = ascii(",\"#type\":\"Json\",\"#key\":\"");
  private static final byte[] SIDECAR_AT = ascii("{\"at\":");
  private static final byte[] SIDECAR_LINE = ascii(",\"line\":\"");
  private static final byte[] SIDECAR_LEN = ascii(",\"len\":");
  private static final byte[] SIDECAR_SUM = ascii(",\"sum\":\"");

  /** Longest number taken here (Jackson's own limit is far above). */
  static final int MAX_NUMBER = 64;

  private IndexFastPaths() {}

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * An inline JSON index line in the layout {@link IndexLines#inline} writes.
   *
   * @return the line, or null when it is not in that layout with a simple value and uid
   */
  static Line inline(byte[] b, int off, int len) {
    int keyStart = inlineKey(b, off, len);
    if (keyStart < 0) {
      return null;
    }
    int close = off + len - 2;
    int start = off + INLINE_HEAD.length;
    int tail = keyStart - INLINE_TAIL.length;
    String uid = new String(b, keyStart, close - keyStart, StandardCharsets.ISO_8859_1);
    return new Line(uid, new Inline(Arrays.copyOfRange(b, start, tail)));
  }

  /**
   * Where the uid of an inline JSON index line in the layout {@link IndexLines#inline} writes
   * starts; it ends two bytes before the line ({@code "}}). The value is {@code
   * b[off + }{@link #INLINE_VALUE_START}{@code , keyStart - }{@link #INLINE_VALUE_END_GAP}{@code )}.
   *
   * @return the index of the uid's first byte, or -1 when the line is not in that layout with a
   *     simple value and uid (as for {@link #inline})
   */
  static int inlineKey(byte[] b, int off, int len) {
    int end = off + len;
    if (len < INLINE_HEAD.length + INLINE_TAIL.length + 3
        || !regionEquals(b, off, INLINE_HEAD)
        || b[end - 1] != '}'
        || b[end - 2] != '"') {
      return -1;
    }
    int close = end - 2; // the closing quote of the uid
    int keyStart = close;
    while (keyStart > off && isPlain(b[keyStart - 1])) {
      keyStart--;
    }
    int tail = keyStart - INLINE_TAIL.length;
    int start = off + INLINE_HEAD.length;
    if (tail <= start || !regionEquals(b, tail, INLINE_TAIL) || !isSimpleValue(b, start, tail)) {
      return -1;
    }
    return keyStart;
  }

  /** Offset of an inline line's value from the line's start. */
  static final int INLINE_VALUE_START = INLINE_HEAD.length;

  /** Bytes between an inline line's value and its uid. */
  static final int INLINE_VALUE_END_GAP = INLINE_TAIL.length;

  /**
   * A sidecar line in the layout {@link IndexLines#sidecar} writes.
   *
   * @return the record, or null when it is not in that layout
   */
  static SidecarLine sidecar(byte[] b, int off, int len) {
    long[] f = new long[4];
    return sidecar(b, off, len, f) ? new SidecarLine(f[0], new Integrity(f[1], f[2], f[3])) : null;
  }

  /**
   * {@link #sidecar(byte[], int, int)} into {@code fields}: at, line checksum, payload length
   * and payload checksum (-1 and -1 for an inline value), without objects.
   *
   * @return false when the line is not in the layout this package writes
   */
  static boolean sidecar(byte[] b, int off, int len, long[] fields) {
    int end = off + len;
    if (!regionEquals(b, off, SIDECAR_AT)) {
      return false;
    }
    int i = off + SIDECAR_AT.length;
    int atEnd = canonicalDigitsEnd(b, i, end);
    if (atEnd < 0 || !regionEquals(b, atEnd, SIDECAR_LINE)) {
      return false;
    }
    long at = digits(b, i, atEnd);
    i = atEnd + SIDECAR_LINE.length;
    long line = hex8(b, i, end);
    if (line < 0 || i + 9 > end || b[i + 8] != '"') {
      return false;
    }
    i += 9;
    if (i + 1 == end && b[i] == '}') {
      fields[0] = at;
      fields[1] = line;
      fields[2] = -1;
      fields[3] = -1;
      return true;
    }
    if (!regionEquals(b, i, SIDECAR_LEN)) {
      return false;
    }
    i += SIDECAR_LEN.length;
    int lenEnd = canonicalDigitsEnd(b, i, end);
    if (lenEnd < 0 || !regionEquals(b, lenEnd, SIDECAR_SUM)) {
      return false;
    }
    long length = digits(b, i, lenEnd);
    i = lenEnd + SIDECAR_SUM.length;
    long sum = hex8(b, i, end);
    if (sum < 0 || i + 10 != end || b[i + 8] != '"' || b[i + 9] != '}') {
      return false;
    }
    fields[0] = at;
    fields[1] = line;
    fields[2] = length;
    fields[3] = sum;
    return true;
  }

  /**
   * A JSON floating-point number (with a fraction or an exponent), as Jackson reads it into a
   * {@code Double}.
   *
   * @return the value, or null when {@code json} is anything else (integers included: Jackson
   *     reads {@code -0} as {@code 0.0})
   */
  static Double plainDouble(byte[] json) {
    return plainDouble(json, 0, json.length, new char[MAX_NUMBER]);
  }

  /**
   * {@link #plainDouble(byte[])} of {@code b[from, to)}, with {@code chars} (at least {@value
   * #MAX_NUMBER} long) as room for the digits.
   */
  static Double plainDouble(byte[] b, int from, int to, char[] chars) {
    int n = to - from;
    if (n > MAX_NUMBER || n <= 0 || numberEnd(b, from, to) != to) {
      return null;
    }
    boolean floating = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '.' || c == 'e' || c == 'E') {
        floating = true;
        break;
      }
    }
    // Jackson parses with Double.parseDouble; its bundled FastDoubleParser gives the same
    // correctly rounded value, faster
    if (!floating) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      chars[i] = (char) b[from + i]; // ASCII, checked by numberEnd
    }
    return NumberInput.parseDouble(chars, 0, n, true);
  }

  /** Whether {@code b[at, at + length)} are the chars of {@code text}, all below 0x80. */
  static boolean asciiEquals(byte[] b, int at, int length, String text) {
    if (text.length() != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (text.charAt(k) != b[at + k]) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- pieces

  /** Printable ASCII other than a quote or a backslash: the same bytes in and out of a string. */
  private static boolean isPlain(byte c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  }

  private static boolean regionEquals(byte[] b, int at, byte[] expected) {
    if (at < 0 || at + expected.length > b.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** A number, a literal or an escape-free ASCII string filling exactly {@code [from, to)}. */
  private static boolean isSimpleValue(byte[] b, int from, int to) {
    byte c = b[from];
    if (c == '"') {
      if (to - from < 2 || b[to - 1] != '"') {
        return false;
      }
      for (int i = from + 1; i < to - 1; i++) {
        if (!isPlain(b[i])) {
          return false;
        }
      }
      return true;
    }
    if (c == 'n' || c == 't' || c == 'f') {
      return literal(b, from, to, "null") || literal(b, from, to, "true") || literal(b, from, to, "false");
    }
    return to - from <= MAX_NUMBER && numberEnd(b, from, to) == to;
  }

  private static boolean literal(byte[] b, int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (b[from + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The end of the strict JSON number starting at {@code from} ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?
   * ([eE][+-]?[0-9]+)?}), or -1 if there is none.
   */
  private static int numberEnd(byte[] b, int from, int to) {
    int i = from;
    if (i < to && b[i] == '-') {
      i++;
    }
    if (i >= to || !isDigit(b[i])) {
      return -1;
    }
    if (b[i] == '0') {
      i++;
    } else {
      while (i < to && isDigit(b[i])) {
        i++;
      }
    }
    if (i < to && b[i] == '.') {
      i++;
      int digits = i;
      while (i < to && isDigit(b[i])) {
        i++;
      }
      if (i == digits) {
        return -1;
      }
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int digits = i;
      while (i < to && isDigit(b[i])) {
        i++;
      }
      if (i == digits) {
        return -1;
      }
    }
    return i;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** The end of a canonical non-negative integer (no leading zero, at most 18 digits), or -1. */
  private static int canonicalDigitsEnd(byte[] b, int from, int to) {
    int i = from;
    while (i < to && isDigit(b[i])) {
      i++;
    }
    int n = i - from;
    if (n == 0 || n > 18 || (n > 1 && b[from] == '0')) {
      return -1;
    }
    return i;
  }

  private static long digits(byte[] b, int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  /** Eight lower-case hex digits at {@code from}, or -1. */
  private static long hex8(byte[] b, int from, int to) {
    if (from + 8 > to) {
      return -1;
    }
    // by table, without a branch per digit: checksum digits are random, and a test of digit or
    // letter mispredicted about every other one (a fifth of an index load went to this loop)
    long v = 0;
    int bad = 0;
    for (int i = from; i < from + 8; i++) {
      int d = HEX_VALUES[b[i] & 0xff];
      bad |= d;
      v = (v << 4) | (d & 0xf);
    }
    return bad < 0 ? -1 : v;
  }

  /** The value of each lowercase hex digit, -1 for every other byte. */
  private static final int[] HEX_VALUES = new int[256];

  static {
    java.util.Arrays.fill(HEX_VALUES, -1);
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUES[c] = c - '0';
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUES[c] = c - 'a' + 10;
    }
  }
}
