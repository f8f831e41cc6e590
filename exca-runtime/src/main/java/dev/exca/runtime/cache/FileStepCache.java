package dev.exca.runtime.cache;

import java.nio.file.Path;

/** Placeholder: the filesystem implementation of {@link StepCache} is being written. */
abstract class FileStepCache implements StepCache {
  static StepCache open(Path stepFolder, boolean keepInRam) {
    throw new UnsupportedOperationException("the filesystem cache is not implemented yet");
  }
}
