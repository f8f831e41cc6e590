package dev.exca.runtime;

import java.nio.file.Path;

/** Runs steps that have infra: caching and backends. */
final class Engine {
  private Engine() {}

  static Carrier runCached(AbstractStep<?, ?> step, Carrier input, Path inheritedFolder) {
    throw new UnsupportedOperationException(
        step.displayName()
            + " has infra "
            + step.infra()
            + ", but cached execution (the filesystem cache, backend CACHED and the pools) is not"
            + " implemented yet; run it without infra (withInfra(null)) for inline execution");
  }

  static <O> CacheEntry<O> lookup(AbstractStep<?, O> step, String uid) {
    if (step.infra() == null) {
      return new MissingEntry<>(step.displayName(), uid);
    }
    throw new UnsupportedOperationException(
        step.displayName() + ": lookup of cache entries is not implemented yet");
  }

  /** The entry of a step without cache: always missing. */
  private static final class MissingEntry<O> implements CacheEntry<O> {
    private final String step;
    private final String uid;

    MissingEntry(String step, String uid) {
      this.step = step;
      this.uid = uid;
    }

    @Override
    public Status status() {
      return Status.MISSING;
    }

    @Override
    public boolean cached() {
      return false;
    }

    @Override
    public O result() {
      throw new IllegalStateException(step + " has no cache (no infra); nothing is cached for " + uid);
    }

    @Override
    public void clearCache() {}

    @Override
    public String uid() {
      return uid;
    }
  }
}
