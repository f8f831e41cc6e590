package dev.exca.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Peak heap of a scenario, from a sampling thread: every 2 ms it reads the heap in use ({@code
 * MemoryMXBean.getHeapMemoryUsage().getUsed()}) and keeps the largest value since {@link #reset}.
 * "In use" counts everything allocated and not yet collected, garbage included, so the figure
 * depends on how large a heap the JVM allows itself; it is meaningful against a limit such as the
 * memory scenario's {@code -Xmx128m}, which it never exceeds. A spike shorter than the period can be
 * missed. No {@code System.gc()} is forced: a full collection makes G1 shrink the heap, and the
 * next scenario would pay for collections a normal run does not have.
 */
final class HeapMeter implements AutoCloseable {
  private static final long PERIOD_MS = 2;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread sampler;
  private volatile long peak;

  HeapMeter() {
    sampler =
        new Thread(
            () -> {
              while (true) {
                sample();
                try {
                  Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private synchronized void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    if (used > peak) {
      peak = used;
    }
  }

  /** Starts a new measurement from the heap in use now. */
  synchronized void reset() {
    peak = memory.getHeapMemoryUsage().getUsed();
  }

  /** Stops sampling. */
  @Override
  public void close() {
    sampler.interrupt();
  }

  /** The largest heap in use seen since {@link #reset}, in MiB. */
  double peakMb() {
    sample();
    return peak / (1024.0 * 1024.0);
  }
}
