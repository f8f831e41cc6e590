package dev.exca.runtime.identity;

/**
 * Python {@code str} semantics on Java strings: Python counts, slices and compares code points,
 * Java counts UTF-16 units, so an emoji is 1 character in Python and 2 in Java.
 */
final class PythonStrings {
  private PythonStrings() {}

  /** Python's {@code len(s)}. */
  static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** Python's {@code a < b} order (code points; {@code String.compareTo} compares UTF-16 units). */
  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * Python's {@code s[start:end]}, negative indices counting from the end, out of range clamped.
   */
  static String slice(String s, int start, int end) {
    int n = length(s);
    int from = clamp(start < 0 ? start + n : start, n);
    int to = clamp(end < 0 ? end + n : end, n);
    if (from >= to) {
      return "";
    }
    return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
  }

  /** Python's {@code s[start:]}. */
  static String sliceFrom(String s, int start) {
    return slice(s, start, length(s));
  }

  private static int clamp(int index, int n) {
    return Math.max(0, Math.min(index, n));
  }
}
