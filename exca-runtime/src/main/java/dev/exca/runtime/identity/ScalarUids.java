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

  /**
   * Writes {@code v >= 0} in decimal at {@code at}; returns the end. Two digits per division (as
   * {@code Long.toString}): the hashed part of a float's uid is a 19-digit Python hash, which a
   * digit at a time made the most expensive step of the uid after the md5.
   */
  private static int digits(long v, byte[] out, int at) {
    int end = at + length(v);
    int i = end;
    while (v >= 100) {
      long q = v / 100;
      int r = (int) (v - q * 100);
      v = q;
      out[--i] = PAIRS[2 * r + 1];
      out[--i] = PAIRS[2 * r];
    }
    if (v >= 10) {
      out[--i] = PAIRS[2 * (int) v + 1];
      out[--i] = PAIRS[2 * (int) v];
    } else {
      out[--i] = (byte) ('0' + v);
    }
    return end;
  }

  /** The number of decimal digits of {@code v >= 0}. */
  private static int length(long v) {
    long p = 10;
    for (int n = 1; n < 19; n++) {
      if (v < p) {
        return n;
      }
      p *= 10;
    }
    return 19;
  }

  /** "00" to "99". */
  private static final byte[] PAIRS = new byte[200];

  static {
    for (int r = 0; r < 100; r++) {
      PAIRS[2 * r] = (byte) ('0' + r / 10);
      PAIRS[2 * r + 1] = (byte) ('0' + r % 10);
    }
  }

}
