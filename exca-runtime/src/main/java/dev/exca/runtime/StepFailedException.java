package dev.exca.runtime;

import java.util.List;

/**
 * A failure inside a step's user code. On the call that computed it, the cause is the original
 * exception; later calls re-raise it from the cache ({@link #fromCache()}) with the original type
 * name and message, until the entry is retried ({@link Mode#RETRY}) or cleared.
 */
public class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String stepUid;
  private final List<String> itemUids;
  private final String errorType;
  private final boolean fromCache;

  /**
   * Creates the exception.
   *
   * @param message the full message
   * @param stepUid the uid (path) of the failing step
   * @param itemUids the uids of the items that failed
   * @param errorType the fully qualified class name of the original exception
   * @param fromCache whether this was re-raised from the cache
   * @param cause the original exception, or {@code null} when re-raised from the cache
   */
  public StepFailedException(
      String message,
      String stepUid,
      List<String> itemUids,
      String errorType,
      boolean fromCache,
      Throwable cause) {
    super(message, cause);
    this.stepUid = stepUid;
    this.itemUids = List.copyOf(itemUids);
    this.errorType = errorType;
    this.fromCache = fromCache;
  }

  /**
   * The uid (folder path) of the step that failed.
   *
   * @return the step uid
   */
  public String stepUid() {
    return stepUid;
  }

  /**
   * The uids of the items that failed: for a batch, those consumed but not yet answered.
   *
   * @return the item uids
   */
  public List<String> itemUids() {
    return itemUids;
  }

  /**
   * The fully qualified class name of the original exception.
   *
   * @return for example {@code java.lang.IllegalArgumentException}
   */
  public String errorType() {
    return errorType;
  }

  /**
   * Whether this failure was read back from the cache rather than just computed.
   *
   * @return {@code true} when re-raised from the cache
   */
  public boolean fromCache() {
    return fromCache;
  }
}
