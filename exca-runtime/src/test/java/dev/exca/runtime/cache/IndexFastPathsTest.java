package dev.exca.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exca.runtime.cache.IndexLines.ArrayFile;
import dev.exca.runtime.cache.IndexLines.EntryFile;
import dev.exca.runtime.cache.IndexLines.Inline;
import dev.exca.runtime.cache.IndexLines.Integrity;
import dev.exca.runtime.cache.IndexLines.JsonFile;
import dev.exca.runtime.cache.IndexLines.Line;
import dev.exca.runtime.cache.IndexLines.Payload;
import dev.exca.runtime.cache.IndexLines.SidecarLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast line readers return exactly what the Jackson-based parser returns, on the lines this
 * package writes and on damaged or unusual ones (where they must decline, or agree).
 */
class IndexFastPathsTest {
  private static final ObjectMapper MAPPER = FileStepCache.MAPPER;
  private static final Random RANDOM = new Random(20240611);

  private static List<byte[]> sampleLines() throws IOException {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      values.add(0.5 + i * 0.001);
      values.add(RANDOM.nextGaussian() * Math.pow(10, RANDOM.nextInt(40) - 20));
      values.add(RANDOM.nextLong());
      values.add(RANDOM.nextInt(100) - 50);
    }
    values.addAll(List.of(-0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e300, -1e-300, 3.0));
    values.addAll(Arrays.asList(null, true, false, "", "text", "with \"quote\"", "back\\slash", "é",
        "tab\there", List.of(1, 2), Map.of("a", 1)));
    List<String> uids = List.of("5-227dcc9a", "", "0.50-1a2b3c4d", "a b", "quote\"d", "back\\s",
        "é-uid", "{a=1}-x", "ctrl\u0001");
    List<byte[]> lines = new ArrayList<>();
    for (Object v : values) {
      byte[] json = MAPPER.writeValueAsBytes(v);
      lines.add(IndexLines.inline(json, uids.get(RANDOM.nextInt(uids.size()))));
      lines.add(IndexLines.inline(json, "5-227dcc9a"));
    }
    lines.add(IndexLines.jsonFile("data/a-data.jsonl", 10, 20, "k"));
    lines.add(IndexLines.arrayFile("data/a.data", 0, new long[] {1024}, "float32", "k"));
    lines.add(IndexLines.entryFile("Blob", "data/k.blob", "k"));
    return lines;
  }

  private static List<byte[]> damaged(byte[] line) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < line.length; i++) {
      out.add(Arrays.copyOf(line, i)); // torn
      byte[] flipped = line.clone();
      String noise = "{}\":,.e-+0 \\x#1";
      flipped[i] = (byte) noise.charAt(RANDOM.nextInt(noise.length()));
      out.add(flipped);
    }
    byte[] padded = new byte[line.length + 2];
    padded[0] = ' ';
    System.arraycopy(line, 0, padded, 1, line.length);
    padded[padded.length - 1] = ' ';
    out.add(padded);
    return out;
  }

  @Test
  void inlineLinesParseAsJacksonParsesThem() throws IOException {
    int fast = 0;
    for (byte[] line : sampleLines()) {
      fast += compareLine(line) ? 1 : 0;
      for (byte[] bad : damaged(line)) {
        compareLine(bad);
      }
    }
    assertEquals(true, fast > 1000, "the fast path takes the common lines: " + fast);
  }

  /** @return whether the fast path took the line */
  private static boolean compareLine(byte[] line) {
    // at an offset inside a larger buffer, as the index reader passes lines
    byte[] buf = new byte[line.length + 7];
    System.arraycopy(line, 0, buf, 3, line.length);
    Line fast = IndexFastPaths.inline(buf, 3, line.length);
    if (fast == null) {
      return false;
    }
    Line reference;
    try {
      reference = IndexLines.parseWithJackson(buf, 3, line.length);
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("fast path accepted a line Jackson rejects: " + text(line), e);
    }
    assertNotNull(reference, text(line));
    assertEquals(reference.uid(), fast.uid(), text(line));
    assertPayloadEquals(reference.payload(), fast.payload(), text(line));
    return true;
  }

  private static void assertPayloadEquals(Payload expected, Payload actual, String line) {
    if (expected instanceof Inline e && actual instanceof Inline a) {
      assertArrayEquals(e.json(), a.json(), line);
    } else if (expected instanceof ArrayFile e && actual instanceof ArrayFile a) {
      assertEquals(e.filename(), a.filename(), line);
      assertArrayEquals(e.shape(), a.shape(), line);
    } else if (expected instanceof JsonFile || expected instanceof EntryFile) {
      assertEquals(expected, actual, line);
    } else {
      assertEquals(expected.getClass(), actual.getClass(), line);
    }
  }

  @Test
  void sidecarLinesParseAsJacksonParsesThem() throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long at = i == 0 ? 0 : (RANDOM.nextLong() >>> 1) >>> (10 + RANDOM.nextInt(50));
      long crc = RANDOM.nextLong() & 0xffffffffL;
      boolean payload = RANDOM.nextBoolean();
      Integrity integrity =
          payload
              ? new Integrity(crc, RANDOM.nextInt(1 << 20), RANDOM.nextLong() & 0xffffffffL)
              : new Integrity(crc, -1, -1);
      lines.add(IndexLines.sidecar(at, integrity));
    }
    lines.add("{\"at\":5,\"line\":\"0A1B2C3D\"}".getBytes(StandardCharsets.US_ASCII));
    lines.add("{\"at\":05,\"line\":\"0a1b2c3d\"}".getBytes(StandardCharsets.US_ASCII));
    lines.add("{\"line\":\"0a1b2c3d\",\"at\":5}".getBytes(StandardCharsets.US_ASCII));
    for (char c : new char[] {'/', ':', '@', 'G', '`', 'g', 'F', ' ', '\u00e9'}) {
      // bytes next to the ranges of hex digits (and one not ASCII) are not digits
      lines.add(("{\"at\":5,\"line\":\"0a" + c + "b2c3d\"}").getBytes(StandardCharsets.UTF_8));
      lines.add(("{\"at\":5,\"line\":\"0a1b2c3d\",\"len\":7,\"sum\":\"0a1b2c3" + c + "\"}")
          .getBytes(StandardCharsets.UTF_8));
    }
    int fast = 0;
    for (byte[] line : lines) {
      fast += compareSidecar(line) ? 1 : 0;
      for (byte[] bad : damaged(line)) {
        compareSidecar(bad);
      }
    }
    assertEquals(200, fast, "the fast path takes every line IndexLines.sidecar writes");
  }

  private static boolean compareSidecar(byte[] line) {
    SidecarLine fast = IndexFastPaths.sidecar(line, 0, line.length);
    if (fast == null) {
      return false;
    }
    try {
      assertEquals(IndexLines.parseSidecarWithJackson(line, 0, line.length), fast, text(line));
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("fast path accepted a sidecar line Jackson rejects: " + text(line), e);
    }
    return true;
  }

  @Test
  void plainDoublesReadAsJacksonReadsThem() throws IOException {
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double d = Double.longBitsToDouble(RANDOM.nextLong());
      if (Double.isFinite(d)) {
        inputs.add(MAPPER.writeValueAsBytes(d));
      }
      inputs.add(MAPPER.writeValueAsBytes(0.5 + i * 0.001));
    }
    for (String s : List.of("-0.0", "-0", "0", "1e5", "1E+5", "-1.5e-7", "01.5", "1.", ".5", "NaN",
        "1.5 ", " 1.5", "1.5x", "\"1.5\"", "null", "", "-", "1e", "123456789012345678901234567890.5")) {
      inputs.add(s.getBytes(StandardCharsets.US_ASCII));
    }
    int fast = 0;
    for (byte[] json : inputs) {
      Double d = IndexFastPaths.plainDouble(json);
      if (d == null) {
        continue;
      }
      fast++;
      assertEquals(MAPPER.readValue(json, Double.class), d, text(json));
    }
    assertEquals(true, fast > 2000, "fast path taken: " + fast);
    assertNull(IndexFastPaths.plainDouble("-0".getBytes(StandardCharsets.US_ASCII)), "Jackson reads -0 as 0.0");
  }

  @Test
  void finiteDoublesAreWrittenAsJacksonWritesThem() throws IOException {
    // FileStepCache writes Double.toString for a finite Double instead of asking Jackson
    for (int i = 0; i < 20000; i++) {
      double d = i % 2 == 0 ? Double.longBitsToDouble(RANDOM.nextLong()) : 0.5 + i * 0.001;
      if (Double.isFinite(d)) {
        assertEquals(new String(MAPPER.writeValueAsBytes(d), StandardCharsets.US_ASCII), Double.toString(d));
      }
    }
    for (double d : new double[] {-0.0, 0.0, 1e300, Double.MIN_VALUE, 3.0, 1e7, 1e-3}) {
      assertEquals(new String(MAPPER.writeValueAsBytes(d), StandardCharsets.US_ASCII), Double.toString(d));
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
