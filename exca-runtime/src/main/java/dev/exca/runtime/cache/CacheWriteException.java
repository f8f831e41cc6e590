package dev.exca.runtime.cache;

/** A result could not be stored: no codec for its type, or an I/O failure. */
public final class CacheWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the uid, the path and the fix
   * @param cause the underlying failure, or null
   */
  public CacheWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
