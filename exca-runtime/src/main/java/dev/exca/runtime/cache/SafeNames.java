package dev.exca.runtime.cache;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names derived from uids and hosts. A uid only ever lives inside JSON lines; every name
 * built from it goes through {@link #stringUid}, and every name read back from an index line
 * through {@link #resolveInside}, so nothing a uid or an index line contains can escape the cache
 * folder.
 */
final class SafeNames {
  /** exca cuts names longer than this many characters in the middle. */
  private static final int MAX_CHARS = 80;

  private static final int KEEP = 40;

  /**
   * UTF-8 bytes kept before the hash; with the hash, an extension and {@code .failed} the name stays
   * well below the 255-byte limit of common filesystems even for 4-byte characters.
   */
  private static final int MAX_BYTES = 160;

  private static volatile String host;

  private SafeNames() {}

  /**
   * exca's {@code string_uid}: {@code / \ \n \t} and space become {@code -}, the middle is cut to
   * {@code 40 + "[.]" + 40} characters past 80, and {@code "-" + md5(key)[:8]} is appended. On top
   * of exca: NUL and other control characters become {@code -}, {@code ..} and a leading dot
   * become {@code _}, and the name is cut further if its UTF-8 form is too long. Names of plain
   * uids are the same as exca's.
   */
  static String stringUid(String key) {
    StringBuilder out = new StringBuilder(key.length());
    key.codePoints().forEach(cp -> out.appendCodePoint(unsafe(cp) ? '-' : cp));
    for (int i = 0; i < out.length(); i++) {
      boolean dotRun = out.charAt(i) == '.' && i + 1 < out.length() && out.charAt(i + 1) == '.';
      if (dotRun || (i == 0 && out.charAt(0) == '.')) {
        out.setCharAt(i, '_');
      }
    }
    String name = out.toString();
    int count = name.codePointCount(0, name.length());
    if (count > MAX_CHARS) {
      name = cut(name, KEEP);
    }
    for (int keep = Math.min(KEEP, count / 2); utf8Length(name) > MAX_BYTES && keep >= 0; keep--) {
      name = cut(out.toString(), keep);
    }
    return name + "-" + md5Short(key);
  }

  private static boolean unsafe(int cp) {
    return cp == '/'
        || cp == '\\'
        || cp == ' '
        || Character.isISOControl(cp) // NUL, \n, \t, DEL, C1 controls
        || Character.getType(cp) == Character.SURROGATE // a lone surrogate has no UTF-8 form
        || cp == '\u2028'
        || cp == '\u2029';
  }

  private static String cut(String text, int keep) {
    int count = text.codePointCount(0, text.length());
    int headEnd = text.offsetByCodePoints(0, Math.min(keep, count));
    int tailStart = text.offsetByCodePoints(text.length(), -Math.min(keep, count));
    return text.substring(0, headEnd) + "[.]" + text.substring(tailStart);
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The first 8 hex digits of the md5 of the UTF-8 bytes of {@code text}. */
  static String md5Short(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required on every Java platform", e);
    }
  }

  /**
   * Resolves a relative file name read from an index line against the cache folder.
   *
   * @return the path, or null if the name is absolute, holds a NUL or escapes the folder
   */
  static Path resolveInside(Path cacheFolder, String relative) {
    if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0) {
      return null;
    }
    try {
      Path candidate = Path.of(relative);
      if (candidate.isAbsolute()) {
        return null;
      }
      Path base = cacheFolder.toAbsolutePath().normalize();
      Path resolved = base.resolve(candidate).normalize();
      return resolved.startsWith(base) && !resolved.equals(base) ? resolved : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * The default writer prefix {@code {host}-{pid}-{thread id}}: exca uses {@code
   * {host}-{thread id}}, we add the pid because Java thread ids repeat across JVMs.
   */
  static String defaultPrefix() {
    return host() + "-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId();
  }

  /** The host name with everything but letters, digits, {@code .} and {@code _} replaced. */
  static String host() {
    String h = host;
    if (h == null) {
      h = sanitizeHost(rawHost());
      host = h;
    }
    return h;
  }

  static String sanitizeHost(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length() && out.length() < 64; i++) {
      char c = raw.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      out.append(ok || c == '.' || c == '_' ? c : '-');
    }
    // a name of dots only would be "." or ".." as a path segment prefix: never a bare one
    return out.length() == 0 || out.toString().replace(".", "").isEmpty()
        ? "localhost"
        : out.toString();
  }

  private static String rawHost() {
    // Python's socket.gethostname() is the kernel's node name; InetAddress may go to DNS.
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the portable way
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
