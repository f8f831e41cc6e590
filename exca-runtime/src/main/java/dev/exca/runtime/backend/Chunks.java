package dev.exca.runtime.backend;

import java.util.ArrayList;
import java.util.List;

/** Splits pending items into jobs. */
public final class Chunks {
  private Chunks() {}

  /**
   * Splits {@code items} into {@code min(maxJobs, ceil(n / minItemsPerJob))} contiguous chunks of
   * near-equal size. Unlike exca's {@code to_chunks}, no chunk is ever empty.
   *
   * @param items the items, in order
   * @param maxJobs the maximum number of chunks, positive
   * @param minItemsPerJob the minimum number of items per chunk, positive
   * @param <T> the item type
   * @return the chunks (empty when there are no items)
   * @throws IllegalArgumentException if a bound is not positive
   */
  public static <T> List<List<T>> split(List<T> items, int maxJobs, int minItemsPerJob) {
    if (maxJobs <= 0 || minItemsPerJob <= 0) {
      throw new IllegalArgumentException(
          "maxJobs and minItemsPerJob must be positive, got " + maxJobs + " and " + minItemsPerJob);
    }
    int n = items.size();
    List<List<T>> chunks = new ArrayList<>();
    if (n == 0) {
      return chunks;
    }
    int jobs = (int) Math.min(maxJobs, (n + (long) minItemsPerJob - 1) / minItemsPerJob);
    // Spread the remainder over the first chunks so that sizes differ by at most one.
    int base = n / jobs;
    int extra = n % jobs;
    int start = 0;
    for (int j = 0; j < jobs; j++) {
      int size = base + (j < extra ? 1 : 0);
      chunks.add(List.copyOf(items.subList(start, start + size)));
      start += size;
    }
    return chunks;
  }
}
