package dev.exca.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafeNamesTest {

  @Test
  void plainUidsAreNamedAsExcaNamesThem() {
    // exca: string_uid("1-8a754ff2") == "1-8a754ff2-" + md5("1-8a754ff2")[:8]
    assertEquals("1-8a754ff2-" + SafeNames.md5Short("1-8a754ff2"), SafeNames.stringUid("1-8a754ff2"));
    assertEquals("a-b-c-d-e-f-" + SafeNames.md5Short("a/b\\c\nd\te f"), SafeNames.stringUid("a/b\\c\nd\te f"));
    String longUid = "x".repeat(50) + "y".repeat(50);
    assertEquals(
        "x".repeat(40) + "[.]" + "y".repeat(40) + "-" + SafeNames.md5Short(longUid),
        SafeNames.stringUid(longUid));
  }

  @Test
  void md5MatchesPython() {
    // hashlib.md5(b"hello").hexdigest()[:8]
    assertEquals("5d41402a", SafeNames.md5Short("hello"));
  }

  @Test
  void hostileUidsGiveHarmlessNames() {
    String[] hostile = {"../../etc/passwd", "..", ".", "a\0b", "/", "\\..\\x", ".hidden",
        "\u0001\u007f\u0085", "\ud800lone", "\u2028", "\ud83d\ude00".repeat(100), "z".repeat(500)};
    for (String uid : hostile) {
      String name = SafeNames.stringUid(uid);
      assertFalse(name.contains("/") || name.contains("\\") || name.contains("\0"), name);
      assertFalse(name.contains(".."), name);
      assertFalse(name.startsWith("."), name);
      assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 170, name);
      assertTrue(name.codePoints().noneMatch(Character::isISOControl), name);
      assertEquals(Path.of(name).getFileName().toString(), name);
    }
  }

  @Test
  void namesFromIndexLinesCannotLeaveTheFolder() {
    Path folder = Path.of("/tmp/f/cache");
    assertNotNull(SafeNames.resolveInside(folder, "data/x.data"));
    assertNull(SafeNames.resolveInside(folder, "../uid.yaml"));
    assertNull(SafeNames.resolveInside(folder, "data/../../x"));
    assertNull(SafeNames.resolveInside(folder, "/etc/passwd"));
    assertNull(SafeNames.resolveInside(folder, "data/\0x"));
    assertNull(SafeNames.resolveInside(folder, "."));
    assertNull(SafeNames.resolveInside(folder, ""));
  }

  @Test
  void hostNamesAreSanitised() {
    assertEquals("vm-1.local", SafeNames.sanitizeHost("vm-1.local"));
    assertEquals("a-b-c", SafeNames.sanitizeHost("a/b\0c"));
    assertEquals("localhost", SafeNames.sanitizeHost(".."));
    assertEquals("localhost", SafeNames.sanitizeHost(""));
  }
}
