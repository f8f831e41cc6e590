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
    int[] bounds = bounds(items.size(), maxJobs, minItemsPerJob);
    List<List<T>> chunks = new ArrayList<>(bounds.length);
    for (int j = 0; j + 1 < bounds.length; j++) {
      chunks.add(List.copyOf(items.subList(bounds[j], bounds[j + 1])));
    }
    return chunks;
  }

  /**
   * Where the chunks of {@link #split} start, for callers that slice their own list (a compact
   * one that copies would blow up).
   *
   * @param n the number of items
   * @param maxJobs the maximum number of chunks, positive
   * @param minItemsPerJob the minimum number of items per chunk, positive
   * @return the start of each chunk, then {@code n}; just {@code {0}} when there are no items
   * @throws IllegalArgumentException if a bound is not positive
   */
  public static int[] bounds(int n, int maxJobs, int minItemsPerJob) {
    if (maxJobs <= 0 || minItemsPerJob <= 0) {
      throw new IllegalArgumentException(
          "maxJobs and minItemsPerJob must be positive, got " + maxJobs + " and " + minItemsPerJob);
    }
    if (n == 0) {
      return new int[] {0};
    }
    int jobs = (int) Math.min(maxJobs, (n + (long) minItemsPerJob - 1) / minItemsPerJob);
    // Spread the remainder over the first chunks so that sizes differ by at most one.
    int base = n / jobs;
    int extra = n % jobs;
    int[] bounds = new int[jobs + 1];
    for (int j = 0; j < jobs; j++) {
      bounds[j + 1] = bounds[j] + base + (j < extra ? 1 : 0);
    }
    return bounds;
  }
}
