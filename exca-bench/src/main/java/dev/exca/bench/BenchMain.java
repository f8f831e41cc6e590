package dev.exca.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark entry point: {@code java -jar exca-bench.jar --scenario NAME|all --n N --folder
 * DIR} prints one JSON line per scenario on stdout, for example {@code
 * {"scenario":"cold","n":100000,"seconds":0.61,"items_per_s":163934,"peak_heap_mb":120.5,...}}.
 * Everything else (logs) goes to stderr. The exit status is 1 when a scenario's results were wrong
 * or it failed, 2 on bad options. Scenarios and how to read them: {@code docs/performance.md}.
 */
public final class BenchMain {
  private BenchMain() {}

  /**
   * Runs the scenarios.
   *
   * @param args see {@link BenchOptions#USAGE}
   * @throws IOException if the run folder cannot be created or removed
   */
  public static void main(String[] args) throws IOException {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean ok;
    try (Scenarios scenarios = new Scenarios(options)) {
      ok = scenarios.runAll(line -> out.println(line));
    }
    out.flush();
    // worker JVMs of PROCESS_POOL are stopped by the runtime's shutdown hook
    System.exit(ok ? 0 : 1);
  }
}
