package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.cache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk operations ({@link StepCache#freeze}): one look at other writers, own changes at once. */
class FrozenViewTest {
  @TempDir Path tmp;

  @Test
  void otherWritersAreSeenAfterTheDelayOrOnceClosed() throws Exception {
    Path folder = tmp.resolve("step");
    try (FileStepCache reader = cache(folder, "reader");
        FileStepCache other = cache(folder, "other")) {
      other.write("a", 1.0, Double.class);
      other.flush();
      try (StepCache.Frozen frozen = reader.freeze()) {
        assertTrue(reader.contains("a"));
        other.write("b", 2.0, Double.class);
        other.flush();
        Thread.sleep(StepCache.FROZEN_MILLIS + 20);
        assertTrue(reader.contains("b"), "a frozen view is at most FROZEN_MILLIS old");
        other.write("c", 3.0, Double.class);
        other.flush();
      }
      assertTrue(reader.contains("c"), "closed: every call looks again");
    }
  }

  @Test
  void ownWritesDeletesAndErrorsAreSeenAtOnce() {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "w");
        StepCache.Frozen frozen = c.freeze()) {
      assertNull(c.error("x"));
      assertTrue(c.write("x", 1.0, Double.class));
      assertTrue(c.contains("x"));
      assertFalse(c.write("x", 2.0, Double.class));
      c.recordError("e", new IllegalStateException("boom"));
      assertNotNull(c.error("e"));
      c.delete(List.of("x", "e"));
      assertFalse(c.contains("x"));
      assertNull(c.error("e"));
    }
  }

  @Test
  void errorsOfOtherProcessesAreSeenOnceClosed() {
    Path folder = tmp.resolve("step");
    try (FileStepCache reader = cache(folder, "reader");
        FileStepCache other = cache(folder, "other")) {
      try (StepCache.Frozen frozen = reader.freeze()) {
        assertNull(reader.error("e"));
        other.recordError("e", new IllegalStateException("boom"));
      }
      assertEquals(IllegalStateException.class.getName(), reader.error("e").type());
    }
  }

  @Test
  void nestedAndRepeatedCloseAreHarmless() {
    Path folder = tmp.resolve("step");
    try (FileStepCache c = cache(folder, "w")) {
      StepCache.Frozen outer = c.freeze();
      StepCache.Frozen inner = c.freeze();
      inner.close();
      inner.close();
      outer.close();
      outer.close();
      assertTrue(c.write("x", 1.0, Double.class));
    }
  }

  @Test
  void threadsWritingAFreshCacheInBulkEachGetTheirEntries() throws Exception {
    // the first writes of concurrent threads used to meet the writer before its index file was set
    for (int round = 0; round < 20; round++) {
      Path folder = tmp.resolve("step-" + round);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      try (FileStepCache c = cache(folder, "w")) {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            start.await();
            try (StepCache.Frozen frozen = c.freeze()) {
              for (int i = 0; i < 50; i++) {
                c.write("u" + thread + "-" + i, (double) i, Double.class);
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get();
        }
        for (int t = 0; t < 4; t++) {
          for (int i = 0; i < 50; i++) {
            assertEquals((double) i, c.read("u" + t + "-" + i, Double.class));
          }
        }
      } finally {
        pool.shutdown();
      }
    }
  }
}
