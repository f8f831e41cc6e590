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
    MessageDigest md5 = DIGEST.get(); // getInstance per call costs more than hashing a short uid
    return hex8(md5.digest(bytes)); // digest() resets it for the next call
  }

  /** This thread's md5 digest, reset (every {@code digest()} resets it). */
  static MessageDigest digest() {
    return DIGEST.get();
  }

  /** The first 8 hex digits of a digest. */
  static String hex8(byte[] digest) {
    return HexFormat.of().formatHex(digest, 0, 4);
  }

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("MD5 is required on every Java platform", e);
            }
          });
}
