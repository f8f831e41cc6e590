package dev.exca.runtime.cache;

/** No readable cache entry for an item (absent, or set aside because it was corrupt). */
public final class CacheMissException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the step folder, the uid and why
   */
  public CacheMissException(String message) {
    super(message);
  }
}
