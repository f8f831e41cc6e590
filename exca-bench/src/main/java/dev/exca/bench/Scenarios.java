package dev.exca.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.exca.runtime.Backend;
import dev.exca.runtime.Chain;
import dev.exca.runtime.Infra;
import dev.exca.runtime.Mode;
import dev.exca.runtime.Step;
import dev.exca.runtime.StepItems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

/**
 * The benchmark scenarios. Each one runs real generated steps over the items {@code 0.5 + i *
 * 0.001} (non-integral floats, so every item uid goes through the float formatting and hashing of
 * exca's uid), consumes every result into a sum and checks that sum against the same arithmetic
 * done directly, so that nothing is optimised away and a wrong result is a failure, not a fast run.
 *
 * <p>Warm scenarios that read a cache "fresh" read it through a new folder path (a symbolic link to
 * the folder the cold scenario wrote, a copy where links are not supported): the runtime shares open
 * caches per folder path within a JVM, so only a new path makes the new step instance load the
 * index from disk, as a second run of a program does. {@code warm_same} is the same instance again,
 * its index already in memory.
 *
 * <p>Timed: {@code runMany} plus iterating every result. Not timed: building the input list and the
 * steps, preparing caches the scenario reads.
 */
final class Scenarios implements AutoCloseable {
  /**
   * The public scenarios, in the order {@code --scenario all} runs them: {@code raw_floor} before
   * the array scenarios, whose gigabytes of garbage would otherwise weigh on the floor.
   */
  static final List<String> ALL =
      List.of(
          "cold",
          "warm_fresh",
          "warm_same",
          "warm_new_jvm",
          "chain3_cold_chaininfra",
          "chain3_warm_chaininfra",
          "chain3_warm_stepinfra",
          "raw_floor",
          "array_cold",
          "array_warm",
          "memory",
          "threads_cpu",
          "pool_cpu",
          "local_process_job");

  /** Run by the memory and warm_new_jvm scenarios in JVMs of their own. */
  static final List<String> INTERNAL =
      List.of("memory_cold_child", "memory_warm_child", "warm_new_jvm_child");

  static final double COEFF = 3.0;
  static final double SHIFT = 0.25;
  static final float FACTOR = 3.0f;
  static final int ARRAY_LENGTH = 1024;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final BenchOptions options;
  private final Path root;
  private final HeapMeter heap = new HeapMeter();
  private int views;
  private int folders;

  // what earlier scenarios left for later ones
  private Path singleRoot;
  private MultStep freshStep;
  private Path chainRoot;
  private Path stepInfraRoot;
  private Path arrayRoot;
  private List<float[]> arrayInputs;

