package dev.exca.runtime.cache;

import dev.exca.runtime.cache.IndexLines.Integrity;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * This process's index file of one cache folder, its sidecar and its shared data files, written
 * with group commit.
 *
 * <p>Payloads are written to their data files at once (so this process can read them back), but
 * index lines wait in a buffer. A flush then (1) forces the data files that received payloads since
 * the last flush, (2) appends the sidecar lines, (3) appends the buffered index lines with a single
 * write, and (4) bumps the cache folder's modification time so that readers (ours and exca's) look
 * for new lines. An index line therefore never reaches the file before its payload is durable, at
 * the cost of one {@code fdatasync} per group rather than per item. A flush happens every {@value
 * #MAX_PENDING_LINES} lines or {@value #MAX_PENDING_BYTES} bytes, {@value #FLUSH_DELAY_MS} ms after
 * the first line of a group at the latest, and on {@link #flush()} / {@link #close()}.
 *
 * <p>All methods synchronize on this object; callers that must make a check and a write atomic
 * (first writer wins) synchronize on it too.
 */
final class IndexWriter implements Closeable {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(IndexWriter.class.getName());
  }

  static final int MAX_PENDING_LINES = 1024;
  static final int MAX_PENDING_BYTES = 1 << 20;
  static final long FLUSH_DELAY_MS = 200;

  /** {@code -Dexca.cache.fsync=false} skips forcing (scratch disks, tmpfs). */
  static final boolean FSYNC =
      !"false".equalsIgnoreCase(System.getProperty("exca.cache.fsync", "true"));

  private static final ScheduledThreadPoolExecutor FLUSHER = flusher();

  /** Writers holding unwritten lines, flushed at JVM exit. */
  private static final Set<IndexWriter> DIRTY = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> DIRTY.forEach(IndexWriter::flushQuietly), "exca-cache-flush-at-exit"));
  }

  private static ScheduledThreadPoolExecutor flusher() {
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "exca-cache-flush");
              t.setDaemon(true);
              return t;
            });
    pool.setRemoveOnCancelPolicy(true); // most timers are cancelled by a flush before they fire
    return pool;
  }

  /** Told after a flush how the folder's modification time moved. */
  interface Listener {
    void flushed(long mtimeBefore, long mtimeAfter);

    /** The lines of {@code entries} were written: their offsets are set. */
    void placed(List<Entry> entries);
  }

  private final Path cacheFolder;
  private final Path dataFolder;
  private final String basePrefix;
  private final long flushDelayMs;
  private final Listener listener;

  private String prefix;
  private FileChannel index;
  private FileLock lock;
  private FileChannel sidecar;
  private long indexEnd;
  private long sidecarEnd;
  private FileChannel jsonData;
  private long jsonDataEnd;
  private FileChannel arrayData;
  private long arrayDataEnd;
  private boolean dataDirty;
  private boolean namesDirty;

  private final List<Pending> pending = new ArrayList<>();
  private long pendingBytes;
  private ScheduledFuture<?> scheduled;

  private record Pending(Entry entry, byte[] line) {}

  /** A payload appended to a shared data file: its name relative to the cache folder. */
  record Placed(String filename, long offset) {}

  /**
   * @param flushDelayMs the longest a line waits for its group; 0 or less: until the group is
   *     full or flushed explicitly (tests)
   */
  IndexWriter(Path cacheFolder, String basePrefix, long flushDelayMs, Listener listener) {
    this.cacheFolder = cacheFolder;
    this.dataFolder = cacheFolder.resolve("data");
    this.basePrefix = basePrefix;
    this.flushDelayMs = flushDelayMs;
    this.listener = listener;
  }

  /**
   * Opens the index file, choosing {@code {prefix}-info.jsonl}, or {@code {prefix}-1-info.jsonl}
   * ... when another live writer holds the lock of that name (pid reuse in containers, or two
   * caches of one folder in this thread).
   *
   * @return the index file name
   */
  synchronized String open() throws IOException {
    if (index != null) {
      return indexName();
    }
    Files.createDirectories(dataFolder);
    for (int n = 0; ; n++) {
      String candidate = n == 0 ? basePrefix : basePrefix + "-" + n;
      Path path = cacheFolder.resolve(candidate + "-info.jsonl");
      FileChannel ch =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      FileLock l = null;
      boolean mine;
      try {
        // one byte far past the end: advisory on POSIX, and where locks are mandatory (Windows)
        // readers of the lines are not blocked
        l = ch.tryLock(Long.MAX_VALUE - 1, 1, false);
        mine = l != null; // null: another process holds it
      } catch (OverlappingFileLockException e) {
        mine = false; // another cache of this JVM holds it
      } catch (IOException e) {
        mine = true; // no locking on this filesystem: the pid in the name is all we have
      }
      if (!mine) {
        ch.close();
        continue;
      }
      prefix = candidate;
      index = ch;
      lock = l;
      break;
    }
    sidecar =
        FileChannel.open(
            cacheFolder.resolve(indexName() + IndexFile.SIDECAR_SUFFIX),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    if (index.size() == 0) {
      // A sidecar without its index (exca removed the index file) would lend stale checksums to
      // our new lines at the same offsets.
      sidecar.truncate(0);
    }
    indexEnd = terminate(index);
    sidecarEnd = terminate(sidecar);
    namesDirty = true;
    return indexName();
  }

  /** Ends a file left by a crashed writer of the same name with a newline; returns its size. */
  private static long terminate(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size > 0 && lastByte(ch, size) != '\n') {
      write(ch, ByteBuffer.wrap(new byte[] {'\n'}), size);
      return size + 1;
    }
    return size;
  }

  private static byte lastByte(FileChannel ch, long size) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    ch.read(one, size - 1);
    return one.get(0);
  }

  private static void write(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
  }

  synchronized String indexName() {
    return prefix + "-info.jsonl";
  }

  synchronized String prefix() {
    return prefix;
  }

  /** Appends a JSON payload (plus a newline, as exca does) to {@code data/{prefix}-data.jsonl}. */
  synchronized Placed appendJson(byte[] json) throws IOException {
    if (jsonData == null) {
      jsonData = openData(prefix + "-data.jsonl");
      jsonDataEnd = jsonData.size();
    }
    long at = jsonDataEnd;
    ByteBuffer buf = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    try {
      write(jsonData, buf, at);
    } catch (IOException e) {
      jsonDataEnd = jsonData.size(); // whatever got in is garbage nobody points to
      throw e;
    }
    jsonDataEnd = at + json.length + 1;
    dataDirty = true;
    return new Placed("data/" + prefix + "-data.jsonl", at);
  }

  /** Appends raw array bytes to {@code data/{prefix}.data}. */
  synchronized Placed appendArray(ByteBuffer bytes) throws IOException {
    if (arrayData == null) {
      arrayData = openData(prefix + ".data");
      arrayDataEnd = arrayData.size();
    }
    long at = arrayDataEnd;
    int length = bytes.remaining();
    try {
      write(arrayData, bytes.duplicate(), at);
    } catch (IOException e) {
      arrayDataEnd = arrayData.size();
      throw e;
    }
    arrayDataEnd = at + length;
    dataDirty = true;
    return new Placed("data/" + prefix + ".data", at);
  }

  private FileChannel openData(String name) throws IOException {
    namesDirty = true;
    return FileChannel.open(
        dataFolder.resolve(name),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  /** Moves a one-file-per-entry payload (already forced) into place. */
  synchronized void place(Path temp, Path target) throws IOException {
    AtomicFiles.move(temp, target);
    namesDirty = true;
  }

  /**
   * Buffers the index line of an entry whose payload is written; flushes when the group is full.
   */
  synchronized void add(Entry entry, byte[] line) throws IOException {
    pending.add(new Pending(entry, line));
    pendingBytes += line.length + 1;
    if (pending.size() == 1) {
      DIRTY.add(this);
      if (flushDelayMs > 0) {
        scheduled = FLUSHER.schedule(this::flushQuietly, flushDelayMs, TimeUnit.MILLISECONDS);
      }
    }
    if (pending.size() >= MAX_PENDING_LINES || pendingBytes >= MAX_PENDING_BYTES) {
      flush();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (IOException | RuntimeException e) {
      Log.LOG.log(Level.WARNING, "Cannot write cache index lines to " + cacheFolder
          + " (they stay buffered for the next flush): " + e, e);
    }
  }

  /**
   * Writes the buffered index lines after forcing their payloads.
   *
   * @throws IOException on failure; the lines stay buffered and the next flush writes them again
   */
  synchronized void flush() throws IOException {
    if (pending.isEmpty() || index == null) {
      return;
    }
    if (FSYNC) {
      if (dataDirty) {
        if (jsonData != null) {
          jsonData.force(false);
        }
        if (arrayData != null) {
          arrayData.force(false);
        }
      }
      if (namesDirty) {
        AtomicFiles.forceDirectory(dataFolder);
        AtomicFiles.forceDirectory(cacheFolder);
      }
    }
    dataDirty = false;
    namesDirty = false;

    // Someone else appended to our file (by hand, or a torn write of ours): start on a new line.
    long size = index.size();
    long base = size != indexEnd && size > 0 && lastByte(index, size) != '\n' ? size + 1 : size;
    IndexLines.Out lines = new IndexLines.Out((int) pendingBytes + 1);
    IndexLines.Out sums = new IndexLines.Out(pending.size() * 64 + 1);
    if (base != size) {
      lines.raw('\n');
    }
    long sidecarSize = sidecar.size();
    if (sidecarSize != sidecarEnd && sidecarSize > 0 && lastByte(sidecar, sidecarSize) != '\n') {
      sums.raw('\n');
    }
    long[] offsets = new long[pending.size()];
    long at = base;
    for (int i = 0; i < pending.size(); i++) {
      Pending p = pending.get(i);
      offsets[i] = at;
      lines.raw(p.line()).raw('\n');
      Integrity integrity = p.entry().integrity; // null for inline values: only the line's CRC
      if (integrity != null) {
        IndexLines.sidecar(sums, at, integrity.lineCrc(), integrity.length(), integrity.payloadCrc());
      } else {
        IndexLines.sidecar(sums, at, IndexLines.crc(p.line(), 0, p.line().length), -1, -1);
      }
      sums.raw('\n');
      at += p.line().length + 1;
    }
    write(sidecar, ByteBuffer.wrap(sums.array(), 0, sums.size()), sidecarSize);
    sidecarEnd = sidecarSize + sums.size();
    // one write call for the whole group: each line ends with '\n', a reader never takes a
    // partial one for an entry
    write(index, ByteBuffer.wrap(lines.array(), 0, lines.size()), size);
    indexEnd = size + lines.size();
    List<Entry> placed = new ArrayList<>(pending.size());
    for (int i = 0; i < pending.size(); i++) {
      Entry e = pending.get(i).entry();
      e.lineOffset = offsets[i];
      placed.add(e);
    }
    pending.clear();
    listener.placed(placed);
    pendingBytes = 0;
    DIRTY.remove(this);
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
    bumpFolderTime();
  }

  /** exca's readers re-list index files only when the folder's mtime changed: tell them. */
  private void bumpFolderTime() {
    try {
      long before = Files.getLastModifiedTime(cacheFolder).to(TimeUnit.NANOSECONDS);
      Instant now = Instant.now();
      long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      long target = Math.max(nowNanos, before + 1_000); // strictly later, even on a coarse clock
      Files.setLastModifiedTime(cacheFolder, FileTime.from(target, TimeUnit.NANOSECONDS));
      long after = Files.getLastModifiedTime(cacheFolder).to(TimeUnit.NANOSECONDS);
      listener.flushed(before, after);
    } catch (IOException e) {
      // best effort (another user's folder: EPERM); readers still stat files at least every second
      Log.LOG.log(Level.DEBUG, "Cannot touch {0}: {1}", cacheFolder, e);
    }
  }

  /**
   * Blanks lines of the own index file (see {@link Blanking}); flushes first if one of them is
   * still buffered.
   */
  synchronized void blank(List<Entry> entries) throws IOException {
    if (index == null) {
      Blanking.blank(cacheFolder.resolve(indexName()), entries); // closed: lines are all written
      return;
    }
    if (entries.stream().anyMatch(e -> e.lineOffset < 0)) {
      flush();
    }
    Blanking.blank(index, entries);
  }

  /** Whether this writer has been opened and not closed. */
  synchronized boolean isOpen() {
    return index != null;
  }

  @Override
  public synchronized void close() throws IOException {
    if (index == null) {
      return;
    }
    try {
      flush();
    } finally {
      DIRTY.remove(this);
      if (scheduled != null) {
        scheduled.cancel(false);
        scheduled = null;
      }
      closeAll(jsonData, arrayData, sidecar);
      if (lock != null && lock.isValid()) {
        lock.release();
      }
      index.close();
      index = null;
      jsonData = null;
      arrayData = null;
      sidecar = null;
      lock = null;
    }
  }

  private static void closeAll(FileChannel... channels) throws IOException {
    for (FileChannel ch : channels) {
      if (ch != null) {
        ch.close();
      }
    }
  }
}
