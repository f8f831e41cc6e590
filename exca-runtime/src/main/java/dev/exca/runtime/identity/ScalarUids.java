package dev.exca.runtime.identity;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Item uids of single numbers, the most common item of large runs, built in per-thread buffers:
 * the same bytes as the general {@link UidMaker} path, which allocates a dozen strings, builders
 * and arrays per uid (in a new JVM every fresh heap page costs a page fault, so a run of 100,000
 * uids paid more for those bytes than for the md5s).
 */
final class ScalarUids {
  private ScalarUids() {}

  private static final byte[] FLOAT_TAG = "float:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INT_TAG = "int:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** One thread's buffers. */
  private static final class Buffers {
    final byte[] out = new byte[48]; // "-9223372036854775808" + "-" + 8 hex digits
    final byte[] hashed = new byte[32]; // "float:" or "int:" + a long
    final byte[] digest = new byte[16];
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /**
   * The uid of a double whose readable part is {@code %.2f} (a non-integral magnitude in [1e-3,
   * 1e4]) or an integral double below 2^53 ({@code 12.85-1a2b3c4d}, {@code 5-e4da3b7f}); null for
   * any other double, which the general path formats.
   */
  static String ofDouble(double x) {
    double magnitude = Math.abs(x);
    if (PythonFloats.isInteger(x)) {
      return magnitude < 0x1p53 ? ofLong((long) x) : null; // 5.0 and 5 share a uid
    }
    if (!(magnitude >= 1e-3 && magnitude <= 1e4)) {
      return null;
    }
    Buffers b = BUFFERS.get();
    byte[] out = b.out;
    int n = 0;
    if (x < 0) {
      out[n++] = '-';
    }
    long q = PythonFloats.roundHundredths(magnitude);
    n = digits(q / 100, out, n);
    out[n++] = '.';
    long cents = q % 100;
    out[n++] = (byte) ('0' + cents / 10);
    out[n++] = (byte) ('0' + cents % 10);
    System.arraycopy(FLOAT_TAG, 0, b.hashed, 0, FLOAT_TAG.length);
    int h = signedDigits(PythonFloats.hash(x), b.hashed, FLOAT_TAG.length);
    return finish(b, n, h);
  }

  /** The uid of an integer: readable {@code 42}, hashed {@code int:42}. */
  static String ofLong(long v) {
    Buffers b = BUFFERS.get();
    int n = signedDigits(v, b.out, 0);
    System.arraycopy(INT_TAG, 0, b.hashed, 0, INT_TAG.length);
    System.arraycopy(b.out, 0, b.hashed, INT_TAG.length, n);
    return finish(b, n, INT_TAG.length + n);
  }

  /** Appends "-" and 8 hex digits of the md5 of {@code hashed[0, hashedLength)}. */
  private static String finish(Buffers b, int n, int hashedLength) {
    MessageDigest md5 = Md5.digest();
    md5.update(b.hashed, 0, hashedLength);
    try {
      md5.digest(b.digest, 0, 16); // into the buffer: no array per call; resets the digest
    } catch (DigestException e) {
      throw new IllegalStateException("md5 digest", e);
    }
    byte[] out = b.out;
    out[n++] = '-';
    for (int k = 0; k < 4; k++) {
      out[n++] = HEX[(b.digest[k] >> 4) & 0xf];
      out[n++] = HEX[b.digest[k] & 0xf];
    }
    return new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** Writes {@code v} in decimal at {@code at}, with a minus sign if negative; returns the end. */
  private static int signedDigits(long v, byte[] out, int at) {
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        byte[] min = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(min, 0, out, at, min.length);
        return at + min.length;
      }
      out[at++] = '-';
      v = -v;
    }
    return digits(v, out, at);
  }

  /** Writes {@code v >= 0} in decimal at {@code at}; returns the end. */
  private static int digits(long v, byte[] out, int at) {
    int len = 1;
    for (long t = v; t >= 10; t /= 10) {
      len++;
    }
    for (int i = at + len - 1; i >= at; i--) {
      out[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + len;
  }
}
