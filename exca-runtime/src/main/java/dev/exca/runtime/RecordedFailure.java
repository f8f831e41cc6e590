package dev.exca.runtime;

import dev.exca.runtime.cache.StepCache;

/**
 * An original failure as recorded, by the cache or by a worker's status file: its type, message
 * and stack trace text. The cause of a {@link StepFailedException} re-raised from the cache, or of
 * a {@link JobFailedException} reporting a worker's error.
 */
final class RecordedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RecordedFailure(StepCache.ErrorRecord record) {
    this(record.type() + ": " + record.message() + "\n  original stack trace:\n" + record.stackTrace());
  }

  RecordedFailure(String text) {
    super(text, null, false, false);
  }
}
