package dev.exca.runtime;

import dev.exca.runtime.cache.StepCache;

/**
 * The original failure of a cached error, as recorded: its type, message and stack trace text.
 * The cause of a {@link StepFailedException} re-raised from the cache.
 */
final class RecordedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RecordedFailure(StepCache.ErrorRecord record) {
    super(record.type() + ": " + record.message() + "\n  original stack trace:\n" + record.stackTrace(), null, false, false);
  }
}