  Scenarios(BenchOptions options) throws IOException {
    this.options = options;
    Files.createDirectories(options.folder());
    this.root =
        Files.createDirectories(
            options
                .folder()
                .toAbsolutePath()
                .resolve("run-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis()));
  }

  /** The folder this instance writes under. */
  Path root() {
    return root;
  }

  /**
   * Runs every requested scenario and hands each JSON line to {@code out}.
   *
   * @return true when every scenario ran and produced the expected results
   */
  boolean runAll(Consumer<String> out) {
    boolean ok = true;
    for (String name : options.scenarios()) {
      for (int r = 1; r <= options.repeat(); r++) {
        Map<String, Object> line;
        try {
          line = run(name);
        } catch (RuntimeException | IOException | Error e) {
          e.printStackTrace();
          line = new LinkedHashMap<>();
          line.put("scenario", name);
          line.put("ok", false);
          line.put("error", e.toString());
        }
        if (options.repeat() > 1) {
          line.put("run", r);
        }
        ok &= Boolean.TRUE.equals(line.get("ok"));
        out.accept(toJson(line));
      }
    }
    return ok;
  }

  static String toJson(Map<String, Object> line) {
    try {
      return JSON.writeValueAsString(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs one scenario and returns its JSON fields. */
  Map<String, Object> run(String name) throws IOException {
    return switch (name) {
      case "cold" -> cold();
      case "warm_fresh" -> warmFresh();
      case "warm_same" -> warmSame();
      case "warm_new_jvm" -> warmNewJvm();
      case "warm_new_jvm_child" -> warmNewJvmChild();
      case "chain3_cold_chaininfra" -> chainCold();
      case "chain3_warm_chaininfra" -> chainWarm();
      case "chain3_warm_stepinfra" -> stepInfraWarm();
      case "array_cold" -> arrayCold();
      case "array_warm" -> arrayWarm();
      case "raw_floor" -> rawFloor();
      case "memory" -> memory();
      case "memory_cold_child" -> memoryChild(true);
      case "memory_warm_child" -> memoryChild(false);
      case "threads_cpu" -> backendCpu("threads_cpu", Backend.THREAD_POOL);
      case "pool_cpu" -> backendCpu("pool_cpu", Backend.PROCESS_POOL);
      case "local_process_job" -> localProcessJob();
      default -> throw new IllegalArgumentException("unknown scenario " + name);
    };
  }

  // ------------------------------------------------------------------ inputs and checks

  /** {@code 0.5 + i * 0.001}. */
  static double input(int i) {
    return 0.5 + i * 0.001;
  }

  /** The inputs as a list built before timing. */
  static List<Double> inputs(int n) {
    List<Double> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(input(i));
    }
    return list;
  }

  /** The inputs generated while {@code runMany} walks them, for the memory scenario. */
  static Iterable<Double> lazyInputs(int n) {
    return () ->
        new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < n;
          }

          @Override
          public Double next() {
            if (i >= n) {
              throw new NoSuchElementException();
            }
            return input(i++);
          }
        };
  }

  /** The sum of {@code f(input(i))}, in input order, as the scenarios sum their results. */
  static double expectedSum(int n, DoubleUnaryOperator f) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += f.applyAsDouble(input(i));
    }
    return sum;
  }

  static double mult(double v) {
    return v * COEFF;
  }

  static double chain3(double v) {
    double m = v * COEFF;
    double s = m + SHIFT;
    return s * s;
  }

  /** Item {@code i} of the array scenarios: 1024 distinct floats around {@code input(i)}. */
  static float[] arrayInput(int i) {
    float[] a = new float[ARRAY_LENGTH];
    double base = input(i);
    for (int j = 0; j < ARRAY_LENGTH; j++) {
      a[j] = (float) (base + j * 0.001);
    }
    return a;
  }

  static double arraySum(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum;
  }

  /** The timed part: runs {@code step} over the items and sums every result. */
  private static <I> Timed<Double> timedDoubles(Step<I, Double> step, Iterable<I> items) {
    long cpu = cpuNanos();
    long processCpu = processCpuNanos();
    long allocated = allocatedBytes();
    long start = System.nanoTime();
    double sum = 0;
    int count = 0;
    try (StepItems<Double> out = step.runMany(items)) {
      for (Double d : out) {
        sum += d;
        count++;
      }
    }
    return new Timed<>(seconds(start), (cpuNanos() - cpu) / 1e9, (processCpuNanos() - processCpu) / 1e9,
        allocatedBytes() - allocated, sum, count);
  }

  private static <I> Timed<float[]> timedArrays(Step<I, float[]> step, Iterable<I> items) {
    long cpu = cpuNanos();
    long processCpu = processCpuNanos();
    long allocated = allocatedBytes();
    long start = System.nanoTime();
    double sum = 0;
    int count = 0;
    try (StepItems<float[]> out = step.runMany(items)) {
      for (float[] a : out) {
        sum += arraySum(a);
        count++;
      }
    }
    return new Timed<>(seconds(start), (cpuNanos() - cpu) / 1e9, (processCpuNanos() - processCpu) / 1e9,
        allocatedBytes() - allocated, sum, count);
  }

