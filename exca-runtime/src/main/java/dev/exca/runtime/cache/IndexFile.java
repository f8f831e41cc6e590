package dev.exca.runtime.cache;

import dev.exca.runtime.cache.IndexLines.Integrity;
import dev.exca.runtime.cache.IndexLines.Line;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code *-info.jsonl} index file and how far it has been read. Reading is incremental: only
 * the bytes appended since the last read are parsed, and an incomplete last line (a write in
 * progress or torn by a crash) is left for the next read. Not thread-safe: the cache reads under
 * its refresh lock.
 */
final class IndexFile {
  /** Sidecar suffix: not matched by exca's {@code *-info.jsonl} listing. */
  static final String SIDECAR_SUFFIX = ".crc";

  private static final int CHUNK = 1 << 20;

  final String name;
  final Path path;
  final Path sidecarPath;

  /** Written by this cache instance: never re-read, its entries are known already. */
  volatile boolean own;

  private Object fileKey;
  private long consumed;
  private long seenSize = -1;
  private long sidecarConsumed;
  /** Sidecar records of lines not parsed yet, by line offset. */
  private final SidecarRecords integrity = new SidecarRecords();

  private FileChannel reader;

  /**
   * Whether {@link #firstByte} may read through a memory map: not on Windows, where a mapped file
   * cannot be deleted (exca removes index files whose entries were all deleted).
   */
  private static final boolean MAP_FIRST_BYTES = java.io.File.separatorChar == '/';

  /** A read-only map of the file's first bytes for {@link #firstByte}, or null. */
  private volatile java.nio.MappedByteBuffer map;

  /** Receives what a read finds. */
  interface Sink {
    /** A parsed line; {@code lineOk} is false when it does not match its sidecar checksum. */
    void line(IndexFile file, long offset, int length, Line line, Integrity integrity,
        boolean lineOk);

    /**
     * An inline JSON line in the layout this package writes, whose uid is the printable ASCII at
     * {@code buf[keyStart, keyStart + keyLength)}: nothing is parsed beyond finding the uid.
     */
    void inline(IndexFile file, long offset, int length, byte[] buf, int keyStart, int keyLength,
        boolean lineOk);

    /** A complete line that is not an index line (skipped). */
    void unparsable(IndexFile file, long offset, String why);

    /** The file was replaced or truncated: forget every entry read from it. */
    void reset(IndexFile file);
  }

  IndexFile(Path path) {
    this.path = path;
    this.name = path.getFileName().toString();
    this.sidecarPath = path.resolveSibling(name + SIDECAR_SUFFIX);
  }

  /** The most sidecar records held at once so far (for tests: it stays bounded by a chunk). */
  int peakSidecarRecords() {
    return integrity.peakCapacity;
  }

