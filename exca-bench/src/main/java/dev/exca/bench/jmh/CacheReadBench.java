package dev.exca.bench.jmh;

import dev.exca.bench.MultStep;
import dev.exca.runtime.cache.StepCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-item work of a warm run on a loaded index: {@code contains} and {@code read} of every
 * item of a 100,000-entry cache, in the order they were written (as a warm run asks them), on
 * one open {@link StepCache}. Times are per item.
 *
 * <pre>java -cp exca-bench/target/exca-bench.jar org.openjdk.jmh.Main CacheReadBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CacheReadBench {
  private static final int ENTRIES = 100_000;

  private Path folder;
  private StepCache cache;
  private String[] uids;

  /** Writes a cache of {@value #ENTRIES} items, opens it and loads its index. */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    folder = Files.createTempDirectory("exca-jmh-read");
    List<Double> items = MultCaches.items(ENTRIES);
    MultStep step = MultCaches.write(folder, items);
    uids = new String[ENTRIES];
    for (int i = 0; i < ENTRIES; i++) {
      uids[i] = step.itemUid(items.get(i));
    }
    cache = StepCache.open(folder.resolve(step.uid()), false);
    if (!cache.contains(uids[ENTRIES - 1])) {
      throw new IllegalStateException("the cache written in setup misses its last item");
    }
  }

  /** Closes the cache and removes its folder. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cache.close();
    MultCaches.delete(folder);
  }

  /** {@code contains} of every item, in order. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public int containsInOrder() {
    int found = 0;
    for (String uid : uids) {
      if (cache.contains(uid)) {
        found++;
      }
    }
    return found;
  }

  /** {@code read} of every item's double, in order. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public double readInOrder() {
    double sum = 0;
    for (String uid : uids) {
      sum += (Double) cache.read(uid, Double.class);
    }
    return sum;
  }
}