  /**
   * A timed run: wall-clock seconds, CPU seconds of the calling thread (less sensitive to other
   * processes on a busy machine; excludes GC and JIT threads and the work of backend threads), CPU
   * seconds of the whole process (every thread: the index preload, GC, JIT), bytes the calling
   * thread allocated, the sum of the results and their number.
   */
  record Timed<T>(double seconds, double cpuSeconds, double processCpuSeconds, long allocatedBytes,
      double sum, int count) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Bytes allocated by the calling thread so far, or 0 where the JVM does not tell. */
  private static long allocatedBytes() {
    return THREADS instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
        ? t.getCurrentThreadAllocatedBytes()
        : 0;
  }

  /** CPU time of every thread of this process so far, or 0 where the JVM does not tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  private static long cpuNanos() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private Map<String, Object> line(String scenario, int n, double seconds, double peakMb) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", scenario);
    m.put("n", n);
    m.put("seconds", round(seconds, 4));
    m.put("items_per_s", Math.round(n / seconds));
    m.put("peak_heap_mb", round(peakMb, 1));
    return m;
  }

  private Map<String, Object> checked(String scenario, int n, Timed<?> t, double expected) {
    Map<String, Object> m = line(scenario, n, t.seconds(), heap.peakMb());
    boolean ok = t.count() == n && t.sum() == expected;
    m.put("ok", ok);
    m.put("cpu_seconds", round(t.cpuSeconds(), 4));
    m.put("process_cpu_seconds", round(t.processCpuSeconds(), 4));
    m.put("alloc_bytes_per_item", Math.round((double) t.allocatedBytes() / n));
    m.put("sum", t.sum());
    if (!ok) {
      m.put("expected_sum", expected);
      m.put("results", t.count());
    }
    return m;
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /**
   * A new path to {@code target}: a symbolic link (a copy where the filesystem has none), so that
   * a new step instance opens the cache afresh and loads its index from disk.
   */
  private Path view(Path target, String name) throws IOException {
    Path folder = Files.createDirectories(root.resolve("views"));
    Path view = folder.resolve(name + "-" + (++views));
    try {
      return Files.createSymbolicLink(view, target);
    } catch (UnsupportedOperationException | IOException e) {
      copyTree(target, view);
      return view;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  // ------------------------------------------------------------------ single step

  private static MultStep mult(Infra infra) {
    return MultStep.builder().coeff(COEFF).infra(infra).build();
  }

  /** {@code cold}: one CACHED step over n items, fresh folder. */
  private Map<String, Object> cold() throws IOException {
    singleRoot = Files.createDirectories(root.resolve("single-" + (++folders)));
    List<Double> items = inputs(options.n());
    MultStep step = mult(Infra.cached(singleRoot));
    heap.reset();
    Timed<Double> t = timedDoubles(step, items);
    return checked("cold", options.n(), t, expectedSum(options.n(), Scenarios::mult));
  }

  private void ensureSingle() throws IOException {
    if (singleRoot == null) {
      cold();
    }
  }

  /** {@code warm_fresh}: a new step instance (and infra) over the same inputs, all hits. */
  private Map<String, Object> warmFresh() throws IOException {
    ensureSingle();
    List<Double> items = inputs(options.n());
    freshStep = mult(Infra.cached(view(singleRoot, "warm")));
    heap.reset();
    Timed<Double> t = timedDoubles(freshStep, items);
    return checked("warm_fresh", options.n(), t, expectedSum(options.n(), Scenarios::mult));
  }

  /** {@code warm_same}: the instance of {@code warm_fresh} again, its index in memory. */
  private Map<String, Object> warmSame() throws IOException {
    if (freshStep == null) {
      warmFresh();
    }
    List<Double> items = inputs(options.n());
    heap.reset();
    Timed<Double> t = timedDoubles(freshStep, items);
    return checked("warm_same", options.n(), t, expectedSum(options.n(), Scenarios::mult));
  }

  /**
   * {@code warm_new_jvm}: the cache of {@code cold} read by a new JVM with default settings, as the
   * second run of a program reads it: the runtime's start-up (its classes, the uid machinery, the
   * config check) and the JIT's warm-up are in the time. {@code process_seconds} is that JVM's
   * whole life, from its start to its exit.
   */
  private Map<String, Object> warmNewJvm() throws IOException {
    ensureSingle();
    Path view = view(singleRoot, "new-jvm");
    long wallStart = System.nanoTime();
    Map<String, Object> m = child("warm_new_jvm_child", view, options.n(), null);
    m.putIfAbsent("scenario", "warm_new_jvm"); // the JVM may have died before printing its line
    m.putIfAbsent("n", options.n());
    m.put("process_seconds", round(seconds(wallStart), 2));
    return m;
  }

  /**
   * Inside the new JVM of {@code warm_new_jvm}: a step over the cache folder it was given, read
   * only, so that a miss fails the scenario instead of computing (hits take the same path).
   */
  private Map<String, Object> warmNewJvmChild() throws IOException {
    Infra infra = Infra.builder().folder(options.folder().toAbsolutePath()).mode(Mode.READ_ONLY).build();
    MultStep step = mult(infra);
    List<Double> items = inputs(options.n());
    heap.reset();
    Timed<Double> t = timedDoubles(step, items);
    return checked("warm_new_jvm", options.n(), t, expectedSum(options.n(), Scenarios::mult));
  }

  // ------------------------------------------------------------------ chains

  /** Mult(coeff=3) then Shift(amount=0.25) then Square, infra on the chain and/or on each step. */
  private static Chain<Double, Double> chain3(Infra chainInfra, Path stepFolder) {
    MultStep a = MultStep.builder().coeff(COEFF).infra(stepInfra(stepFolder)).build();
    ShiftStep b = ShiftStep.builder().amount(SHIFT).infra(stepInfra(stepFolder)).build();
    SquareStep c = SquareStep.builder().infra(stepInfra(stepFolder)).build();
    Chain<Double, Double> chain = a.then(b).then(c);
    return chainInfra == null ? chain : chain.withInfra(chainInfra);
  }

  private static Infra stepInfra(Path folder) {
    return folder == null ? null : Infra.cached(folder); // one Infra instance per step
  }

  private Map<String, Object> chainCold() throws IOException {
    chainRoot = Files.createDirectories(root.resolve("chain-" + (++folders)));
    List<Double> items = inputs(options.n());
    Chain<Double, Double> chain = chain3(Infra.cached(chainRoot), null);
    heap.reset();
    Timed<Double> t = timedDoubles(chain, items);
    return checked("chain3_cold_chaininfra", options.n(), t, expectedSum(options.n(), Scenarios::chain3));
  }

  private Map<String, Object> chainWarm() throws IOException {
    if (chainRoot == null) {
      chainCold();
    }
    List<Double> items = inputs(options.n());
    Chain<Double, Double> chain = chain3(Infra.cached(view(chainRoot, "chain")), null);
    heap.reset();
    Timed<Double> t = timedDoubles(chain, items);
    return checked("chain3_warm_chaininfra", options.n(), t, expectedSum(options.n(), Scenarios::chain3));
  }

  private Map<String, Object> stepInfraWarm() throws IOException {
    List<Double> items = inputs(options.n());
    double expected = expectedSum(options.n(), Scenarios::chain3);
    Double prefill = null;
    if (stepInfraRoot == null) {
      stepInfraRoot = Files.createDirectories(root.resolve("stepinfra"));
      Timed<Double> cold = timedDoubles(chain3(null, stepInfraRoot), items);
      if (cold.sum() != expected) {
        throw new IllegalStateException("chain with step infra computed " + cold.sum() + ", expected " + expected);
      }
      prefill = cold.seconds();
    }
    Chain<Double, Double> chain = chain3(null, view(stepInfraRoot, "stepinfra"));
    heap.reset();
    Timed<Double> t = timedDoubles(chain, items);
    Map<String, Object> m = checked("chain3_warm_stepinfra", options.n(), t, expected);
    if (prefill != null) {
      m.put("cold_seconds", round(prefill, 4)); // the untimed cold run that filled the caches
    }
    return m;
  }

  // ------------------------------------------------------------------ arrays

  /** The array items, made once before timing (runMany holds every input anyway). */
  private List<float[]> arrayInputs() {
    if (arrayInputs == null) {
      List<float[]> list = new ArrayList<>(options.arrayN());
      for (int i = 0; i < options.arrayN(); i++) {
        list.add(arrayInput(i));
      }
      arrayInputs = list;
    }
    return arrayInputs;
  }

  private double arrayExpected() {
    double sum = 0;
    for (int i = 0; i < options.arrayN(); i++) {
      float[] a = arrayInput(i);
      for (float v : a) {
        sum += v * FACTOR;
      }
    }
    return sum;
  }

  private static ScaleStep scale(Infra infra) {
    return ScaleStep.builder().factor(FACTOR).infra(infra).build();
  }

  private Map<String, Object> arrayCold() throws IOException {
    arrayRoot = Files.createDirectories(root.resolve("array-" + (++folders)));
    ScaleStep step = scale(Infra.cached(arrayRoot));
    List<float[]> items = arrayInputs();
    heap.reset();
    Timed<float[]> t = timedArrays(step, items);
    return checked("array_cold", options.arrayN(), t, arrayExpected());
  }

  private Map<String, Object> arrayWarm() throws IOException {
    if (arrayRoot == null) {
      arrayCold();
    }
    ScaleStep step = scale(Infra.cached(view(arrayRoot, "array")));
    List<float[]> items = arrayInputs();
    heap.reset();
    Timed<float[]> t = timedArrays(step, items);
    return checked("array_warm", options.arrayN(), t, arrayExpected());
  }

  // ------------------------------------------------------------------ raw floor

  /**
   * {@code raw_floor}: the index files the cold scenario wrote, read with Jackson's streaming
   * parser and nothing else: every line's {@code #key} string and {@code content} number, summed.
   * This is what any reader of the cache must at least do; warm reads are held against it.
   */
  private Map<String, Object> rawFloor() throws IOException {
    ensureSingle();
    List<Path> indexes = new ArrayList<>();
    Files.walkFileTree(singleRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (file.getFileName().toString().endsWith("-info.jsonl")) {
          indexes.add(file);
        }
        return FileVisitResult.CONTINUE;
      }
    });
    JsonFactory factory = new JsonFactory();
    heap.reset();
    long cpu = cpuNanos();
    long start = System.nanoTime();
    double sum = 0;
    int lines = 0;
    long keyChars = 0;
    for (Path index : indexes) {
      try (JsonParser p = factory.createParser(Files.newInputStream(index))) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("content")) {
              sum += p.getDoubleValue();
            } else if (field.equals("#key")) {
              keyChars += p.getText().length();
            } else if (value.isStructStart()) {
              p.skipChildren();
            }
          }
          lines++;
        }
      }
    }
    double seconds = seconds(start);
    double cpuSeconds = (cpuNanos() - cpu) / 1e9;
    double expected = expectedSum(options.n(), Scenarios::mult);
    Map<String, Object> m = line("raw_floor", options.n(), seconds, heap.peakMb());
    // one writer, lines in input order: the same sum; a relative tolerance in case of reordering
    boolean ok = lines == options.n() && keyChars > 0 && Math.abs(sum - expected) <= 1e-9 * Math.abs(expected);
    m.put("ok", ok);
    m.put("cpu_seconds", round(cpuSeconds, 4));
    m.put("sum", sum);
    m.put("index_files", indexes.size());
    if (!ok) {
      m.put("expected_sum", expected);
      m.put("results", lines);
    }
    return m;
  }

  // ------------------------------------------------------------------ memory

  /**
   * {@code memory}: {@code runMany} over {@code memoryN} items (lazily generated inputs) in a JVM
   * of its own limited to {@code -Xmx128m}: first cold, then warm in a second JVM over the cache the
   * first one wrote (a second run of the program). The line reports the cold run; {@code warm_*}
   * fields the warm one. {@code ok} when both JVMs exit normally with correct sums.
   */
  private Map<String, Object> memory() throws IOException {
    Path folder = Files.createDirectories(root.resolve("memory-" + (++folders)));
    long wallStart = System.nanoTime();
    int n = options.memoryN();
    String xmx = options.memoryXmx();
    Map<String, Object> cold = child("memory_cold_child", folder, n, xmx);
    Map<String, Object> warm =
        Boolean.TRUE.equals(cold.get("ok")) ? child("memory_warm_child", folder, n, xmx) : null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", "memory");
    m.put("n", n);
    m.put("seconds", cold.get("seconds"));
    m.put("items_per_s", cold.get("items_per_s"));
    m.put("peak_heap_mb", cold.get("peak_heap_mb"));
    boolean ok = Boolean.TRUE.equals(cold.get("ok")) && warm != null && Boolean.TRUE.equals(warm.get("ok"));
    m.put("ok", ok);
    m.put("xmx", options.memoryXmx());
    if (warm != null) {
      m.put("warm_seconds", warm.get("seconds"));
      m.put("warm_items_per_s", warm.get("items_per_s"));
      m.put("warm_peak_heap_mb", warm.get("peak_heap_mb"));
    }
    m.put("wall_seconds", round(seconds(wallStart), 2));
    if (!ok) {
      m.put("error", (warm == null ? cold : warm).getOrDefault("error", "see stderr"));
    }
    return m;
  }

  /**
   * Runs an internal scenario over {@code n} items in a new JVM ({@code -Xmx} when {@code xmx} is
   * not null) and returns its JSON line.
   */
  private Map<String, Object> child(String scenario, Path folder, int n, String xmx) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (xmx != null) {
      cmd.add("-Xmx" + xmx);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BenchMain.class.getName());
    cmd.addAll(List.of("--scenario", scenario, "--n", Integer.toString(n),
        "--folder", folder.toString(), "--keep"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String last = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.startsWith("{")) {
          last = l;
        }
      }
    }
    int status;
    try {
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
      }
      status = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IllegalStateException("interrupted while waiting for the " + scenario + " JVM", e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (last != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.readValue(last, LinkedHashMap.class);
      m.putAll(parsed);
    }
    if (status != 0) {
      m.put("ok", false);
      m.putIfAbsent("error", "the " + scenario + " JVM exited with status " + status);
    }
    return m;
  }

  /** Inside the memory JVM: the cold run writes {@code folder/mem}, the warm run reads it. */
  private Map<String, Object> memoryChild(boolean cold) throws IOException {
    int n = options.n();
    Path cache = options.folder().toAbsolutePath().resolve("mem");
    MultStep step = mult(Infra.cached(cache));
    heap.reset();
    Timed<Double> t = timedDoubles(step, lazyInputs(n));
    return checked(cold ? "memory_cold" : "memory_warm", n, t, expectedSum(n, Scenarios::mult));
  }

  // ------------------------------------------------------------------ backends

  /**
   * {@code threads_cpu} / {@code pool_cpu}: a CPU-bound step (about 2 ms per item) over {@code
   * cpuN} items, first on {@code CACHED} (inline, one thread), then on the given backend, each in
   * a fresh folder. The line reports the backend run; {@code speedup} is the CACHED time over it.
   * For PROCESS_POOL, the pool's worker JVMs are started beforehand by a 2-item run (reported as
   * {@code pool_start_seconds}), so the line measures a warm pool.
   */
  private Map<String, Object> backendCpu(String scenario, Backend backend) throws IOException {
    int n = options.cpuN();
    int iterations = options.cpuIterations();
    List<Double> items = inputs(n);
    double expected = expectedSum(n, v -> BenchOps.burnLoop(iterations, v));
    Path base = Files.createDirectories(root.resolve(scenario + "-" + (++folders)));
    BurnStep inline = BurnStep.builder().iterations(iterations).infra(Infra.cached(base.resolve("cached"))).build();
    Timed<Double> baseline = timedDoubles(inline, items);
    Double startSeconds = null;
    if (backend == Backend.PROCESS_POOL) {
      Infra warmup = Infra.builder().backend(backend).folder(base.resolve("warmup")).build();
      startSeconds = timedDoubles(BurnStep.builder().iterations(iterations).infra(warmup).build(), inputs(2)).seconds();
    }
    Infra infra = Infra.builder().backend(backend).folder(base.resolve(backend.name().toLowerCase())).build();
    BurnStep step = BurnStep.builder().iterations(iterations).infra(infra).build();
    heap.reset();
    Timed<Double> t = timedDoubles(step, items);
    Map<String, Object> m = checked(scenario, n, t, expected);
    m.put("ok", (Boolean) m.get("ok") && baseline.sum() == expected);
    m.put("backend", backend.name());
    m.put("cached_seconds", round(baseline.seconds(), 4));
    m.put("ms_per_item_inline", round(baseline.seconds() * 1000 / n, 3));
    m.put("speedup", round(baseline.seconds() / t.seconds(), 2));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("jobs", Math.min(infra.maxJobs(), (n + infra.minItemsPerJob() - 1) / infra.minItemsPerJob()));
    if (startSeconds != null) {
      m.put("pool_start_seconds", round(startSeconds, 3));
    }
    return m;
  }

  /**
   * {@code local_process_job}: the cost of one LOCAL_PROCESS job, i.e. starting a worker JVM that
   * runs one item: the time of {@code runMany} over one item on LOCAL_PROCESS minus the same on
   * CACHED, each in a fresh folder, averaged over {@code jobRuns} runs. {@code seconds} is the mean
   * LOCAL_PROCESS time; {@code job_overhead_ms} the difference.
   */
  private Map<String, Object> localProcessJob() throws IOException {
    int runs = options.jobRuns();
    Path base = Files.createDirectories(root.resolve("local_process_job-" + (++folders)));
    double local = 0;
    double cached = 0;
    boolean ok = true;
    heap.reset();
    for (int r = 0; r < runs; r++) {
      List<Double> one = List.of(input(r));
      double expected = mult(input(r));
      Timed<Double> c = timedDoubles(mult(Infra.cached(base.resolve("cached-" + r))), one);
      Infra infra = Infra.builder().backend(Backend.LOCAL_PROCESS).folder(base.resolve("local-" + r)).build();
      Timed<Double> l = timedDoubles(mult(infra), one);
      ok &= c.sum() == expected && l.sum() == expected && c.count() == 1 && l.count() == 1;
      cached += c.seconds();
      local += l.seconds();
    }
    local /= runs;
    cached /= runs;
    Map<String, Object> m = line("local_process_job", 1, local, heap.peakMb());
    m.put("ok", ok);
    m.put("runs", runs);
    m.put("cached_ms", round(cached * 1000, 2));
    m.put("local_process_ms", round(local * 1000, 2));
    m.put("job_overhead_ms", round((local - cached) * 1000, 2));
    return m;
  }

  // ------------------------------------------------------------------ cleanup

  /** Deletes the run folder unless {@code --keep}. */
  @Override
  public void close() throws IOException {
    heap.close();
    if (options.keep()) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
