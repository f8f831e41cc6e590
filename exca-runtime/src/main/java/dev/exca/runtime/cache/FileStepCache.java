package dev.exca.runtime.cache;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exca.runtime.cache.IndexLines.ArrayFile;
import dev.exca.runtime.cache.IndexLines.EntryFile;
import dev.exca.runtime.cache.IndexLines.Inline;
import dev.exca.runtime.cache.IndexLines.Integrity;
import dev.exca.runtime.cache.IndexLines.JsonFile;
import dev.exca.runtime.cache.IndexLines.Line;
import dev.exca.runtime.cache.IndexLines.Payload;
import dev.exca.runtime.cache.IndexLines.Unsupported;
import dev.exca.runtime.cache.NdArrays.Dtype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The filesystem {@link StepCache}, compatible with exca's CacheDict layout. Format, crash-safety
 * rules and compatibility: {@code docs/cache-format.md}.
 *
 * <p>How it stays linear: entries live in an in-memory index (uid to {@link Entry}) updated on
 * every write; other writers' index files are read incrementally from the last byte seen. A miss
 * costs one {@code stat} of the cache folder while nothing changed; the index files are listed and
 * sized only when the folder's modification time moved (every writer bumps it when it flushes) or
 * once a second otherwise.
 *
 * <p>Thread-safe. Locks: the writer's monitor (writes, flushes) is never taken while holding the
 * refresh lock, and quarantining happens outside both.
 */
