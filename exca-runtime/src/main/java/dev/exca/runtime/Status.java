package dev.exca.runtime;

/** The state of one cache entry. */
public enum Status {
  /** A result is cached. */
  SUCCESS,
  /** An error is cached; it is re-raised until a retry or a clear. */
  ERROR,
  /** A live worker is computing it. */
  RUNNING,
  /** Nothing is cached (or the step has no cache). */
  MISSING
}
