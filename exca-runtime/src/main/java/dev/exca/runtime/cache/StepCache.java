package dev.exca.runtime.cache;

import java.io.Closeable;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The on-disk cache of one step folder ({@code {root}/{step path}}): results in {@code cache/},
 * recorded errors, and the uid/config files. Layout: {@code docs/cache-format.md}.
 *
 * <p>Contract for the engine (implemented by this package):
 * <ul>
 *   <li>{@link #open} creates nothing on disk; writing creates folders as needed.
 *   <li>Reads see entries written by this process at once and entries of other writers (other
 *       index files) after an incremental refresh, without re-reading whole files.
 *   <li>A payload is durable before its index line; a torn last index line is ignored; an entry
 *       whose payload is missing or fails its length/checksum check is set aside (quarantined,
 *       with a warning) and reported as missing, never returned.
 * </ul>
 */
public interface StepCache extends Closeable {

  /**
   * Opens the cache of a step folder.
   *
   * @param stepFolder {@code {root}/{step path}}
   * @param keepInRam keep loaded values in memory
   * @return the cache
   */
  static StepCache open(Path stepFolder, boolean keepInRam) {
    return FileStepCache.open(stepFolder, keepInRam);
  }

  /** @return the step folder */
  Path stepFolder();

  /** @return {@code stepFolder/cache} */
  Path cacheFolder();

  /**
   * Checks the uid files of an existing folder and writes them when absent (exca §4.1): {@code
   * uid.yaml} (per step, the uid params with {@code type}), {@code full-uid.yaml} (all params with
   * defaults), {@code config.yaml} (everything, infra included). Atomic writes.
   *
   * @param uid per step of the path, the uid parameters with {@code type}
   * @param fullUid per step, the same with default values
   * @param config per step, the whole configuration, infra included
   * @throws IllegalStateException if an existing {@code uid.yaml} differs, naming both versions
   */
  void checkAndWriteConfigs(
      List<Map<String, Object>> uid, List<Map<String, Object>> fullUid, List<Map<String, Object>> config);

  /**
   * Whether a result is cached for {@code uid} (a quarantined entry is not).
   *
   * @param uid the item uid
   * @return true when a readable result entry exists
   */
  boolean contains(String uid);

  /**
   * Reads a cached result.
   *
   * @param uid the item uid
   * @param type the result type
   * @return the value
   * @throws CacheMissException if there is no entry, or it was found corrupt (and quarantined)
   */
  Object read(String uid, Type type);

  /**
   * Stores a result: payload first (durable), then the index line. The first writer wins: a uid
   * already present is left untouched and {@code false} is returned.
   *
   * @param uid the item uid
   * @param value the result, possibly null
   * @param type the declared result type (chooses the codec)
   * @return true when written
   * @throws CacheWriteException naming the uid and path if the value cannot be stored
   */
  boolean write(String uid, Object value, Type type);

  /**
   * Deletes result entries (crash-safe: the index line is blanked starting with its first byte)
   * and recorded errors of these uids.
   *
   * @param uids the item uids
   */
  void delete(Collection<String> uids);

  /**
   * Records the failure of an item under the step folder: exception type, message and stack
   * trace.
   *
   * @param uid the item uid
   * @param error the failure
   */
  void recordError(String uid, Throwable error);

  /**
   * The recorded failure of an item, if any (a stale error shadowed by a result is ignored by the
   * caller, which checks {@link #contains} first).
   *
   * @param uid the item uid
   * @return the record, or null
   */
  ErrorRecord error(String uid);

  /**
   * Makes every entry written so far visible to other processes now. Writes are grouped: a
   * written entry is readable at once by this instance, and reaches the index file (after its
   * payload was forced to disk) within a fraction of a second, when a group fills up, or on {@code
   * flush()} / {@link #close()}. Call it when another process must see the results before this one
   * closes the cache.
   *
   * @throws CacheWriteException if the index cannot be written
   */
  default void flush() {}

  /**
   * Starts a bulk operation on this thread, as exca's {@code frozen_cache_folder()}: until the
   * handle is closed, {@link #contains}, {@link #write} and {@link #error} look at what other
   * writers did (index files, the errors folder) at most once per {@value #FROZEN_MILLIS} ms instead
   * of with a file-system call per uid, so that checking or writing n items costs O(1) such calls
   * rather than O(n). What this instance writes or deletes is seen at once, as always; entries that
   * other processes add or delete meanwhile are seen within that delay. Nested calls share the view.
   *
   * @return the handle; close it when the bulk operation ends
   */
  default Frozen freeze() {
    return () -> {};
  }

  /**
   * Starts reading the index files in the background when this instance has not read them yet,
   * so that the caller can do other work (computing item uids) meanwhile. Every other method waits
   * for a load in progress before it trusts a miss, so calling this changes no result; a failure
   * of the background load is left for the next call that reads the index to meet and report.
   */
  default void preload() {}

  /** How long a {@linkplain #freeze frozen} view of other writers' work is kept. */
  long FROZEN_MILLIS = 50;

  /** The handle of a {@linkplain #freeze frozen} view. */
  interface Frozen extends AutoCloseable {
    /** Ends the bulk operation; idempotent. */
    @Override
    void close();
  }

  /** A recorded failure. */
  record ErrorRecord(String uid, String type, String message, String stackTrace, Path path) {}

  /** Flushes and closes this process's index files. */
  @Override
  void close();
}