  /**
   * Parses the lines appended since the last call.
   *
   * @return the number of bytes read from disk (index and sidecar)
   * @throws NoSuchFileException if the file is gone
   */
  long readNew(Sink sink) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
    long size = attrs.size();
    Object key = attrs.fileKey();
    if ((fileKey != null && !Objects.equals(key, fileKey)) || size < consumed) {
      // exca removed it and a writer made a new one under the same name, or someone truncated it
      sink.reset(this);
      closeChannel();
      consumed = 0;
      seenSize = -1;
      sidecarConsumed = 0;
      integrity.clear();
    }
    fileKey = key;
    if (size == seenSize) {
      return 0;
    }
    // The sidecar line of an index line is written before it, so the sidecar, sized after the
    // index, holds the records of every complete line below that size. It is read along with the
    // index, as far as each chunk of index lines needs: the records in memory stay bounded by a
    // chunk instead of growing to every line of the file (tens of MB for a million lines).
    try (SidecarFeed feed = new SidecarFeed();
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long[] state = {consumed};
      long read = scan(ch, consumed, size, state,
          (buf, off, len, at) -> parseLine(sink, buf, off, len, at), feed::upTo);
      consumed = state[0];
      integrity.compact();
      seenSize = size;
      return read + feed.read;
    }
  }

  /** Reads sidecar lines on demand for {@link #readNew}, from where the last call stopped. */
  private final class SidecarFeed implements AutoCloseable {
    private final long size;
    private final FileChannel ch;
    /** Sidecar bytes consumed by this feed. */
    long read;

    SidecarFeed() throws IOException {
      long s;
      try {
        s = Files.size(sidecarPath);
      } catch (NoSuchFileException e) {
        s = 0;
      }
      if (s < sidecarConsumed) {
        sidecarConsumed = 0; // rewritten by a new writer of the same name
      }
      size = s;
      ch = s > sidecarConsumed ? FileChannel.open(sidecarPath, StandardOpenOption.READ) : null;
    }

    /** Loads sidecar records until one is at or past the index offset {@code end}, or none is left. */
    void upTo(long end) throws IOException {
      integrity.compact(); // the records of the lines handled so far are taken
      while (ch != null && sidecarConsumed < size && integrity.last() < end) {
        long[] state = {sidecarConsumed};
        long limit = Math.min(size, sidecarConsumed + CHUNK / 4); // a sidecar line is half an index line
        scan(ch, sidecarConsumed, limit, state, this::record, null);
        if (state[0] == sidecarConsumed && limit < size) {
          scan(ch, sidecarConsumed, size, state, this::record, null); // one line longer than a chunk
        }
        if (state[0] == sidecarConsumed) {
          break; // only an incomplete last line: a writer is appending it
        }
        read += state[0] - sidecarConsumed;
        sidecarConsumed = state[0];
      }
    }

    private final long[] fields = new long[4];

    private void record(byte[] buf, int off, int len, long at) {
      try {
        IndexLines.parseSidecar(buf, off, len, fields);
        integrity.put(fields[0], fields[1], fields[2], fields[3]);
      } catch (IOException e) {
        // a damaged sidecar line only loses the verification of one entry
      }
    }

    @Override
    public void close() throws IOException {
      if (ch != null) {
        ch.close();
      }
    }
  }

  private void parseLine(Sink sink, byte[] buf, int off, int len, long at) {
    boolean checked = integrity.seek(at); // the record of this line, if any, is now current
    if (isBlank(buf, off, len)) {
      return; // deleted entry (first byte blanked) or an empty line
    }
    int keyStart = IndexFastPaths.inlineKey(buf, off, len);
    if (keyStart >= 0) {
      // an inline value: only the line's checksum, without a record object per line
      boolean ok = !checked || IndexLines.crc(buf, off, len) == integrity.lineCrc();
      sink.inline(this, at, len, buf, keyStart, off + len - 2 - keyStart, ok);
      return;
    }
    Integrity check = checked ? integrity.current() : null;
    Line line;
    try {
      line = IndexLines.parse(buf, off, len);
    } catch (IOException | RuntimeException e) {
      sink.unparsable(this, at, e.getMessage());
      return;
    }
    if (line == null) {
      sink.unparsable(this, at, "no #key");
      return;
    }
    boolean ok = check == null || IndexLines.crc(buf, off, len) == check.lineCrc();
    sink.line(this, at, len, line, check, ok);
  }

  private static boolean isBlank(byte[] buf, int off, int len) {
    if (len == 0 || buf[off] == ' ') {
      return true;
    }
    for (int i = off; i < off + len; i++) {
      if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private interface LineHandler {
    void line(byte[] buf, int off, int len, long fileOffset);
  }

  /** Told, before the lines of each chunk are handled, the file offset their data reaches. */
  private interface ChunkHook {
    void before(long end) throws IOException;
  }

  /**
   * Reads {@code [from, size)} in chunks and hands every complete line to {@code handler};
   * {@code state[0]} ends at the start of the first incomplete line.
   *
   * @return bytes read
   */
  private static long scan(FileChannel ch, long from, long size, long[] state, LineHandler handler,
      ChunkHook hook) throws IOException {
    long total = 0;
    long base = from; // file offset of buf[0]
    byte[] buf = new byte[(int) Math.max(1, Math.min(CHUNK, size - from))];
    int filled = 0;
    int scanned = 0;
    while (base + filled < size) {
      if (filled == buf.length) {
        // one line longer than the buffer: grow instead of splitting it
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, buf.length * 2L));
      }
      int want = (int) Math.min(buf.length - filled, size - base - filled);
      int n = ch.read(ByteBuffer.wrap(buf, filled, want), base + filled);
      if (n <= 0) {
        break; // shrank since it was sized: the next read starts over
      }
      filled += n;
      total += n;
      if (hook != null) {
        hook.before(base + filled);
      }
      int start = 0;
      for (int i = newline(buf, scanned, filled); i >= 0; i = newline(buf, i + 1, filled)) {
        handler.line(buf, start, i - start, base + start);
        start = i + 1;
      }
      System.arraycopy(buf, start, buf, 0, filled - start);
      base += start;
      filled -= start;
      scanned = filled;
    }
    state[0] = base;
    return total;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /**
   * The position of the first {@code '\n'} in {@code buf[from, to)}, or -1; eight bytes at a time
   * (a line of 60 bytes is eight words instead of 60 compares).
   */
  static int newline(byte[] buf, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL; // a zero byte where '\n' was
      long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3); // the lowest flag is always exact
      }
    }
    for (; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reads {@code length} bytes at {@code offset} (an index line, or its first byte to see whether
   * it was blanked since), or fewer at the end of the file. Thread-safe.
   */
  byte[] readAt(long offset, int length) throws IOException {
    FileChannel ch = channel();
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, offset + buf.position()) < 0) {
        break;
      }
    }
    return java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  /**
   * The first byte of the line at {@code offset} as it is on disk now, or -1 past the end of the
   * file: a reader's check that another process did not blank (delete) the line since it was
   * parsed. Reads through a memory map of the file, the same page cache as a {@code pread} without
   * the system call per item (a read of 100,000 cached items made 100,000 of them); falls back to
   * {@link #readAt} where there is no map. Thread-safe.
   */
  int firstByte(long offset) throws IOException {
    if (MAP_FIRST_BYTES && offset < Integer.MAX_VALUE) {
      java.nio.MappedByteBuffer m = map;
      if (m == null || offset >= m.capacity()) {
        m = remap(offset);
      }
      if (m != null) {
        try {
          return m.get((int) offset) & 0xff;
        } catch (InternalError e) {
          map = null; // the file was truncated under the map (SIGBUS): ask the file itself
        }
      }
    }
    byte[] first = readAt(offset, 1);
    return first.length == 1 ? first[0] & 0xff : -1;
  }

  /**
   * The {@code length} bytes at {@code offset} as they are on disk now, into {@code into} (at
   * least {@code length} long), through the memory map as {@link #firstByte}: for readers that
   * decode the line at once and keep nothing of it. Thread-safe.
   *
   * @return the number of bytes read: {@code length}, or fewer at the end of the file
   */
  int readLine(long offset, int length, byte[] into) throws IOException {
    long last = offset + length - 1;
    if (MAP_FIRST_BYTES && length > 0 && last < Integer.MAX_VALUE) {
      java.nio.MappedByteBuffer m = map;
      if (m == null || last >= m.capacity()) {
        m = remap(last);
      }
      if (m != null) {
        try {
          m.get((int) offset, into, 0, length);
          return length;
        } catch (InternalError e) {
          map = null; // the file was truncated under the map (SIGBUS): ask the file itself
        }
      }
    }
    byte[] read = readAt(offset, length);
    System.arraycopy(read, 0, into, 0, read.length);
    return read.length;
  }

  /** Maps the whole file as it is now, if it reaches {@code offset}. */
  private synchronized java.nio.MappedByteBuffer remap(long offset) throws IOException {
    java.nio.MappedByteBuffer m = map;
    if (m != null && offset < m.capacity()) {
      return m; // another thread remapped meanwhile
    }
    FileChannel ch = channel();
    long size = ch.size();
    if (offset >= size || size > Integer.MAX_VALUE) {
      return null;
    }
    m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    map = m;
    return m;
  }

  private synchronized FileChannel channel() throws IOException {
    if (reader == null || !reader.isOpen()) {
      reader = FileChannel.open(path, StandardOpenOption.READ);
    }
    return reader;
  }

  /** Closes the channel kept for {@link #readAt}; it reopens on demand. */
  synchronized void closeChannel() {
    map = null; // unmapped when collected
    if (reader != null) {
      try {
        reader.close();
      } catch (IOException e) {
        // nothing was written through it
      }
      reader = null;
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Sidecar records waiting for their index lines, as a map from line offset to record would hold
   * them (the last record of an offset wins), in far less memory and time: records come in line
   * order, so they sit in parallel arrays consumed from the front as lines are parsed in the same
   * order (a record for an offset below the line being parsed can match no later line and is
   * dropped); the rare record out of order goes to a map, which takes precedence. Reading an index
   * of a million lines used to hold a million boxed offsets and records at once.
   */
  private static final class SidecarRecords {
    private long[] at = new long[0];
    private long[] lineCrc = new long[0];
    private long[] length = new long[0];
    private long[] sum = new long[0];
    private int head;
    private int tail;
    private long last = Long.MIN_VALUE;
    private final Map<Long, Integrity> outOfOrder = new HashMap<>();
    /** The most records these arrays had room for, for tests. */
    int peakCapacity;

    void put(long offset, long lineCrcValue, long lengthValue, long sumValue) {
      if (offset <= last) {
        // later than any array record of that offset: it wins
        outOfOrder.put(offset, new Integrity(lineCrcValue, lengthValue, sumValue));
        return;
      }
      last = offset;
      if (tail == at.length) {
        int capacity = Math.max(64, at.length * 2);
        peakCapacity = Math.max(peakCapacity, capacity);
        at = Arrays.copyOf(at, capacity);
        lineCrc = Arrays.copyOf(lineCrc, capacity);
        length = Arrays.copyOf(length, capacity);
        sum = Arrays.copyOf(sum, capacity);
      }
      at[tail] = offset;
      lineCrc[tail] = lineCrcValue;
      length[tail] = lengthValue;
      sum[tail] = sumValue;
      tail++;
    }

    private Integrity current;
    private int currentIndex = -1;

    /**
     * Takes the record of the line at {@code offset} (lines being taken in order) and makes it
     * current for {@link #lineCrc} and {@link #current}.
     *
     * @return whether the line has a record
     */
    boolean seek(long offset) {
      current = outOfOrder.isEmpty() ? null : outOfOrder.remove(offset);
      currentIndex = -1;
      while (head < tail && at[head] < offset) {
        head++;
      }
      if (head < tail && at[head] == offset) {
        if (current == null) {
          currentIndex = head;
        }
        head++;
      }
      return current != null || currentIndex >= 0;
    }

    /** The line checksum of the current record. */
    long lineCrc() {
      return current != null ? current.lineCrc() : lineCrc[currentIndex];
    }

    /** The current record as an object. */
    Integrity current() {
      return current != null ? current
          : new Integrity(lineCrc[currentIndex], length[currentIndex], sum[currentIndex]);
    }

    /** Drops what was taken; frees large arrays once empty. */
    void compact() {
      if (head == tail) {
        head = 0;
        tail = 0;
        if (at.length > 4096) {
          at = new long[0];
          lineCrc = new long[0];
          length = new long[0];
          sum = new long[0];
        }
      } else if (head > 0) {
        int n = tail - head;
        System.arraycopy(at, head, at, 0, n);
        System.arraycopy(lineCrc, head, lineCrc, 0, n);
        System.arraycopy(length, head, length, 0, n);
        System.arraycopy(sum, head, sum, 0, n);
        head = 0;
        tail = n;
      }
    }

    /** The offset of the last record put in order, or {@code Long.MIN_VALUE}. */
    long last() {
      return last;
    }

    void clear() {
      head = 0;
      tail = 0;
      last = Long.MIN_VALUE;
      outOfOrder.clear();
    }
  }
}
