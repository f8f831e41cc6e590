package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.allFiles;
import static dev.exca.runtime.cache.CacheFixtures.cache;
import static dev.exca.runtime.cache.CacheFixtures.index;
import static dev.exca.runtime.cache.CacheFixtures.lines;
import static dev.exca.runtime.cache.CacheFixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.cache.CacheFixtures.TypeRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torn writes, damaged payloads, deletion and hostile uids. */
class FileStepCacheRobustnessTest {
  @TempDir Path tmp;

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.APPEND);
  }

  private static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), offset);
    }
  }

  private static List<String> quarantined(Path folder) throws IOException {
    Path q = folder.resolve("cache/quarantine");
    return Files.exists(q) ? allFiles(q).stream().flatMap(p -> {
      try {
        return lines(p).stream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList() : List.of();
  }

  @Test
  void tornLastLineIsIgnoredAndLaterEntriesStillWork() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x1", 1.0, Double.class);
      a.write("x2", 2.0, Double.class);
    }
    // a writer died in the middle of a line
    append(index(folder, "a"), "{\"content\":4.0,\"#ty");
    try (FileStepCache follower = cache(folder, "f")) {
      assertTrue(follower.contains("x1"));
      assertTrue(follower.contains("x2"));
      assertEquals(2.0, follower.read("x2", Double.class));
      // the same name again (pid reuse): the new writer starts on a fresh line
      try (FileStepCache again = cache(folder, "a")) {
        assertTrue(again.contains("x1"));
        again.write("x3", 3.0, Double.class);
      }
      assertTrue(follower.contains("x3"), "the follower skips the torn line and reads on");
      assertEquals(3.0, follower.read("x3", Double.class));
    }
    // another process's writer
    try (FileStepCache b = cache(folder, "b")) {
      b.write("x4", 4.0, Double.class);
    }
    try (FileStepCache fresh = cache(folder, "fresh")) {
      for (String uid : List.of("x1", "x2", "x3", "x4")) {
        assertTrue(fresh.contains(uid), uid);
      }
    }
  }

  @Test
  void bytesAppendedToAnOpenWritersFileDoNotSwallowItsNextLine() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x1", 1.0, Double.class);
      a.flush();
      append(index(folder, "a"), "garbage without newline");
      append(folder.resolve("cache/a-info.jsonl.crc"), "{\"at\":");
      a.write("x2", 2.0, Double.class);
    }
    try (FileStepCache r = cache(folder, "r")) {
      assertEquals(1.0, r.read("x1", Double.class));
      assertEquals(2.0, r.read("x2", Double.class));
    }
  }

  @Test
  void unparsableMiddleLineIsSkipped() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x1", 1.0, Double.class);
    }
    append(index(folder, "a"), "not json at all\n");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x2", 2.0, Double.class);
    }
    try (FileStepCache r = cache(folder, "r")) {
      assertTrue(r.contains("x1"));
      assertTrue(r.contains("x2"));
    }
  }

  @Test
  void truncatedArrayPayloadIsQuarantinedAndRecomputable() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("ok", new double[] {1, 2}, double[].class);
      a.write("cut", new double[] {3, 4, 5}, double[].class);
    }
    Path data = folder.resolve("cache/data/a.data");
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
      ch.truncate(16 + 8); // half of the second array is gone
    }
    try (FileStepCache r = cache(folder, "r")) {
      assertTrue(r.contains("ok"));
      assertFalse(r.contains("cut"), "set aside when found");
      assertThrows(CacheMissException.class, () -> r.read("cut", double[].class));
      // the engine recomputes: the blanked line no longer blocks the write
      assertTrue(r.write("cut", new double[] {3, 4, 5}, double[].class));
      assertArrayEquals(new double[] {3, 4, 5}, (double[]) r.read("cut", double[].class));
    }
    List<String> records = quarantined(folder);
    assertEquals(1, records.size(), records.toString());
    assertTrue(records.get(0).contains("truncated") && records.get(0).contains("\"uid\":\"cut\""));
    assertTrue(records.get(0).contains("MemmapArray"), "the original line is kept");
    // the original line is blanked in place: same length, spaces, newline kept
    List<String> lines = lines(index(folder, "a"));
    assertTrue(lines.get(1).isBlank() && !lines.get(1).isEmpty());
    try (FileStepCache fresh = cache(folder, "fresh")) {
      assertArrayEquals(new double[] {3, 4, 5}, (double[]) fresh.read("cut", double[].class));
      assertArrayEquals(new double[] {1, 2}, (double[]) fresh.read("ok", double[].class));
    }
  }

  @Test
  void corruptedByteInASharedDataFileFailsTheChecksum() throws IOException {
    Path folder = tmp.resolve("step");
    List<Integer> big = IntStream.range(0, 300).boxed().toList();
    try (FileStepCache a = cache(folder, "a")) {
      a.write("big", big, Object.class);
      a.write("arr", new long[] {7, 8}, long[].class);
    }
    // still valid JSON, other numbers: only the checksum can tell
    Path json = folder.resolve("cache/data/a-data.jsonl");
    String text = text(json);
    int at = text.indexOf(",150,");
    overwrite(json, at + 1, "9".getBytes(StandardCharsets.US_ASCII));
    overwrite(folder.resolve("cache/data/a.data"), 8, new byte[] {9});
    try (FileStepCache r = cache(folder, "r")) {
      assertTrue(r.contains("big"), "sizes are fine: only reading finds it");
      CacheMissException e = assertThrows(CacheMissException.class, () -> r.read("big", Object.class));
      assertTrue(e.getMessage().contains("checksum"), e.getMessage());
      assertFalse(r.contains("big"));
      assertThrows(CacheMissException.class, () -> r.read("arr", long[].class));
    }
    assertEquals(2, quarantined(folder).size());
    try (FileStepCache fresh = cache(folder, "fresh")) {
      assertFalse(fresh.contains("big"));
      assertFalse(fresh.contains("arr"));
    }
  }

  @Test
  void corruptedInlineValueFailsTheLineChecksum() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x", 3.0, Double.class);
      a.write("y", 4.0, Double.class);
    }
    Path idx = index(folder, "a");
    overwrite(idx, text(idx).indexOf("3.0"), "8".getBytes(StandardCharsets.US_ASCII)); // 8.0
    try (FileStepCache r = cache(folder, "r")) {
      assertFalse(r.contains("x"), "a bit flip must not return 8.0");
      assertEquals(4.0, r.read("y", Double.class));
    }
    assertEquals(1, quarantined(folder).size());
    assertTrue(lines(idx).get(0).isBlank());
  }

  @Test
  void checksumsDeepInALargeIndexAreVerifiedWhileTheSidecarIsReadAlongInChunks() throws IOException {
    // 80,000 lines: the index and its sidecar span several read chunks each
    Path folder = tmp.resolve("step");
    int n = 80_000;
    try (FileStepCache a = cache(folder, "a")) {
      for (int i = 0; i < n; i++) {
        a.write("item-" + i, i + 0.5, Double.class);
      }
    }
    Path idx = index(folder, "a");
    String text = text(idx);
    int[] damaged = {1, 41_337, n - 2};
    for (int i : damaged) {
      int at = text.indexOf("{\"content\":" + (i + 0.5) + ",") + 11; // the value's first digit
      byte other = (byte) (text.charAt(at) == '7' ? '8' : '7');
      overwrite(idx, at, new byte[] {other});
    }
    try (FileStepCache r = cache(folder, "r")) {
      for (int i = 0; i < n; i++) {
        boolean bad = i == damaged[0] || i == damaged[1] || i == damaged[2];
        assertEquals(!bad, r.contains("item-" + i), "item-" + i);
        if (!bad && i % 1000 == 0) {
          assertEquals(i + 0.5, r.read("item-" + i, Double.class));
        }
      }
      long indexBytes = Files.size(idx);
      long sidecarBytes = Files.size(folder.resolve("cache/a-info.jsonl.crc"));
      assertEquals(indexBytes + sidecarBytes, r.indexBytesRead(), "each byte read once");
      assertTrue(r.peakSidecarRecords() < n / 2,
          "sidecar records held at once: " + r.peakSidecarRecords() + " of " + n);
    }
    assertEquals(damaged.length, quarantined(folder).size());
  }

  @Test
  void damagedCodecFileIsRenamedFailed() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("blob", new TestBlob(new byte[] {1, 2, 3}), TestBlob.class);
      a.write("gone", new TestBlob(new byte[] {4}), TestBlob.class);
    }
    Path blob = folder.resolve("cache/data/" + SafeNames.stringUid("blob") + ".blob");
    overwrite(blob, 2, new byte[] {99});
    Files.delete(folder.resolve("cache/data/" + SafeNames.stringUid("gone") + ".blob"));
    try (FileStepCache r = cache(folder, "r")) {
      assertThrows(CacheMissException.class, () -> r.read("blob", TestBlob.class));
      CacheMissException e = assertThrows(CacheMissException.class, () -> r.read("gone", TestBlob.class));
      assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
    assertFalse(Files.exists(blob));
    assertTrue(Files.exists(blob.resolveSibling(blob.getFileName() + ".failed")), "kept for inspection");
  }

  @Test
  void deletionBlanksLinesInPlaceAndSurvivesARereadByAnyone() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("keep", 1.0, Double.class);
      a.write("drop", 2.0, Double.class);
      a.write("blob", new TestBlob(new byte[] {1}), TestBlob.class);
      a.recordError("drop", new RuntimeException("old failure"));
      a.flush();
      long size = Files.size(index(folder, "a"));
      a.delete(List.of("drop", "blob", "never-there"));
      assertFalse(a.contains("drop"));
      assertEquals(size, Files.size(index(folder, "a")), "lines are blanked, not removed");
      assertEquals(null, a.error("drop"));
    }
    List<String> lines = lines(index(folder, "a"));
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).startsWith("{"));
    assertTrue(lines.get(1).matches(" +"), lines.get(1));
    assertTrue(lines.get(2).matches(" +"), lines.get(2));
    assertFalse(Files.exists(folder.resolve("cache/data/" + SafeNames.stringUid("blob") + ".blob")));
    try (FileStepCache r = cache(folder, "r")) {
      assertTrue(r.contains("keep"));
      assertFalse(r.contains("drop"));
      assertFalse(r.contains("blob"));
      // recomputing after a delete works, and the new value is what everyone reads
      assertTrue(r.write("drop", 5.0, Double.class));
    }
    try (FileStepCache fresh = cache(folder, "fresh")) {
      assertEquals(5.0, fresh.read("drop", Double.class));
    }
  }

  @Test
  void aReaderNoticesThatAnotherProcessDeletedAnEntry() {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x", 1.0, Double.class);
    }
    try (FileStepCache reader = cache(folder, "reader");
        FileStepCache cleaner = cache(folder, "cleaner")) {
      assertTrue(reader.contains("x"));
      cleaner.delete(List.of("x"));
      assertThrows(CacheMissException.class, () -> reader.read("x", Double.class));
    }
  }

  @Test
  void aLineRewrittenInPlaceAfterLoadingIsSetAsideNotTrusted() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("k1", 1.5, Double.class);
      a.write("k2", 2.5, Double.class);
    }
    try (FileStepCache reader = cache(folder, "reader")) {
      assertTrue(reader.contains("k1")); // the index is loaded: k1 is known by its line's place
      // someone edits the file in place, same length: the first line now claims to be k2
      String text = text(index(folder, "a"));
      overwrite(index(folder, "a"), text.indexOf("k1"), "k2".getBytes(StandardCharsets.US_ASCII));
      CacheMissException e =
          assertThrows(CacheMissException.class, () -> reader.read("k1", Double.class));
      assertTrue(e.getMessage().contains("k1") && e.getMessage().contains("quarantine"),
          e.getMessage());
      assertEquals(2.5, reader.read("k2", Double.class)); // its own line is untouched
    }
    assertTrue(Files.list(folder.resolve("cache/quarantine")).findAny().isPresent());
  }

  @Test
  void firstByteAloneMarksADeletion() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x", 1.0, Double.class);
      a.write("y", 2.0, Double.class);
    }
    // a crash between the two steps of a deletion leaves " "content":1.0,..."
    overwrite(index(folder, "a"), 0, new byte[] {' '});
    try (FileStepCache r = cache(folder, "r")) {
      assertFalse(r.contains("x"));
      assertTrue(r.contains("y"));
    }
  }

  @Test
  void hostileUidsStayInsideTheStepFolder() throws IOException {
    Path root = tmp.resolve("root");
    Path folder = root.resolve("a/step");
    List<String> uids = List.of("../../etc/passwd", "..", "../..", "a\0b", "a/b/c", "/abs",
        "\\..\\win", "x".repeat(500), "\u00e9".repeat(300), "\n\t ", ".hidden", "");
    try (FileStepCache c = cache(folder, "w")) {
      for (String uid : uids) {
        assertTrue(c.write(uid, new TestBlob(uid.getBytes(StandardCharsets.UTF_8)), TestBlob.class));
        assertTrue(c.write("arr" + uid, new int[] {1}, int[].class));
        assertTrue(c.write("json" + uid, uid, String.class));
        c.recordError(uid, new RuntimeException(uid));
      }
    }
    try (FileStepCache r = cache(folder, "r")) {
      for (String uid : uids) {
        assertEquals(new TestBlob(uid.getBytes(StandardCharsets.UTF_8)), r.read(uid, TestBlob.class));
        assertEquals(uid, r.read("json" + uid, String.class));
        assertEquals(uid, r.error(uid).message());
      }
    }
    Path real = folder.toRealPath();
    for (Path p : allFiles(root)) {
      assertTrue(p.toRealPath().startsWith(real), p + " escaped " + real);
      assertTrue(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length < 255, p.toString());
    }
    assertFalse(Files.exists(tmp.resolve("etc")));
  }

  @Test
  void indexLinePointingOutsideTheFolderIsRefused() throws IOException {
    Path folder = tmp.resolve("step");
    Files.writeString(tmp.resolve("secret.data"), "12345678");
    Files.createDirectories(folder.resolve("cache"));
    Files.writeString(index(folder, "evil"),
        "{\"filename\":\"../../secret.data\",\"offset\":0,\"shape\":[1],\"dtype\":\"float64\","
            + "\"#type\":\"MemmapArray\",\"#key\":\"k\"}\n"
            + "{\"filename\":\"data/../../../secret.data\",\"#type\":\"TestBlob\",\"#key\":\"j\"}\n");
    try (FileStepCache r = cache(folder, "r")) {
      assertFalse(r.contains("k"));
      assertFalse(r.contains("j"));
    }
    assertEquals("12345678", Files.readString(tmp.resolve("secret.data")));
  }

  @Test
  void pythonOnlyHandlersAreListedButNotRead() throws IOException {
    Path folder = tmp.resolve("step");
    Files.createDirectories(folder.resolve("cache"));
    Files.writeString(index(folder, "py"),
        "{\"filename\":\"data/k-1234.pkl\",\"#type\":\"Pickle\",\"#key\":\"k\"}\n");
    try (FileStepCache r = cache(folder, "r")) {
      assertTrue(r.contains("k"));
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read("k", Object.class));
      assertTrue(e.getMessage().contains("Pickle"), e.getMessage());
    }
  }

  @Test
  void staleSidecarOfARemovedIndexDoesNotCondemnNewLines() throws IOException {
    Path folder = tmp.resolve("step");
    Files.createDirectories(folder.resolve("cache"));
    // exca removed a.jsonl (all its entries deleted) but not our sidecar of it
    Files.writeString(folder.resolve("cache/a-info.jsonl.crc"), "{\"at\":0,\"line\":\"00000000\"}\n");
    try (FileStepCache a = cache(folder, "a")) {
      a.write("x", 1.0, Double.class);
    }
    try (FileStepCache r = cache(folder, "r")) {
      assertEquals(1.0, r.read("x", Double.class));
    }
    assertEquals(List.of(), quarantined(folder));
  }

  @Test
  void aClosedCacheCanBeUsedAgain() {
    Path folder = tmp.resolve("step");
    FileStepCache a = cache(folder, "a");
    a.write("x", 1.0, Double.class);
    a.close();
    assertEquals(1.0, a.read("x", Double.class));
    a.write("y", 2.0, Double.class);
    a.close();
    try (FileStepCache r = cache(folder, "r")) {
      assertEquals(1.0, r.read("x", Double.class));
      assertEquals(2.0, r.read("y", Double.class));
    }
  }

  @Test
  void listsOfValuesSurviveAReopenWithTheirTypes() {
    Path folder = tmp.resolve("step");
    java.lang.reflect.Type type = new TypeRef<List<List<Double>>>() {}.type();
    try (FileStepCache a = cache(folder, "a")) {
      a.write("n", List.of(List.of(1.0), List.of()), type);
    }
    try (FileStepCache r = cache(folder, "r")) {
      assertEquals(List.of(List.of(1.0), List.of()), r.read("n", type));
    }
  }
}
