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
   * The item uid of this entry.
   *
   * @return the uid
   */
  String uid();
}
