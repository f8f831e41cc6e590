package dev.exca.runtime;

/**
 * A handle on the cache entry of one item of one step, from {@link Step#lookup(Object)}. Looking
 * up creates nothing on disk.
 *
 * @param <O> the result type
 */
public interface CacheEntry<O> {
  /**
   * The current state of the entry, read from disk now.
   *
   * @return the status; {@link Status#MISSING} when the step has no cache
   */
  Status status();

  /**
   * Whether a result or an error is cached.
   *
   * @return {@code status() == SUCCESS || status() == ERROR}
   */
  boolean cached();

  /**
   * The cached result.
   *
   * @return the result
   * @throws StepFailedException if an error is cached ({@link StepFailedException#fromCache()})
   * @throws IllegalStateException if nothing is cached
   */
  O result();

  /** Deletes the entry (result or error), for a chain its sub-steps' entries too. */
  void clearCache();

  /**
   * The job that is computing this item, or else the cluster job that last computed it: for the
   * SLURM backend the array task, such as {@code 1234_5}; while a process backend computes it, its
   * claim's label. Added with the SLURM backend; the default knows no job.
   *
   * @return the job id, or empty when unknown
   */
  default java.util.Optional<String> job() {
    return java.util.Optional.empty();
  }

  /**
   * The item uid of this entry.
   *
   * @return the uid
   */
  String uid();
}
