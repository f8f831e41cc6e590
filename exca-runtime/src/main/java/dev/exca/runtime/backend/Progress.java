package dev.exca.runtime.backend;

import java.io.Console;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of a dispatch: items done of total, rate and time left. On a terminal it redraws one
 * line on stderr; otherwise it logs a line through {@link System.Logger} at most every few seconds.
 */
public final class Progress {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger("dev.exca.runtime.progress");
  }

  private final String label;
  private final int total;
  private final AtomicInteger done = new AtomicInteger();
  private final long start = System.nanoTime();
  private final Console console = System.console();
  private volatile long lastReport = System.nanoTime();
  private final long intervalNanos;

  /**
   * @param label what is running, e.g. the step name
   * @param total the number of items
   */
  public Progress(String label, int total) {
    this.label = label;
    this.total = total;
    this.intervalNanos = console != null ? 200_000_000L : 5_000_000_000L;
  }

  /**
   * Records finished items and reports when due.
   *
   * @param n the number of items just finished
   */
  public void advance(int n) {
    int d = done.addAndGet(n);
    long now = System.nanoTime();
    if (now - lastReport >= intervalNanos || d == total) {
      lastReport = now;
      report(d, now);
    }
  }

  /**
   * The current line, e.g. {@code Mult: 500/1000 items (50%), 120.0 items/s, ~4s left}.
   *
   * @return the line
   */
  public String line() {
    return line(done.get(), System.nanoTime());
  }

  private String line(int d, long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = d / seconds;
    String left = rate > 0 && d < total ? String.format(Locale.ROOT, ", ~%.0fs left", (total - d) / rate) : "";
    return String.format(
        Locale.ROOT, "%s: %d/%d items (%d%%), %.1f items/s%s", label, d, total, total == 0 ? 100 : 100L * d / total, rate, left);
  }

  private void report(int d, long now) {
    String line = line(d, now);
    if (console != null) {
      System.err.print("\r" + line + (d == total ? "\n" : ""));
      System.err.flush();
    } else {
      Log.LOG.log(System.Logger.Level.INFO, line);
    }
  }
}
