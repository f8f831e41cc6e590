package dev.exca.runtime.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code hashlib.md5(...).hexdigest()[:8]}, the short hash at the end of every uid. */
final class Md5 {
  private Md5() {}

  /** The first 8 hex digits of the md5 of the UTF-8 bytes of {@code text}. */
  static String short8(String text) {
    return short8(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The first 8 hex digits of the md5 of {@code bytes}. */
  static String short8(byte[] bytes) {
    return hex(bytes).substring(0, 8);
  }

  private static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required on every Java platform", e);
    }
  }
}
