package dev.exca.runtime;

import java.util.List;

/**
 * Thrown when a {@code @Batch} method breaks the batch protocol: it yields more or fewer results
 * than the inputs it consumed, or yields before consuming an input. Nothing written during that
 * call stays cached.
 */
public class BatchProtocolError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> inflightUids;

  /**
   * Creates the error.
   *
   * @param message what went wrong, in the Python original's wording
   * @param inflightUids the uids consumed but not answered when it was detected
   */
  public BatchProtocolError(String message, List<String> inflightUids) {
    super(message);
    this.inflightUids = List.copyOf(inflightUids);
  }

  /**
   * The uids of the items the batch method consumed but had not answered.
   *
   * @return the uids, possibly empty
   */
  public List<String> inflightUids() {
    return inflightUids;
  }
}
