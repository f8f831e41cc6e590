package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.cache;
import static dev.exca.runtime.cache.CacheFixtures.index;
import static dev.exca.runtime.cache.CacheFixtures.lines;
import static dev.exca.runtime.cache.CacheFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.cache.CacheFixtures.TypeRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every handler and result type, written by one cache and read back by a fresh one. */
class FileStepCacheRoundTripTest {
  @TempDir Path tmp;

  record Sample(int id, String name, List<Double> values) {}

  /**
   * Writes with one instance, reads with another (as another process would); the writer reads
   * the same value back before anything is flushed.
   */
  private Object roundTrip(String uid, Object value, java.lang.reflect.Type type) {
    Path folder = tmp.resolve("step");
    Object mine;
    try (FileStepCache writer = cache(folder, "w")) {
      assertTrue(writer.write(uid, value, type));
      assertTrue(writer.contains(uid));
      mine = writer.read(uid, type); // straight from memory and the data files
    }
    try (FileStepCache reader = cache(folder, "r")) {
      assertTrue(reader.contains(uid));
      Object theirs = reader.read(uid, type);
      assertTrue(java.util.Objects.deepEquals(mine, theirs), mine + " vs " + theirs);
      return theirs;
    }
  }

  @Test
  void smallFloatIsOneExactExcaLine() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "vm-1-1")) {
      c.write("1-8a754ff2", 3.0, Double.class);
    }
    assertEquals(
        "{\"content\":3.0,\"#type\":\"Json\",\"#key\":\"1-8a754ff2\"}\n",
        text(index(folder, "vm-1-1")));
    // the sidecar: one line per index line, by offset, with the line's CRC32C
    String sidecar = text(folder.resolve("cache/vm-1-1-info.jsonl.crc"));
    byte[] line = "{\"content\":3.0,\"#type\":\"Json\",\"#key\":\"1-8a754ff2\"}".getBytes();
    long crc = IndexLines.crc(line, 0, line.length);
    assertEquals("{\"at\":0,\"line\":\"" + IndexLines.hex(crc) + "\"}\n", sidecar);
    assertEquals("1.0\n", text(folder.resolve("cache/format-version")));
  }

  @Test
  void scalarsStringsAndNull() {
    assertEquals(2.5, roundTrip("a", 2.5, Double.class));
    assertEquals(2.5, roundTrip("b", 2.5, double.class));
    assertEquals("héllo \"x\"\n", roundTrip("c", "héllo \"x\"\n", String.class));
    assertNull(roundTrip("d", null, String.class));
    assertEquals(7L, roundTrip("e", 7L, Long.class));
    assertEquals(Boolean.TRUE, roundTrip("f", true, Boolean.class));
  }

  @Test
  void genericCollectionsKeepTheirDeclaredTypes() {
    Object list = roundTrip("l", List.of(1.0, 2.0, 3.5), new TypeRef<List<Double>>() {}.type());
    assertEquals(List.of(1.0, 2.0, 3.5), list);
    ((List<?>) list).forEach(x -> assertInstanceOf(Double.class, x));
    Map<String, Integer> map = new LinkedHashMap<>();
    map.put("b", 2);
    map.put("a", 1);
    Object read = roundTrip("m", map, new TypeRef<Map<String, Integer>>() {}.type());
    assertEquals(map, read);
    ((Map<?, ?>) read).values().forEach(x -> assertInstanceOf(Integer.class, x));
    // integral doubles come back as doubles when declared so, though JSON says 1.0 / 1
    Object ints = roundTrip("n", List.of(1.0, 2.0), new TypeRef<List<Float>>() {}.type());
    assertEquals(List.of(1.0f, 2.0f), ints);
  }

  @Test
  void records() {
    Sample s = new Sample(3, "x", List.of(0.5));
    assertEquals(s, roundTrip("r", s, Sample.class));
  }

  @Test
  void valuesReadBackFromTheirLinesInAnyOrderAndOfAnyLength() {
    // a reader decodes each line in a per-thread buffer: a long line followed by a short one
    // must not leave bytes of the first in the second
    Path folder = tmp.resolve("lines");
    List<String> uids = new ArrayList<>();
    try (FileStepCache w = cache(folder, "w")) {
      for (int i = 0; i < 300; i++) {
        String uid = "item-" + i;
        uids.add(uid);
        if (i % 3 == 0) {
          w.write(uid, "s".repeat(i), String.class);
        } else {
          w.write(uid, i % 2 == 0 ? i + 0.25 : -1e-7 * i, Double.class);
        }
      }
    }
    try (FileStepCache r = cache(folder, "r")) {
      for (int k = 0; k < 300; k++) {
        int i = (k * 7919) % 300; // long and short lines interleaved
        if (i % 3 == 0) {
          assertEquals("s".repeat(i), r.read("item-" + i, String.class));
        } else {
          assertEquals(i % 2 == 0 ? i + 0.25 : -1e-7 * i, r.read("item-" + i, Double.class), "item-" + i);
        }
      }
    }
  }

  @Test
  void largeJsonGoesToTheSharedDataFile() throws IOException {
    List<Integer> big = IntStream.range(0, 300).boxed().toList(); // 1091 bytes, as in exca's test
    Path folder = tmp.resolve("step");
    assertEquals(big, roundTrip("big", big, new TypeRef<List<Integer>>() {}.type()));
    String line = lines(index(folder, "w")).get(0);
    assertEquals(
        "{\"filename\":\"data/w-data.jsonl\",\"offset\":0,\"length\":1091,\"#type\":\"Json\","
            + "\"#key\":\"big\"}",
        line);
    String data = text(folder.resolve("cache/data/w-data.jsonl"));
    assertEquals(1092, data.length()); // the value and a newline, as exca writes it
    assertTrue(data.startsWith("[0,1,2,"));
  }

  @Test
  void the512ByteLimitIsInclusive() throws IOException {
    Path folder = tmp.resolve("step");
    String fits = "x".repeat(510); // "..." = 512 bytes of JSON
    String over = "x".repeat(511);
    try (FileStepCache c = cache(folder, "w")) {
      c.write("fits", fits, String.class);
      c.write("over", over, String.class);
    }
    List<String> lines = lines(index(folder, "w"));
    assertTrue(lines.get(0).startsWith("{\"content\":\"xxx"));
    assertTrue(lines.get(1).startsWith("{\"filename\":\"data/w-data.jsonl\",\"offset\":0,\"length\":513"));
  }

  @Test
  void primitiveArraysAreMemmapArrays() throws IOException {
    double[] d = {1.5, -2.0, 3.25};
    assertArrayEquals(d, (double[]) roundTrip("d", d, double[].class));
    Path folder = tmp.resolve("step");
    assertEquals(
        "{\"filename\":\"data/w.data\",\"offset\":0,\"shape\":[3],\"dtype\":\"float64\","
            + "\"#type\":\"MemmapArray\",\"#key\":\"d\"}",
        lines(index(folder, "w")).get(0));
    ByteBuffer raw =
        ByteBuffer.wrap(Files.readAllBytes(folder.resolve("cache/data/w.data")))
            .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(24, raw.capacity());
    assertEquals(-2.0, raw.getDouble(8));

    float[][] f = {{1f, 2f, 3f}, {4f, 5f, 6f}};
    assertTrue(java.util.Arrays.deepEquals(f, (float[][]) roundTrip("f", f, float[][].class)));
    String line = lines(index(folder, "w")).get(1);
    assertTrue(line.contains("\"offset\":24,\"shape\":[2,3],\"dtype\":\"float32\""), line);

    byte[] b = {0, 1, (byte) 200, -1};
    assertArrayEquals(b, (byte[]) roundTrip("b", b, byte[].class));
    assertTrue(lines(index(folder, "w")).get(2).contains("\"dtype\":\"uint8\""));
    int[] i = {1, -2, Integer.MAX_VALUE};
    assertArrayEquals(i, (int[]) roundTrip("i", i, int[].class));
    long[] l = {Long.MIN_VALUE, 0, 5};
    assertArrayEquals(l, (long[]) roundTrip("l", l, long[].class));
    // declared Object: the natural array of the dtype
    assertArrayEquals(d, (double[]) roundTrip("o", d, Object.class));
  }

  @Test
  void emptyAndJaggedArraysFallBackToJson() throws IOException {
    assertArrayEquals(new double[0], (double[]) roundTrip("e", new double[0], double[].class));
    int[][] jagged = {{1}, {2, 3}};
    assertTrue(java.util.Arrays.deepEquals(jagged, (int[][]) roundTrip("j", jagged, int[][].class)));
    List<String> lines = lines(index(tmp.resolve("step"), "w"));
    assertEquals("{\"content\":[],\"#type\":\"Json\",\"#key\":\"e\"}", lines.get(0));
    assertEquals("{\"content\":[[1],[2,3]],\"#type\":\"Json\",\"#key\":\"j\"}", lines.get(1));
  }

  @Test
  void customCodecFromServiceLoader() throws IOException {
    TestBlob blob = new TestBlob(new byte[] {1, 2, 3});
    assertEquals(blob, roundTrip("blob/1", blob, TestBlob.class));
    Path folder = tmp.resolve("step");
    String name = SafeNames.stringUid("blob/1") + ".blob";
    assertEquals(
        "{\"filename\":\"data/" + name + "\",\"#type\":\"TestBlob\",\"#key\":\"blob/1\"}",
        lines(index(folder, "w")).get(0));
    assertArrayEquals(
        new byte[] {TestBlobCodec.MAGIC, 1, 2, 3}, Files.readAllBytes(folder.resolve("cache/data/" + name)));
    // no temporary file left behind
    try (var files = Files.list(folder.resolve("cache/data"))) {
      assertEquals(List.of(name), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void unstorableValueNamesTheFix() {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "w")) {
      CacheWriteException e = assertThrows(CacheWriteException.class,
          () -> c.write("x", new Object(), Object.class));
      assertTrue(e.getMessage().contains("x"), e.getMessage());
      assertTrue(e.getMessage().contains("Codec"), e.getMessage());
      assertFalse(c.contains("x"));
    }
  }

  @Test
  void missingEntryIsACacheMiss() {
    try (FileStepCache c = cache(tmp.resolve("step"), "w")) {
      assertFalse(c.contains("nope"));
      CacheMissException e = assertThrows(CacheMissException.class, () -> c.read("nope", Double.class));
      assertTrue(e.getMessage().contains("nope"));
      assertFalse(Files.exists(tmp.resolve("step")), "lookups create nothing on disk");
    }
  }

  @Test
  void typeMismatchIsNotACacheMiss() {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "w")) {
      c.write("x", "text", String.class);
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> c.read("x", Sample.class));
      assertTrue(e.getMessage().contains("version"), e.getMessage());
    }
  }

  @Test
  void keepInRamReturnsTheLoadedInstanceUntilDeleted() {
    Path folder = tmp.resolve("step");
    java.lang.reflect.Type type = new TypeRef<List<Double>>() {}.type();
    try (StepCache w = StepCache.open(folder, false)) {
      w.write("k", new ArrayList<>(List.of(1.0)), type);
    }
    try (StepCache ram = StepCache.open(folder, true);
        StepCache disk = StepCache.open(folder, false)) {
      Object first = ram.read("k", type);
      assertSame(first, ram.read("k", type));
      assertNotSame(disk.read("k", type), disk.read("k", type));
      ram.delete(List.of("k"));
      assertFalse(ram.contains("k"));
      assertThrows(CacheMissException.class, () -> ram.read("k", type));
    }
  }

  @Test
  void errorsAreRecordedReadAndDeleted() {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "w")) {
      assertNull(c.error("u/1"));
      c.recordError("u/1", new IllegalArgumentException("bad value"));
      StepCache.ErrorRecord r = c.error("u/1");
      assertEquals("u/1", r.uid());
      assertEquals(IllegalArgumentException.class.getName(), r.type());
      assertEquals("bad value", r.message());
      assertTrue(r.stackTrace().contains("errorsAreRecordedReadAndDeleted"), r.stackTrace());
      assertEquals(folder.resolve("errors").resolve(SafeNames.stringUid("u/1") + ".json"), r.path());
      try (FileStepCache other = cache(folder, "x")) {
        assertEquals("bad value", other.error("u/1").message());
        other.recordError("u/1", new IllegalStateException("again")); // replaced atomically
      }
      assertEquals("again", c.error("u/1").message());
      c.delete(List.of("u/1"));
      assertNull(c.error("u/1"));
    }
  }

  @Test
  void newerMajorFormatIsRefused() throws IOException {
    Path folder = tmp.resolve("step");
    Files.createDirectories(folder.resolve("cache"));
    Files.writeString(folder.resolve("cache/format-version"), "2.0\n");
    try (FileStepCache c = cache(folder, "w")) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.contains("x"));
      assertTrue(e.getMessage().contains("2.0") && e.getMessage().contains("Upgrade"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> c.write("x", 1.0, Double.class));
    }
    Files.writeString(folder.resolve("cache/format-version"), "1.7\n"); // same major: fine
    try (FileStepCache c = cache(folder, "w")) {
      assertTrue(c.write("x", 1.0, Double.class));
    }
  }

  @Test
  void payloadIsWrittenBeforeItsIndexLineWhichWaitsForItsGroup() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "w");
        FileStepCache other = cache(folder, "o")) {
      c.write("a", new double[] {1, 2}, double[].class);
      assertEquals(16, Files.size(folder.resolve("cache/data/w.data")));
      assertEquals(0, Files.size(index(folder, "w")), "the index line waits for the group");
      assertFalse(other.contains("a"), "not visible to other processes before the flush");
      c.flush();
      assertEquals(1, lines(index(folder, "w")).size());
      assertTrue(other.contains("a"));
    }
  }
}