final class FileStepCache implements StepCache {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger(FileStepCache.class.getName());
  }

  /** JSON values up to this many bytes go inline in the index line, as in exca. */
  static final int MAX_INLINE_BYTES = 512;

  static final String FORMAT_FILE = "format-version";
  static final int FORMAT_MAJOR = 1;
  static final String FORMAT_VERSION = "1.0";

  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int MAX_ATTEMPTS = 8;
  private static final Object NULL = new Object();

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final Path stepFolder;
  private final Path cacheFolder;
  private final boolean keepInRam;
  private final String writerPrefix;
  private final long flushDelayMs;
  private final ErrorStore errors;

  private final EntryTable entries;
  /** Further copies of a uid (concurrent writers both won a race): for deletion and fallback. */
  private final Map<String, List<Entry>> shadowed = new ConcurrentHashMap<>();
  private final Map<String, Object> ram = new ConcurrentHashMap<>();
  private final Map<String, FileChannel> dataReaders = new ConcurrentHashMap<>();
  /** Read-only maps of shared data files, remapped when they grew: array reads make no system call. */
  private final Map<String, java.nio.MappedByteBuffer> dataMaps = new ConcurrentHashMap<>();
  private final Map<String, Long> dataSizes = new ConcurrentHashMap<>();

  private final Object refreshLock = new Object();
  // guarded by refreshLock
  private final Map<String, IndexFile> files = new HashMap<>();
  private final Sink sink = new Sink();
  private long lastRefresh;
  private long lastListing;
  private boolean everRefreshed;
  /** Whether the index was loaded, or a load was started; outside the lock, for {@link #preload}. */
  private final java.util.concurrent.atomic.AtomicBoolean loadStarted =
      new java.util.concurrent.atomic.AtomicBoolean();
  // --
  private final AtomicLong lastMtime = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean formatChecked;

  // written under this, read without it (the writer's monitor is taken without this)
  private volatile IndexWriter writer;
  private volatile IndexFile ownFile;

  /** This thread's {@linkplain #freeze frozen} view, or null outside a bulk operation. */
  private final ThreadLocal<FrozenView> frozen = new ThreadLocal<>();

  private final AtomicLong indexBytesRead = new AtomicLong();
  private final AtomicLong indexFileReads = new AtomicLong();

  private FileStepCache(
      Path stepFolder, boolean keepInRam, String writerPrefix, long flushDelayMs) {
    this.stepFolder = Objects.requireNonNull(stepFolder, "stepFolder");
    this.cacheFolder = stepFolder.resolve("cache");
    this.keepInRam = keepInRam;
    this.writerPrefix = writerPrefix;
    this.flushDelayMs = flushDelayMs;
    this.errors = new ErrorStore(stepFolder, MAPPER);
    this.entries = new EntryTable(expectedEntries(cacheFolder));
  }

  /**
   * About how many entries the index files hold now (one line is 60 bytes or more), so that the
   * in-memory index is sized once instead of rehashing every entry several times while loading.
   */
  private static int expectedEntries(Path cacheFolder) {
    long bytes = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(cacheFolder, "*-info.jsonl")) {
      for (Path p : dir) {
        bytes += Files.size(p);
      }
    } catch (IOException | RuntimeException e) {
      return 16; // no cache yet (or unreadable: the refresh will say so)
    }
    return (int) Math.min(1 << 22, Math.max(16, bytes / 60));
  }

  static StepCache open(Path stepFolder, boolean keepInRam) {
    return new FileStepCache(stepFolder, keepInRam, null, IndexWriter.FLUSH_DELAY_MS);
  }

  /**
   * Opens a cache whose index file is named after {@code writerPrefix} instead of {@code
   * {host}-{pid}-{thread id}}, lets tests play several processes. Lines are written when a group
   * fills up or on {@link #flush()} / {@link #close()} only, so that tests see a deterministic
   * state.
   */
  static FileStepCache open(Path stepFolder, boolean keepInRam, String writerPrefix) {
    return new FileStepCache(stepFolder, keepInRam, writerPrefix, 0);
  }

  @Override
  public Path stepFolder() {
    return stepFolder;
  }

  @Override
  public Path cacheFolder() {
    return cacheFolder;
  }

  // ------------------------------------------------------------------------------ configs

  @Override
  public void checkAndWriteConfigs(
      List<Map<String, Object>> uid,
      List<Map<String, Object>> fullUid,
      List<Map<String, Object>> config) {
    // How often to check is the engine's call (once per folder and Infra lifetime, as exca).
    ConfigFiles.checkAndWrite(stepFolder, uid, fullUid, config);
  }

  // ------------------------------------------------------------------------------ lookups

  @Override
  public boolean contains(String uid) {
    Objects.requireNonNull(uid, "uid");
    if (keepInRam && ram.containsKey(uid)) {
      return true;
    }
    Entry e = entries.peek(uid);
    if (e == null) {
      refresh(false);
      e = entries.peek(uid);
    }
    if (e == EntryTable.COMPACT_ENTRY) {
      return true; // an inline value: nothing to look at before it is read
    }
    for (int attempt = 0; e != null && attempt < MAX_ATTEMPTS; attempt++) {
      if (payloadPresent(e)) {
        return true;
      }
      e = entries.get(uid); // the bad one was set aside; a copy by another writer may remain
    }
    return false;
  }

  @Override
  public Object read(String uid, Type type) {
    Objects.requireNonNull(uid, "uid");
    if (keepInRam) {
      Object kept = ram.get(uid);
      if (kept != null) {
        return kept == NULL ? null : kept;
      }
    }
    // The usual entry, an inline value whose line is intact: decoded without an entry object.
    // Anything else (a miss, a heavy entry, a blanked or changed line) takes the general path.
    Scratch scratch = Scratch.get();
    if (entries.locate(uid, scratch)) {
      byte[] line = readLine(scratch.file, scratch.lineOffset, scratch.lineLength, scratch);
      if (line != null) {
        try {
          Object value = decodeLine(uid, scratch.file, scratch.lineOffset, line, scratch.lineLength, type, scratch);
          if (keepInRam) {
            ram.put(uid, value == null ? NULL : value);
          }
          return value;
        } catch (Corrupt c) {
          // the general path below sets it aside with its entry
        }
      }
    }
    String corruption = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Entry e = entries.get(uid);
      if (e == null) {
        refresh(false);
        e = entries.get(uid);
      }
      if (e == null) {
        break;
      }
      Object value;
      try {
        if (e.lazy()) {
          // the value is in the index line: reading it also shows whether it was blanked since
          byte[] line = readLine(e.file, e.lineOffset, e.lineLength, scratch);
          if (line == null) {
            forget(e); // deleted by another process since we read its line
            continue;
          }
          value = decodeLine(e.uid, e.file, e.lineOffset, line, e.lineLength, type, scratch);
        } else {
          if (!e.file.own && !stillIndexed(e)) {
            forget(e); // deleted by another process since we read its line
            continue;
          }
          value = decode(e, type);
        }
      } catch (Corrupt c) {
        corruption = c.getMessage();
        quarantine(e, corruption);
        continue;
      }
      if (keepInRam) {
        ram.put(uid, value == null ? NULL : value);
      }
      return value;
    }
    if (corruption != null) {
      throw new CacheMissException(
          "The cached result of item " + uid + " in " + cacheFolder + " was unreadable ("
              + corruption + "); it was set aside in quarantine/ and must be recomputed");
    }
    throw new CacheMissException("No cached result for item " + uid + " in " + cacheFolder);
  }

  /** A cheap check that an entry's payload bytes exist: sizes of shared files are cached. */
  private boolean payloadPresent(Entry e) {
    Payload p = e.payload;
    if (p instanceof JsonFile j) {
      return rangePresent(e, j.filename(), j.offset() + j.length());
    }
    if (p instanceof ArrayFile a) {
      Dtype dtype = Dtype.parse(a.dtype());
      long length = dtype == null ? -1 : NdArrays.byteLength(dtype, a.shape());
      return length < 0 || rangePresent(e, a.filename(), a.offset() + length);
    }
    return true; // inline, or one file per entry (checked when read)
  }

  private boolean rangePresent(Entry e, String filename, long end) {
    Long known = dataSizes.get(filename);
    if (known != null && end <= known) {
      return true;
    }
    Path path = SafeNames.resolveInside(cacheFolder, filename);
    long size = sizeOf(path);
    if (end > size) {
      // Before setting it aside, look again through a fresh open: on NFS that revalidates the
      // attributes another host's writer changed (close-to-open consistency).
      size = freshSize(path);
    }
    if (end <= size) {
      dataSizes.merge(filename, size, Math::max);
      return true;
    }
    quarantine(
        e,
        size < 0
            ? "its payload file " + filename + " is missing"
            : "its payload is truncated: " + filename + " has " + size + " bytes, the entry needs "
                + end);
    return false;
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      return -1;
    }
  }

  private static long freshSize(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return ch.size();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The index line of a lazy entry as it is on disk now, in the first {@code lineLength} bytes of
   * the scratch buffer, or null if it was blanked or cut.
   */
  private static byte[] readLine(IndexFile file, long lineOffset, int lineLength, Scratch scratch) {
    try {
      byte[] buf = scratch.line(lineLength);
      int n = file.readLine(lineOffset, lineLength, buf);
      return n == lineLength && n > 0 && buf[0] == '{' ? buf : null;
    } catch (IOException ex) {
      return null;
    }
  }

  /** Decodes the inline value of the lazy entry of {@code uid} from its line, {@code line[0, n)}. */
  private Object decodeLine(String uid, IndexFile file, long lineOffset, byte[] line, int n, Type type,
      Scratch scratch) throws Corrupt {
    int keyStart = IndexFastPaths.inlineKey(line, 0, n);
    if (keyStart >= 0) {
      if (!IndexFastPaths.asciiEquals(line, keyStart, n - 2 - keyStart, uid)) {
        throw new Corrupt("its index line now holds another item");
      }
      int from = IndexFastPaths.INLINE_VALUE_START;
      int to = keyStart - IndexFastPaths.INLINE_VALUE_END_GAP;
      if (type == Double.class || type == double.class) {
        Double fast = IndexFastPaths.plainDouble(line, from, to, scratch.chars());
        if (fast != null) {
          return fast;
        }
      }
      return decode(
          new Entry(uid, file, lineOffset, n, new Inline(Arrays.copyOfRange(line, from, to)), null),
          type);
    }
    Line parsed;
    try {
      parsed = IndexLines.parse(line, 0, n);
    } catch (IOException | RuntimeException ex) {
      throw new Corrupt("its index line no longer parses: " + ex.getMessage());
    }
    if (parsed == null || !parsed.uid().equals(uid) || !(parsed.payload() instanceof Inline)) {
      throw new Corrupt("its index line now holds another item");
    }
    return decode(new Entry(uid, file, lineOffset, n, parsed.payload(), null), type);
  }

  private boolean stillIndexed(Entry e) {
    try {
      return e.file.firstByte(e.lineOffset) == '{';
    } catch (IOException ex) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------ decoding

  /** A payload that is missing, truncated or fails its checksum. */
  private static final class Corrupt extends Exception {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message, null, false, false);
    }
  }

  private Object decode(Entry e, Type type) throws Corrupt {
    Payload p = e.payload;
    if (p instanceof Inline i && (type == Double.class || type == double.class)) {
      Double fast = IndexFastPaths.plainDouble(i.json()); // what Jackson returns, without a parser
      if (fast != null) {
        return fast;
      }
    }
    JavaType javaType = MAPPER.constructType(type == null ? Object.class : type);
    if (p instanceof Inline i) {
      return readJson(e, i.json(), javaType);
    }
    if (p instanceof JsonFile j) {
      if (j.length() > Integer.MAX_VALUE - 8) {
        throw new Corrupt("its JSON payload length " + j.length() + " is not plausible");
      }
      byte[] bytes = readData(j.filename(), j.offset(), (int) j.length());
      verify(e, bytes);
      return readJson(e, bytes, javaType);
    }
    if (p instanceof ArrayFile a) {
      Dtype dtype = Dtype.parse(a.dtype());
      if (dtype == null) {
        throw new IllegalStateException(
            "The cached array of item " + e.uid + " in " + cacheFolder + " has dtype " + a.dtype()
                + ", which exca for Java cannot read (supported: float64, float32, int64, int32, "
                + "int16, uint8, int8, bool)");
      }
      long length = NdArrays.byteLength(dtype, a.shape());
      if (length < 0 || length > Integer.MAX_VALUE - 8) {
        throw new Corrupt("its array shape " + java.util.Arrays.toString(a.shape())
            + " is not plausible");
      }
      ByteBuffer mapped = mappedData(a.filename(), a.offset(), (int) length);
      if (mapped != null) {
        try {
          verify(e, mapped);
          return decodeArray(e, mapped, dtype, a.shape(), javaType);
        } catch (InternalError truncated) {
          // the file shrank under the map (SIGBUS): a plain read says what is wrong
          dataMaps.remove(a.filename());
        }
      }
      byte[] bytes = readData(a.filename(), a.offset(), (int) length);
      verify(e, bytes);
      return decodeArray(e, ByteBuffer.wrap(bytes), dtype, a.shape(), javaType);
    }
    if (p instanceof EntryFile f) {
      return decodeFile(e, f, type);
    }
    throw new IllegalStateException(
        "The cached result of item " + e.uid + " in " + cacheFolder + " was stored with handler "
            + ((Unsupported) p).handler() + ", which exca for Java cannot read (written by the "
            + "Python tool?). Clear this entry to recompute it.");
  }

  private Object decodeFile(Entry e, EntryFile f, Type type) throws Corrupt {
    Codec<?> codec = Codecs.current().byName(f.handler());
    if (codec == null) {
      throw new IllegalStateException(
          "The cached result of item " + e.uid + " in " + cacheFolder + " was stored with handler "
              + f.handler() + " and no Codec of that name is registered (META-INF/services/"
              + Codec.class.getName() + "); a Python-only handler (Pickle, NumpyArray...) cannot "
              + "be read from Java.");
    }
    Path path = SafeNames.resolveInside(cacheFolder, f.filename());
    if (path == null) {
      throw new Corrupt("its file name " + f.filename() + " leaves the cache folder");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException ex) {
      throw new Corrupt("its payload file " + f.filename() + " is missing");
    } catch (IOException ex) {
      throw new Corrupt("its payload file " + f.filename() + " cannot be read: " + ex);
    }
    boolean verified = verify(e, bytes);
    try {
      return codec.decode(bytes, type);
    } catch (IOException | RuntimeException ex) {
      if (!verified) {
        throw new Corrupt("codec " + codec.name() + " cannot decode it: " + ex);
      }
      throw new IllegalStateException(
          "Codec " + codec.name() + " cannot decode the cached result of item " + e.uid + " in "
              + cacheFolder + " although its bytes are intact: " + ex, ex);
    }
  }

  /**
   * Checks length and checksum against the sidecar record.
   *
   * @return whether there was a record to check against
   */
  private static boolean verify(Entry e, ByteBuffer bytes) throws Corrupt {
    Integrity i = e.integrity;
    if (i == null || i.length() < 0) {
      return false;
    }
    if (bytes.remaining() != i.length()) {
      throw new Corrupt("its payload has " + bytes.remaining() + " bytes instead of " + i.length());
    }
    if (IndexLines.crc(bytes) != i.payloadCrc()) {
      throw new Corrupt("its payload does not match its checksum");
    }
    return true;
  }

  private static boolean verify(Entry e, byte[] bytes) throws Corrupt {
    return verify(e, ByteBuffer.wrap(bytes));
  }

  private Object readJson(Entry e, byte[] json, JavaType type) throws Corrupt {
    try {
      return MAPPER.readValue(json, type);
    } catch (StreamReadException ex) {
      throw new Corrupt("its JSON payload does not parse: " + ex.getOriginalMessage());
    } catch (DatabindException ex) {
      throw typeMismatch(e, type, ex);
    } catch (IOException ex) {
      throw new Corrupt("its JSON payload cannot be read: " + ex);
    }
  }

  private Object decodeArray(Entry e, ByteBuffer bytes, Dtype dtype, long[] shape, JavaType type) {
    Class<?> raw = type.getRawClass();
    boolean primitive =
        raw.isArray()
            && (raw.getComponentType().isPrimitive()
                || (raw.getComponentType().isArray()
                    && raw.getComponentType().getComponentType().isPrimitive()));
    try {
      if (primitive || raw == Object.class) {
        return NdArrays.decode(bytes, dtype, shape, primitive ? raw : null);
      }
      // e.g. List<Double> declared for an array written by the Python tool
      return MAPPER.convertValue(NdArrays.decode(bytes, dtype, shape, null), type);
    } catch (IllegalArgumentException ex) {
      throw typeMismatch(e, type, ex);
    }
  }

  private IllegalStateException typeMismatch(Entry e, JavaType type, Exception cause) {
    return new IllegalStateException(
        "The cached result of item " + e.uid + " in " + cacheFolder + " cannot be read as "
            + type.toCanonical() + ": " + cause.getMessage() + ". It was written for another result "
            + "type; change the step's version or clear its cache.",
        cause);
  }

  private byte[] readData(String filename, long offset, int length) throws Corrupt {
    Path path = SafeNames.resolveInside(cacheFolder, filename);
    if (path == null) {
      throw new Corrupt("its file name " + filename + " leaves the cache folder");
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        FileChannel ch = dataReader(filename, path);
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
          if (ch.read(buf, offset + buf.position()) < 0) {
            break;
          }
        }
        if (!buf.hasRemaining()) {
          return buf.array();
        }
        if (attempt == 1) {
          throw new Corrupt(
              "its payload is truncated: " + buf.position() + " of " + length + " bytes at offset "
                  + offset + " of " + filename);
        }
      } catch (NoSuchFileException ex) {
        if (attempt == 1) {
          throw new Corrupt("its payload file " + filename + " is missing");
        }
      } catch (IOException ex) {
        if (attempt == 1) {
          throw new Corrupt("its payload file " + filename + " cannot be read: " + ex);
        }
      }
      closeReader(filename); // a fresh open sees the latest size (NFS) or a recreated file
    }
    throw new AssertionError("unreachable");
  }

  private FileChannel dataReader(String filename, Path path) throws IOException {
    FileChannel ch = dataReaders.get(filename);
    if (ch != null && ch.isOpen()) {
      return ch;
    }
    FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
    FileChannel raced = dataReaders.putIfAbsent(filename, opened);
    if (raced != null && raced.isOpen()) {
      opened.close();
      return raced;
    }
    dataReaders.put(filename, opened);
    return opened;
  }

  /**
   * The bytes {@code [offset, offset + length)} of a shared data file through a read-only map, or
   * null where there is none (Windows, whose mapped files cannot be deleted; a file shorter than
   * the entry needs, which {@link #readData} reports; an I/O error, which it reports too).
   */
  private ByteBuffer mappedData(String filename, long offset, int length) {
    if (!MAP_DATA || offset + length > Integer.MAX_VALUE) {
      return null;
    }
    java.nio.MappedByteBuffer m = dataMaps.get(filename);
    if (m == null || m.capacity() < offset + length) {
      Path path = SafeNames.resolveInside(cacheFolder, filename);
      if (path == null) {
        return null;
      }
      try {
        FileChannel ch = dataReader(filename, path);
        long size = ch.size();
        if (size < offset + length || size > Integer.MAX_VALUE) {
          return null;
        }
        m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        dataMaps.put(filename, m);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return m.slice((int) offset, length);
  }

  private static final boolean MAP_DATA = java.io.File.separatorChar == '/';

  private void closeReader(String filename) {
    dataMaps.remove(filename);
    FileChannel ch = dataReaders.remove(filename);
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // read-only channel
      }
    }
  }

  // ------------------------------------------------------------------------------ writing

  @Override
  public boolean write(String uid, Object value, Type type) {
    Objects.requireNonNull(uid, "uid");
    if (entries.containsKey(uid)) {
      return false;
    }
    refresh(false);
    if (entries.containsKey(uid)) {
      return false;
    }
    writer(); // creates the folders the payload goes to
    Prepared prepared = prepare(uid, value, type);
    try {
      while (true) {
        IndexWriter w = writer();
        synchronized (w) {
          if (!w.isOpen()) {
            continue; // closed by another thread meanwhile: open it again
          }
          if (entries.containsKey(uid)) {
            return false; // another thread of this process won
          }
          Entry e;
          try {
            e = prepared.commit(w);
          } catch (IOException ex) {
            throw new CacheWriteException(
                "Cannot store the result of item " + uid + " in " + cacheFolder + ": " + ex, ex);
          }
          entries.put(e);
          try {
            w.add(e, prepared.line);
          } catch (IOException ex) {
            // the line stays buffered for the next flush; the failure is still the caller's news
            throw new CacheWriteException(
                "Cannot write the index of " + cacheFolder + " (the entry of " + uid
                    + " stays buffered and is retried): " + ex, ex);
          }
          return true;
        }
      }
    } finally {
      prepared.cleanup();
    }
  }

  /** A value serialised outside any lock, ready to be placed under the writer's lock. */
  private final class Prepared {
    private final String uid;
    private byte[] json;
    private NdArrays.Encoded array;
    private Codec<?> codec;
    private Path temp;
    private Path target;
    private long payloadLength;
    private long payloadCrc;
    byte[] line;

    Prepared(String uid) {
      this.uid = uid;
    }

    Entry commit(IndexWriter w) throws IOException {
      Payload payload;
      long length = -1;
      long crc = -1;
      if (array != null) {
        IndexWriter.Placed at = w.appendArray(array.bytes());
        line = IndexLines.arrayFile(at.filename(), at.offset(), array.shape(),
            array.dtype().numpy, uid);
        payload = new ArrayFile(IndexLines.MEMMAP, at.filename(), at.offset(), array.shape(),
            array.dtype().numpy);
        length = array.bytes().remaining();
        crc = IndexLines.crc(array.bytes());
      } else if (codec != null) {
        w.place(temp, target);
        temp = null;
        String filename = "data/" + target.getFileName();
        line = IndexLines.entryFile(codec.name(), filename, uid);
        payload = new EntryFile(codec.name(), filename);
        length = payloadLength;
        crc = payloadCrc;
      } else if (json.length <= MAX_INLINE_BYTES && !hasLineBreak(json)) {
        line = IndexLines.inline(json, uid);
        payload = new Inline(json);
      } else {
        IndexWriter.Placed at = w.appendJson(json);
        line = IndexLines.jsonFile(at.filename(), at.offset(), json.length, uid);
        payload = new JsonFile(at.filename(), at.offset(), json.length);
        length = json.length;
        crc = IndexLines.crc(json, 0, json.length);
      }
      // an inline value has no payload to verify: its line's CRC goes to the sidecar when the
      // line is written, and the entry keeps nothing (40 bytes less per cached item)
      Integrity integrity =
          length < 0 ? null : new Integrity(IndexLines.crc(line, 0, line.length), length, crc);
      return new Entry(uid, ownFile, -1, line.length, payload, integrity);
    }

    void cleanup() {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          Log.LOG.log(Level.DEBUG, "Cannot remove {0}: {1}", temp, e);
        }
      }
    }
  }

  private static boolean hasLineBreak(byte[] json) {
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        return true; // only a custom serializer writing raw text could do this
      }
    }
    return false;
  }

  private Prepared prepare(String uid, Object value, Type type) {
    Prepared p = new Prepared(uid);
    try {
      Codec<?> codec = value == null ? null : Codecs.current().forClass(value.getClass());
      if (codec != null) {
        byte[] bytes = encodeWith(codec, value);
        p.codec = codec;
        p.target =
            cacheFolder.resolve("data").resolve(SafeNames.stringUid(uid) + "." + codec.extension());
        p.temp = p.target.resolveSibling(".tmp-" + UUID.randomUUID() + ".part");
        p.payloadLength = bytes.length;
        p.payloadCrc = IndexLines.crc(bytes, 0, bytes.length);
        // written and forced before the lock; the rename under it publishes the file
        AtomicFiles.writeNew(p.temp, bytes, IndexWriter.FSYNC);
        return p;
      }
      p.array = NdArrays.encode(value);
      if (p.array == null) {
        p.json =
            value instanceof Double d && Double.isFinite(d)
                // the bytes Jackson writes for a finite double (Double.toString), without a generator
                ? Double.toString(d).getBytes(StandardCharsets.US_ASCII)
                : MAPPER.writeValueAsBytes(value);
      }
      return p;
    } catch (IOException | IllegalArgumentException e) {
      p.cleanup();
      String typeName = value == null ? "null" : value.getClass().getName();
      throw new CacheWriteException(
          "Cannot store the result of item " + uid + " (" + typeName + ", declared "
              + (type == null ? "?" : type.getTypeName()) + ") in " + cacheFolder + ": "
              + e.getMessage() + ". Results must be JSON-serialisable (numbers, strings, lists, "
              + "maps, records, beans) or primitive arrays; register a " + Codec.class.getName()
              + " for other types.",
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> byte[] encodeWith(Codec<T> codec, Object value) throws IOException {
    byte[] bytes = codec.encode((T) value);
    if (bytes == null) {
      throw new IOException("codec " + codec.name() + " returned null");
    }
    return bytes;
  }

  /** Opens this instance's index writer (creating the cache folders) on first use. */
  private IndexWriter writer() {
    IndexWriter current = writer;
    // ownFile is set after the writer opens (both under this object's monitor): a thread that
    // sees the writer open before that waits for openWriter, or its entry would have no file
    if (current != null && current.isOpen() && ownFile != null) {
      return current;
    }
    List<Object[]> corrupt = openWriter();
    corrupt.forEach(c -> quarantine((Entry) c[0], (String) c[1]));
    return writer;
  }

  private synchronized List<Object[]> openWriter() {
    if (writer != null && writer.isOpen()) {
      return List.of();
    }
    String prefix = writerPrefix != null ? writerPrefix : SafeNames.defaultPrefix();
    if (writer == null) {
      writer = new IndexWriter(cacheFolder, prefix, flushDelayMs, new IndexWriter.Listener() {
        @Override
        public void flushed(long before, long after) {
          lastMtime.compareAndSet(before, after);
        }

        @Override
        public void placed(List<Entry> placed) {
          placed.forEach(entries::compact); // inline values now live in the written lines
        }
      });
    }
    List<Object[]> corrupt;
    try {
      Files.createDirectories(cacheFolder);
      checkFormat();
      writeFormatIfAbsent();
      String name = writer.open();
      synchronized (refreshLock) {
        IndexFile f = files.computeIfAbsent(name, n -> new IndexFile(cacheFolder.resolve(n)));
        if (!f.own) {
          readFile(f); // lines left by an earlier process of the same name (pid reuse)
          f.own = true;
        }
        ownFile = f;
        corrupt = sink.drain();
      }
    } catch (IOException e) {
      throw new CacheWriteException("Cannot open the cache index in " + cacheFolder + ": " + e, e);
    }
    return corrupt;
  }

  @Override
  public void preload() {
    if (loadStarted.compareAndSet(false, true)) {
      Preloader.submit(
          () -> {
            try {
              refresh(false);
            } catch (RuntimeException e) {
              // the caller's own first read meets the same problem and reports it with context
              Log.LOG.log(System.Logger.Level.DEBUG, "background load of " + cacheFolder + " failed", e);
            }
          });
    }
  }

  /**
   * Writes buffered index lines now (they are otherwise written in groups, at the latest {@value
   * IndexWriter#FLUSH_DELAY_MS} ms after they were added).
   *
   * @throws CacheWriteException if the index cannot be written
   */
  @Override
  public void flush() {
    IndexWriter w = writer;
    if (w == null) {
      return;
    }
    try {
      w.flush();
    } catch (IOException e) {
      throw new CacheWriteException("Cannot write the index of " + cacheFolder + ": " + e, e);
    }
  }

  // ------------------------------------------------------------------------------ deleting

  @Override
  public void delete(Collection<String> uids) {
    if (uids.isEmpty()) {
      return;
    }
    refresh(true); // every copy must go, or a recomputed value would lose to a stale one
    List<Entry> victims = new ArrayList<>();
    for (String uid : uids) {
      ram.remove(uid);
      Entry e = entries.remove(uid);
      if (e != null) {
        victims.add(e);
      }
      List<Entry> copies = shadowed.remove(uid);
      if (copies != null) {
        victims.addAll(copies);
      }
    }
    Map<IndexFile, List<Entry>> byFile = new LinkedHashMap<>();
    victims.forEach(e -> byFile.computeIfAbsent(e.file, f -> new ArrayList<>()).add(e));
    try {
      for (Map.Entry<IndexFile, List<Entry>> group : byFile.entrySet()) {
        blank(group.getKey(), group.getValue());
      }
      for (Entry e : victims) {
        if (e.payload instanceof EntryFile f) {
          Path path = SafeNames.resolveInside(cacheFolder, f.filename());
          if (path != null) {
            Files.deleteIfExists(path);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete cache entries in " + cacheFolder, e);
    }
    // results first, errors second: a crash in between leaves an error, never a stale success
    uids.forEach(errors::delete);
    FrozenView view = frozen.get();
    if (view != null) {
      view.errorNames = null; // listed again on the next check
    }
  }

  private void blank(IndexFile file, List<Entry> lines) throws IOException {
    IndexWriter w = file.own ? writer : null;
    try {
      if (w != null) {
        w.blank(lines);
      } else {
        Blanking.blank(file.path, lines);
      }
    } catch (NoSuchFileException e) {
      // the index file is gone, and its lines with it
    }
  }

  /** Drops an entry from memory, promoting another writer's copy of the uid if there is one. */
  private void forget(Entry e) {
    ram.remove(e.uid);
    List<Entry> copies = shadowed.get(e.uid);
    if (entries.remove(e)) {
      promote(e.uid, copies);
    } else if (copies != null) {
      copies.removeIf(c -> Entry.sameLine(c, e));
    }
  }

  /** Makes the first remaining copy of a uid by another writer its entry. */
  private void promote(String uid, List<Entry> copies) {
    if (copies != null) {
      synchronized (copies) {
        while (!copies.isEmpty()) {
          Entry next = copies.remove(0);
          if (entries.putIfAbsent(next) == null) {
            break;
          }
        }
      }
    }
  }

  /**
   * Sets a bad entry aside: a record of its index line goes to {@code quarantine/}, a
   * one-file-per-entry payload is renamed {@code .failed} (kept for inspection, as Gradle does),
   * the index line is blanked so that a recomputed value can take its place, and a warning is
   * logged. Best effort: failures are logged, the entry is forgotten in memory regardless.
   */
  private void quarantine(Entry e, String reason) {
    Log.LOG.log(
        Level.WARNING,
        "Cache entry of item {0} in {1} set aside: {2}. It is reported missing and will be "
            + "recomputed; its index line is recorded in quarantine/.",
        e.uid, cacheFolder, reason);
    forget(e);
    try {
      if (e.lineOffset < 0) {
        flush(); // our own line, still buffered: give it an offset first
      }
      ObjectNode record = MAPPER.createObjectNode();
      record.put("time", Instant.now().toString());
      record.put("uid", e.uid);
      record.put("reason", reason);
      record.put("index", e.file.name);
      record.put("at", e.lineOffset);
      if (e.lineOffset >= 0) {
        byte[] line = e.file.readAt(e.lineOffset, e.lineLength);
        record.put("line", new String(line, StandardCharsets.UTF_8));
      }
      Path folder = cacheFolder.resolve("quarantine");
      Files.createDirectories(folder);
      byte[] bytes = (MAPPER.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
      // one write in append mode: records of concurrent processes never interleave
      Files.write(
          folder.resolve(SafeNames.host() + "-" + ProcessHandle.current().pid()
              + "-quarantine.jsonl"),
          bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      if (e.payload instanceof EntryFile f) {
        Path path = SafeNames.resolveInside(cacheFolder, f.filename());
        if (path != null && Files.exists(path)) {
          AtomicFiles.move(path, path.resolveSibling(path.getFileName() + ".failed"));
        }
      }
      if (e.lineOffset >= 0) {
        blank(e.file, List.of(e));
      }
    } catch (IOException | RuntimeException ex) {
      Log.LOG.log(Level.WARNING, "Cannot quarantine the entry of item " + e.uid + " in " + cacheFolder
          + ": " + ex, ex);
    }
  }

  // ------------------------------------------------------------------------------ errors

  @Override
  public void recordError(String uid, Throwable error) {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(error, "error");
    errors.record(uid, error);
    FrozenView view = frozen.get();
    if (view != null && view.errorNames != null) {
      view.errorNames.add(ErrorStore.fileName(uid)); // our own record is seen at once
    }
  }

  @Override
  public ErrorRecord error(String uid) {
    Objects.requireNonNull(uid, "uid");
    FrozenView view = frozen.get();
    if (view != null) {
      long now = System.nanoTime();
      if (view.errorNames == null || now - view.errorsListed >= FROZEN_NANOS) {
        view.errorNames = errors.names(); // one listing instead of a stat per uid
        view.errorsListed = now;
      }
      if (view.errorNames.isEmpty() || !view.errorNames.contains(ErrorStore.fileName(uid))) {
        return null;
      }
    }
    return errors.read(uid);
  }

  // ------------------------------------------------------------------------------ bulk operations

  private static final long FROZEN_NANOS = TimeUnit.MILLISECONDS.toNanos(FROZEN_MILLIS);

  /** What a thread's bulk operation has seen of other writers, and when. */
  private static final class FrozenView {
    int depth;
    boolean refreshedOnce;
    long refreshed; // System.nanoTime() of the last refresh
    Set<String> errorNames;
    long errorsListed;
  }

  @Override
  public Frozen freeze() {
    FrozenView view = frozen.get();
    if (view == null) {
      view = new FrozenView();
      frozen.set(view);
    }
    view.depth++;
    FrozenView opened = view;
    return new Frozen() {
      private boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          if (--opened.depth == 0 && frozen.get() == opened) {
            frozen.remove();
          }
        }
      }
    };
  }

  // ------------------------------------------------------------------------------ refresh

  /**
   * Reads what other writers appended. Cheap when nothing changed: one {@code stat} of the cache
   * folder; otherwise one listing (only if the folder changed) and one {@code stat} per index file,
   * parsing appended bytes only.
   */
  private void refresh(boolean force) {
    FrozenView view = force ? null : frozen.get();
    if (view != null) {
      long now = System.nanoTime();
      if (view.refreshedOnce && now - view.refreshed < FROZEN_NANOS) {
        return; // a bulk operation looked moments ago
      }
      view.refreshedOnce = true;
      view.refreshed = now;
    }
    List<Object[]> corrupt;
    loadStarted.set(true);
    synchronized (refreshLock) {
      if (!everRefreshed && !isDirectory(cacheFolder)) {
        return; // nothing written yet: a plain stat, no NoSuchFileException per miss
      }
      long now = System.nanoTime();
      long mtime;
      try {
        mtime = Files.getLastModifiedTime(cacheFolder).to(TimeUnit.NANOSECONDS);
      } catch (NoSuchFileException e) {
        return; // nothing written yet
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the cache folder " + cacheFolder, e);
      }
      long last = lastMtime.get();
      if (!force && everRefreshed && mtime == last && now - lastRefresh < RECHECK_NANOS) {
        return;
      }
      checkFormat();
      if (force || !everRefreshed || mtime != last || now - lastListing >= RECHECK_NANOS) {
        list();
        lastListing = now;
      }
      for (IndexFile f : new ArrayList<>(files.values())) {
        if (!f.own) {
          readFile(f);
        }
      }
      lastMtime.set(mtime);
      lastRefresh = now;
      everRefreshed = true;
      corrupt = sink.drain();
    }
    corrupt.forEach(c -> quarantine((Entry) c[0], (String) c[1]));
  }

  private static boolean isDirectory(Path path) {
    try {
      return path.toFile().isDirectory();
    } catch (UnsupportedOperationException e) {
      return Files.isDirectory(path); // not the default filesystem
    }
  }

  private void list() {
    Set<String> present = new HashSet<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(cacheFolder, "*-info.jsonl")) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        present.add(name);
        files.computeIfAbsent(name, n -> new IndexFile(p));
      }
    } catch (NoSuchFileException e) {
      // removed meanwhile: every file below is gone
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the cache folder " + cacheFolder, e);
    }
    for (IndexFile f : new ArrayList<>(files.values())) {
      if (!f.own && !present.contains(f.name)) {
        drop(f); // exca removes an index file whose entries were all deleted
      }
    }
  }

  private void readFile(IndexFile f) {
    entries.beginBulk(sink); // one lock for the lines of the file, not one per line
    try {
      long read = f.readNew(sink);
      if (read > 0) {
        indexBytesRead.addAndGet(read);
        indexFileReads.incrementAndGet();
      }
    } catch (NoSuchFileException e) {
      drop(f);
    } catch (IOException e) {
      Log.LOG.log(Level.WARNING, "Cannot read the cache index {0}: {1}", f.path, e);
    } finally {
      entries.endBulk();
    }
  }

  private void drop(IndexFile f) {
    sink.reset(f);
    f.closeChannel();
    files.remove(f.name);
  }

  /** Collects what index files hold; runs under the refresh lock. */
  private final class Sink implements IndexFile.Sink, EntryTable.Shadows {
    private final List<Object[]> corrupt = new ArrayList<>();

    @Override
    public void line(IndexFile file, long offset, int length, Line line, Integrity integrity,
        boolean lineOk) {
      // only payload checks use the integrity later: none for inline values (saves memory)
      Integrity kept = integrity == null || integrity.length() < 0 ? null : integrity;
      Entry e = new Entry(line.uid(), file, offset, length, line.payload(), kept);
      String filename = filename(line.payload());
      if (!lineOk) {
        corrupt.add(new Object[] {e, "its index line does not match its checksum"});
      } else if (filename != null && SafeNames.resolveInside(cacheFolder, filename) == null) {
        corrupt.add(new Object[] {e, "its file name " + filename + " leaves the cache folder"});
      } else if (entries.putIfAbsent(e) != null) {
        shadowed(e);
      }
    }

    @Override
    public void unparsable(IndexFile file, long offset, String why) {
      Log.LOG.log(
          Level.WARNING,
          "Skipping an unreadable line at byte {0} of cache index {1}: {2}",
          offset, file.path, why);
    }

    @Override
    public void inline(IndexFile file, long offset, int length, byte[] buf, int keyStart,
        int keyLength, boolean lineOk) {
      if (lineOk) {
        entries.addLine(file, offset, length, buf, keyStart, keyLength); // nothing allocated
        return;
      }
      String uid = new String(buf, keyStart, keyLength, StandardCharsets.ISO_8859_1);
      corrupt.add(new Object[] {new Entry(uid, file, offset, length, null, null),
          "its index line does not match its checksum"});
    }

    @Override
    public void shadowed(Entry copy) {
      // first writer wins; the copy is kept for deletion, and as a fallback if the first is bad
      shadowed.computeIfAbsent(copy.uid, k -> new CopyOnWriteArrayList<>()).add(copy);
    }

    @Override
    public void reset(IndexFile file) {
      for (List<Entry> copies : shadowed.values()) {
        copies.removeIf(e -> e.file == file);
      }
      for (Entry e : entries.removeFile(file)) {
        ram.remove(e.uid);
        promote(e.uid, shadowed.get(e.uid));
      }
    }

    List<Object[]> drain() {
      List<Object[]> out = List.copyOf(corrupt);
      corrupt.clear();
      return out;
    }
  }

  private static String filename(Payload p) {
    if (p instanceof JsonFile j) {
      return j.filename();
    }
    if (p instanceof ArrayFile a) {
      return a.filename();
    }
    if (p instanceof EntryFile f) {
      return f.filename();
    }
    return null;
  }

  // ------------------------------------------------------------------------------ format

  /**
   * Refuses a cache written by a newer major version of this format. A folder without the marker
   * (new, or written by the Python tool only) is version 1.
   */
  private void checkFormat() {
    if (formatChecked) {
      return;
    }
    Path marker = cacheFolder.resolve(FORMAT_FILE);
    String text;
    try {
      text = Files.readString(marker, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + marker, e);
    }
    int major;
    try {
      major = Integer.parseInt(text.split("\\.", 2)[0]);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "Cannot read the cache format version in " + marker + " (\"" + text + "\"); expected "
              + "\"" + FORMAT_VERSION + "\". Use another cache folder, or fix or delete the file.");
    }
    if (major > FORMAT_MAJOR) {
      throw new IllegalStateException(
          "The cache in " + cacheFolder + " has format version " + text + ", this exca for Java "
              + "reads version " + FORMAT_MAJOR + ".x only. Upgrade exca for Java, or use another "
              + "cache folder.");
    }
    formatChecked = true;
  }

  private void writeFormatIfAbsent() throws IOException {
    Path marker = cacheFolder.resolve(FORMAT_FILE);
    if (!Files.exists(marker)) {
      AtomicFiles.write(
          marker,
          AtomicFiles.tempName(".tmp-", marker),
          (FORMAT_VERSION + "\n").getBytes(StandardCharsets.UTF_8),
          false,
          false);
    }
  }

  // ------------------------------------------------------------------------------ closing

  @Override
  public void close() {
    IndexWriter w = writer;
    try {
      if (w != null) {
        w.close();
      }
    } catch (IOException e) {
      throw new CacheWriteException("Cannot flush the index of " + cacheFolder + ": " + e, e);
    } finally {
      for (String name : new ArrayList<>(dataReaders.keySet())) {
        closeReader(name);
      }
      synchronized (refreshLock) {
        files.values().forEach(IndexFile::closeChannel);
      }
    }
  }

  // ------------------------------------------------------------------------------ for tests

  /** Bytes read from index and sidecar files of other writers so far. */
  long indexBytesRead() {
    return indexBytesRead.get();
  }

  /** The most sidecar records an index file held in memory at once while loading (tests). */
  int peakSidecarRecords() {
    synchronized (refreshLock) {
      return files.values().stream().mapToInt(IndexFile::peakSidecarRecords).max().orElse(0);
    }
  }

  /** Incremental reads of index files that found new bytes. */
  long indexFileReads() {
    return indexFileReads.get();
  }

  /** This instance's index file, or null before the first write. */
  Path ownIndexFile() {
    IndexFile f = ownFile;
    return f == null ? null : f.path;
  }

  @Override
  public String toString() {
    return "FileStepCache(" + stepFolder + ", keepInRam=" + keepInRam + ")";
  }
}
