package dev.exca.runtime;

/** Carries a checked exception thrown by user code through iterators; unwrapped by the engine. */
final class UserCodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserCodeException(Exception cause) {
    super(cause);
  }
}
