package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.cache;
import static dev.exca.runtime.cache.CacheFixtures.index;
import static dev.exca.runtime.cache.CacheFixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several writers on one folder (processes are played by caches with their own index files). */
class FileStepCacheSharingTest {
  @TempDir Path tmp;

  @Test
  void twoWritersSeeEachOthersEntries() {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "hostA-1-1");
        FileStepCache b = cache(folder, "hostB-2-1")) {
      a.write("x", 1.0, Double.class);
      b.write("y", new double[] {2.0}, double[].class);
      assertFalse(a.contains("y"), "not flushed yet");
      a.flush();
      b.flush();
      assertTrue(a.contains("y"));
      assertTrue(b.contains("x"));
      assertEquals(1.0, b.read("x", Double.class));
      assertEquals(2.0, ((double[]) a.read("y", double[].class))[0]);
    }
    assertTrue(Files.exists(index(folder, "hostA-1-1")));
    assertTrue(Files.exists(index(folder, "hostB-2-1")));
  }

  @Test
  void firstWriterWins() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a");
        FileStepCache b = cache(folder, "b")) {
      assertTrue(a.write("u", 1.0, Double.class));
      assertFalse(a.write("u", 5.0, Double.class), "same writer: already there");
      a.flush();
      assertFalse(b.write("u", 2.0, Double.class), "the other writer finds it first");
      assertEquals(1.0, b.read("u", Double.class));
    }
    assertFalse(Files.exists(index(folder, "b")) && !lines(index(folder, "b")).isEmpty());
  }

  @Test
  void duplicateFromARaceKeepsTheFirstSeenAndDeletesBoth() throws IOException {
    Path folder = tmp.resolve("step");
    try (FileStepCache a = cache(folder, "a");
        FileStepCache b = cache(folder, "b")) {
      // both check before either flushes: both write (the race exca also has)
      assertTrue(a.write("u", 1.0, Double.class));
      assertTrue(b.write("u", 1.0, Double.class));
    }
    try (FileStepCache r = cache(folder, "r")) {
      assertEquals(1.0, r.read("u", Double.class));
      r.delete(List.of("u"));
      assertFalse(r.contains("u"));
    }
    try (FileStepCache r = cache(folder, "r2")) {
      assertFalse(r.contains("u"), "every copy was blanked");
    }
  }

  @Test
  void twoCachesOfOneThreadGetDistinctIndexFiles() throws IOException {
    Path folder = tmp.resolve("step");
    try (StepCache a = StepCache.open(folder, false);
        StepCache b = StepCache.open(folder, false)) {
      a.write("x", 1.0, Double.class);
      b.write("y", 2.0, Double.class);
    }
    try (var files = Files.list(folder.resolve("cache"))) {
      List<String> names =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-info.jsonl")).toList();
      assertEquals(2, names.size(), names.toString());
      String prefix = SafeNames.defaultPrefix();
      assertTrue(names.contains(prefix + "-info.jsonl"), names.toString());
      assertTrue(names.contains(prefix + "-1-info.jsonl"), names.toString());
    }
  }

  @Test
  void manyThreadsWriteThroughOneCache() throws Exception {
    Path folder = tmp.resolve("step");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FileStepCache c = cache(folder, "w")) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          int written = 0;
          for (int i = 0; i < 600; i++) {
            // every thread also tries its neighbour's uids: exactly one write per uid wins
            String uid = "u" + ((i + thread * 300) % 1200);
            Object value = i % 3 == 0 ? (Object) new double[] {i} : (Object) ("v" + uid);
            if (c.write(uid, value, Object.class)) {
              written++;
            }
          }
          return written;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(1200, total);
    } finally {
      pool.shutdownNow();
    }
    List<String> lines = lines(index(folder, "w"));
    assertEquals(1200, lines.size());
    Set<String> uids = new HashSet<>();
    try (FileStepCache r = cache(folder, "r")) {
      for (int i = 0; i < 1200; i++) {
        assertTrue(r.contains("u" + i));
        uids.add("u" + i);
        r.read("u" + i, Object.class);
      }
    }
    assertEquals(1200, uids.size());
  }

  /**
   * n writes and n lookups by a reader that follows the writer must parse each index byte once:
   * counted, not timed. exca re-reads the whole file per lookup, which is O(n²).
   */
  @Test
  void followingAWriterParsesEachIndexByteOnce() throws IOException {
    Path folder = tmp.resolve("step");
    int n = 400;
    try (FileStepCache writer = cache(folder, "w");
        FileStepCache reader = cache(folder, "r")) {
      for (int i = 0; i < n; i++) {
        String uid = "item-" + i;
        assertFalse(reader.contains(uid));
        assertTrue(writer.write(uid, (double) i, Double.class));
        assertTrue(writer.contains(uid));
        writer.flush(); // a group of one: the worst case for the reader
        assertTrue(reader.contains(uid), uid);
        assertEquals((double) i, reader.read(uid, Double.class));
      }
      long indexBytes = Files.size(index(folder, "w"));
      long sidecarBytes = Files.size(folder.resolve("cache/w-info.jsonl.crc"));
      assertEquals(indexBytes + sidecarBytes, reader.indexBytesRead(), "each byte read once");
      assertTrue(reader.indexFileReads() <= n + 1, "reads: " + reader.indexFileReads());
      assertEquals(0, writer.indexBytesRead(), "a writer never re-reads its own lines");
    }
    // a cold reader: one pass over the file, then every lookup is in memory
    try (FileStepCache cold = cache(folder, "cold")) {
      for (int i = 0; i < n; i++) {
        assertTrue(cold.contains("item-" + i));
      }
      for (int i = 0; i < n; i++) {
        assertFalse(cold.contains("missing-" + i)); // misses while nothing changed: a stat each
      }
      assertEquals(1, cold.indexFileReads());
      assertEquals(
          Files.size(index(folder, "w")) + Files.size(folder.resolve("cache/w-info.jsonl.crc")),
          cold.indexBytesRead());
    }
  }

  @Test
  void preloadReadsTheIndexInTheBackgroundOnceAndChangesNoAnswer() throws Exception {
    Path folder = tmp.resolve("step");
    int n = 5_000;
    try (FileStepCache writer = cache(folder, "w")) {
      for (int i = 0; i < n; i++) {
        writer.write("item-" + i, (double) i, Double.class);
      }
    }
    try (FileStepCache reader = cache(folder, "r")) {
      reader.preload();
      // nothing else is called: only the background load can read the file
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (reader.indexFileReads() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(1, reader.indexFileReads(), "loaded by the preload thread");
      for (int i = 0; i < n; i += 7) {
        assertEquals((double) i, reader.read("item-" + i, Double.class));
      }
      assertFalse(reader.contains("item-" + n));
      reader.preload(); // loaded already: no second pass
      assertEquals(1, reader.indexFileReads());
    }
    // a preload racing with the caller's own lookups: every answer is the complete one
    for (int round = 0; round < 20; round++) {
      try (FileStepCache reader = cache(folder, "r" + round)) {
        reader.preload();
        for (int i = n - 1; i >= 0; i -= 97) {
          assertTrue(reader.contains("item-" + i), "round " + round + ", item " + i);
        }
        assertEquals(1, reader.indexFileReads());
      }
    }
  }

  @Test
  void readerFindsFilesOfWritersThatStartLater() {
    Path folder = tmp.resolve("step");
    try (FileStepCache reader = cache(folder, "r")) {
      assertFalse(reader.contains("x"));
      for (int w = 0; w < 5; w++) {
        try (FileStepCache writer = cache(folder, "w" + w)) {
          writer.write("x" + w, (double) w, Double.class);
        }
        assertTrue(reader.contains("x" + w), "writer " + w);
      }
    }
  }
}
