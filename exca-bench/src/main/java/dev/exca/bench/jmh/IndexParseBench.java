package dev.exca.bench.jmh;

import dev.exca.bench.MultStep;
import dev.exca.runtime.cache.StepCache;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Index parsing: one index line of each kind and one sidecar line through the cache's line parser
 * ({@code IndexLines.parse}, package-private, reached by reflection once in setup), and the load of
 * a whole index of {@code entries} lines by a freshly opened cache (public API: the first {@code
 * contains} of a new {@code StepCache} reads every index file of the folder).
 *
 * <pre>java -cp exca-bench/target/exca-bench.jar org.openjdk.jmh.Main IndexParseBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IndexParseBench {
  private static final String LINES = "dev.exca.runtime.cache.IndexLines";

  /** Lines of the index loaded by {@link #loadIndex}. */
  @Param({"10000"})
  public int entries;

  private MethodHandle parse;
  private MethodHandle parseSidecar;
  private byte[] inlineLine;
  private byte[] jsonFileLine;
  private byte[] arrayLine;
  private byte[] sidecarLine;
  private Path folder;
  private Path stepFolder;

  /** Resolves the parsers and writes a cache of {@code entries} items. */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    Class<?> lines = Class.forName(LINES);
    parse = handle(lines, "parse");
    parseSidecar = handle(lines, "parseSidecar");
    inlineLine = bytes("{\"content\":38.535,\"#type\":\"Json\",\"#key\":\"12.85-3f1a2b4c\"}");
    jsonFileLine = bytes("{\"filename\":\"data/vm-4242-1-data.jsonl\",\"offset\":81920,\"length\":913,"
        + "\"#type\":\"Json\",\"#key\":\"12.85-3f1a2b4c\"}");
    arrayLine = bytes("{\"filename\":\"data/vm-4242-1.data\",\"offset\":4194304,\"shape\":[1024],"
        + "\"dtype\":\"float32\",\"#type\":\"MemmapArray\",\"#key\":\"data-(1024,)-9a8b7c6d-1e2f3a4b\"}");
    sidecarLine = bytes("{\"at\":123456,\"line\":\"0a1b2c3d\",\"len\":4096,\"sum\":\"4e5f6a7b\"}");

    folder = Files.createTempDirectory("exca-jmh-index");
    MultStep step = MultCaches.write(folder, MultCaches.items(entries));
    stepFolder = folder.resolve(step.uid());
  }

  private static MethodHandle handle(Class<?> owner, String name) throws ReflectiveOperationException {
    Method m = owner.getDeclaredMethod(name, byte[].class, int.class, int.class);
    m.setAccessible(true);
    return MethodHandles.lookup().unreflect(m);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Removes the cache written in setup. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    MultCaches.delete(folder);
  }

  /** An inline JSON index line ({@code {"content":38.535,...}}). */
  @Benchmark
  public Object parseInlineLine() throws Throwable {
    return parse.invoke(inlineLine, 0, inlineLine.length);
  }

  /** An index line pointing into a shared JSON data file. */
  @Benchmark
  public Object parseJsonFileLine() throws Throwable {
    return parse.invoke(jsonFileLine, 0, jsonFileLine.length);
  }

  /** A MemmapArray index line. */
  @Benchmark
  public Object parseArrayLine() throws Throwable {
    return parse.invoke(arrayLine, 0, arrayLine.length);
  }

  /** A sidecar (checksum) line. */
  @Benchmark
  public Object parseSidecarLine() throws Throwable {
    return parseSidecar.invoke(sidecarLine, 0, sidecarLine.length);
  }

  /** Opening a cache and loading its whole index (time per op; divide by {@code entries}). */
  @Benchmark
  public boolean loadIndex() {
    try (StepCache cache = StepCache.open(stepFolder, false)) {
      return cache.contains("absent-00000000");
    }
  }
}
