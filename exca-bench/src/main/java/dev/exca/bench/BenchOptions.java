package dev.exca.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link BenchMain}.
 *
 * @param scenarios the scenarios to run, in order
 * @param n items of the in-process scenarios (100,000 for the targets)
 * @param folder where run folders are created
 * @param arrayN items of the array scenarios (each a {@code float[1024]}); defaults to {@code n}
 * @param memoryN items of the memory scenario
 * @param memoryXmx the heap limit of the memory scenario's JVMs
 * @param cpuN items of the CPU-bound backend scenarios
 * @param cpuIterations multiply-adds per item of the CPU-bound step (1,100,000: about 2 ms)
 * @param jobRuns runs averaged by {@code local_process_job}
 * @param repeat runs of each scenario in this JVM (later runs see a warmed-up JIT)
 * @param keep keep the run folder (deleted by default)
 */
record BenchOptions(
    List<String> scenarios,
    int n,
    Path folder,
    int arrayN,
    int memoryN,
    String memoryXmx,
    int cpuN,
    int cpuIterations,
    int jobRuns,
    int repeat,
    boolean keep) {

  static final String USAGE =
      "usage: java -jar exca-bench.jar --scenario NAME|all --n N --folder DIR\n"
          + "         [--array-n N] [--memory-n N] [--memory-xmx 128m] [--cpu-n 200]\n"
          + "         [--cpu-iterations 1100000] [--job-runs 3] [--repeat 1] [--keep]\n"
          + "scenarios: " + String.join(", ", Scenarios.ALL);

  static BenchOptions parse(String[] args) {
    String scenario = null;
    int n = 100_000;
    Path folder = null;
    Integer arrayN = null;
    int memoryN = 1_000_000;
    String memoryXmx = "128m";
    int cpuN = 200;
    int cpuIterations = 1_100_000;
    int jobRuns = 3;
    int repeat = 1;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--keep" -> keep = true;
        case "--scenario" -> scenario = value(args, ++i, a);
        case "--n" -> n = positive(value(args, ++i, a), a);
        case "--folder" -> folder = Path.of(value(args, ++i, a));
        case "--array-n" -> arrayN = positive(value(args, ++i, a), a);
        case "--memory-n" -> memoryN = positive(value(args, ++i, a), a);
        case "--memory-xmx" -> memoryXmx = value(args, ++i, a);
        case "--cpu-n" -> cpuN = positive(value(args, ++i, a), a);
        case "--cpu-iterations" -> cpuIterations = positive(value(args, ++i, a), a);
        case "--job-runs" -> jobRuns = positive(value(args, ++i, a), a);
        case "--repeat" -> repeat = positive(value(args, ++i, a), a);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (scenario == null) {
      throw new IllegalArgumentException("--scenario is required");
    }
    if (folder == null) {
      throw new IllegalArgumentException("--folder is required");
    }
    List<String> scenarios = new ArrayList<>();
    if (scenario.equals("all")) {
      scenarios.addAll(Scenarios.ALL);
    } else {
      for (String s : scenario.split(",")) {
        if (!Scenarios.ALL.contains(s) && !Scenarios.INTERNAL.contains(s)) {
          throw new IllegalArgumentException("unknown scenario " + s);
        }
        scenarios.add(s);
      }
    }
    return new BenchOptions(
        List.copyOf(scenarios), n, folder, arrayN == null ? n : arrayN, memoryN, memoryXmx, cpuN,
        cpuIterations, jobRuns, repeat, keep);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int positive(String text, String option) {
    int v;
    try {
      v = Integer.parseInt(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer, got " + text);
    }
    if (v <= 0) {
      throw new IllegalArgumentException(option + " must be positive, got " + v);
    }
    return v;
  }
}
