package dev.exca.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lines the writer builds by hand are the JSON Jackson would write, byte for byte. */
class IndexLinesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> STRINGS =
      List.of("0.50-925c35ee", "", "a\"b", "back\\slash", "new\nline", "tab\t", "\u0000nul", "del\u007f",
          "é-ü", "日本", "emoji \uD83D\uDE00", "/../etc", "x".repeat(300), "\u001f\u0020~");

  private static String quoted(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsUTF8(s), StandardCharsets.UTF_8) + "\"";
  }

  @Test
  void inlineAndFileLinesMatchJacksonEscapingForAnyUid() throws Exception {
    for (String uid : STRINGS) {
      String inline = new String(IndexLines.inline("1.25".getBytes(StandardCharsets.UTF_8), uid), StandardCharsets.UTF_8);
      assertEquals("{\"content\":1.25,\"#type\":\"Json\",\"#key\":" + quoted(uid) + "}", inline);
      assertEquals(uid, JSON.readTree(inline).get("#key").asText());

      String file = new String(IndexLines.jsonFile("data/" + uid, 1234567890123L, 0, uid), StandardCharsets.UTF_8);
      JsonNode node = JSON.readTree(file);
      assertEquals("data/" + uid, node.get("filename").asText());
      assertEquals(1234567890123L, node.get("offset").asLong());
      assertEquals(0, node.get("length").asLong());
      assertEquals(uid, node.get("#key").asText());

      String array = new String(IndexLines.arrayFile("a.data", 7, new long[] {3, 0, 1024}, "<f4", uid),
          StandardCharsets.UTF_8);
      assertEquals("{\"filename\":\"a.data\",\"offset\":7,\"shape\":[3,0,1024],\"dtype\":\"<f4\","
          + "\"#type\":\"MemmapArray\",\"#key\":" + quoted(uid) + "}", array);
    }
  }

  @Test
  void sidecarLinesCarryEightHexDigitsAndNumbers() throws Exception {
    String inline = new String(IndexLines.sidecar(0, new IndexLines.Integrity(0x0000abcdL, -1, -1)),
        StandardCharsets.UTF_8);
    assertEquals("{\"at\":0,\"line\":\"0000abcd\"}", inline);
    String file = new String(
        IndexLines.sidecar(9_876_543_210L, new IndexLines.Integrity(0xffffffffL, 42, 0x12345678L)),
        StandardCharsets.UTF_8);
    assertEquals("{\"at\":9876543210,\"line\":\"ffffffff\",\"len\":42,\"sum\":\"12345678\"}", file);
    assertEquals(IndexLines.hex(0xdeadbeefL), "deadbeef");
  }
}
