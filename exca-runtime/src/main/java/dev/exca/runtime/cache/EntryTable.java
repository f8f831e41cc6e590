package dev.exca.runtime.cache;

import dev.exca.runtime.cache.IndexLines.Inline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;

/**
 * The in-memory index of a cache folder: uid to {@link Entry}, in about 30 bytes per entry instead
 * of the 180 a map of entry objects takes.
 *
 * <p>Most entries are inline values whose index line is on disk. For those the table keeps only
 * what finds the line again: the uid's bytes, the index file, the line's offset and length, packed
 * in byte chunks. {@link #get} hands out a new {@link Entry} without payload; the value is read
 * from the line when it is wanted (see {@link Entry#lazy()}). Every other entry (a payload in a
 * data file, one with a checksum to verify, or a line of this process not written yet) is kept as
 * the object itself.
 *
 * <p>Open addressing with linear probing over one {@code long} per slot: the kind of the slot, the
 * position of its record and 24 bits of the uid's hash, so that most probes that do not match are
 * rejected without reading the record. Thread-safe: writes take a lock, reads are optimistic
 * ({@link StampedLock}) and retry under the lock when a write overlapped.
 */
final class EntryTable {
  private static final long EMPTY = 0;
  private static final long TOMBSTONE = 1;
  private static final long KIND_MASK = 3;
  private static final long COMPACT = 2;
  private static final long HEAVY = 3;
  private static final int REF_BITS = 30;
  private static final long REF_MASK = (1L << REF_BITS) - 1;
  /** The whole hash is kept: growing never reads a record again. */
  private static final int FINGERPRINT_SHIFT = REF_BITS + 2;

  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS; // 64 KiB: never a humongous G1 object
  /** Longer uids are kept as entry objects: a record never spans chunks. */
  private static final int MAX_RECORD = CHUNK / 4;

  private static final double MAX_LOAD = 0.7;
  private static final double REBUILT_LOAD = 0.5;

  private final StampedLock lock = new StampedLock();

  private long[] slots;
  private int live;
  private int used; // live + tombstones

  private byte[][] chunks = new byte[4][];
  private int chunkCount;
  private int fill = CHUNK; // write position in the last chunk: full, so the first record opens one
  private long recordBytes;
  private long garbageBytes;

  private Entry[] heavy = new Entry[16];
  private int heavyTop;
  private int[] heavyFree = new int[16];
  private int heavyFreeCount;

  private IndexFile[] files = new IndexFile[4];
  private final Map<IndexFile, Integer> fileIds = new IdentityHashMap<>();

  /** A table sized for about {@code expected} entries. */
  EntryTable(int expected) {
    slots = new long[capacityFor(Math.max(8, expected))];
  }

  private static int capacityFor(int entries) {
    long c = (long) Math.ceil(entries / REBUILT_LOAD) + 8;
    if (c > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more than " + (int) (Integer.MAX_VALUE * REBUILT_LOAD)
          + " entries in one cache folder");
    }
    return (int) c;
  }

  // --------------------------------------------------------------------------------- reads

  /** The entry of {@code uid}, or null. */
  Entry get(String uid) {
    return lookup(uid, MATERIALIZE, null);
  }

  /**
   * Where the line of {@code uid} is, if its entry is compact (an inline value): sets {@code
   * into}'s line fields and returns true, without an entry object. False when the uid has no entry
   * or a heavy one ({@link #get} gives it).
   */
  boolean locate(String uid, Scratch into) {
    return lookup(uid, LOCATE, into) == COMPACT_ENTRY;
  }

  private static final int SENTINEL = 0;
  private static final int MATERIALIZE = 1;
  private static final int LOCATE = 2;

  /**
   * Like {@link #get}, but a compact entry (an inline value, nothing to check before use) is
   * answered with {@link #COMPACT_ENTRY} instead of a new entry object: what {@code contains}
   * needs, without an allocation per item.
   */
  Entry peek(String uid) {
    return lookup(uid, SENTINEL, null);
  }

  /** What {@link #peek} returns for a compact entry. */
  static final Entry COMPACT_ENTRY = new Entry("", null, -1, 0, null, null);

  /** @param mode {@link #SENTINEL}, {@link #MATERIALIZE} or {@link #LOCATE} (into {@code into}) */
  private Entry lookup(String uid, int mode, Scratch into) {
    int h = hash(uid);
    if (bulkOwner == Thread.currentThread()) {
      placeBatch(); // holds the write lock
      return find(uid, h, false, mode, into, NO_HINTS);
    }
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      try {
        Entry e = find(uid, h, true, mode, into, version(stamp));
        if (lock.validate(stamp)) {
          return e;
        }
      } catch (RuntimeException torn) {
        // arrays swapped under us: read again under the lock
      }
    }
    stamp = lock.readLock();
    try {
      return find(uid, h, false, mode, into, version(stamp));
    } finally {
      lock.unlockRead(stamp);
    }
  }

  // ------------------------------------------------------------------- sequential lookups

  /*
   * Items are usually looked up in the order they were written (a warm run reads its inputs in
   * the order a cold run wrote them), and records are appended in index-line order: the record
   * after the last one found is then the next one wanted. The hint remembers where it starts, so
   * such a lookup reads that record (next to the last, already in cache) instead of a slot at a
   * random place of the slot array. The hint is tagged with the lock's write version when it was
   * found: it is used only while no write happened since (a read that overlapped a write may have
   * seen torn state, but then the version moved on and its hint is never used). A record's state
   * byte tells whether a slot still refers to it, since a dead record keeps its bytes.
   */

  private static final int NO_HINTS = -1;

  /** (write version << 32) | start of the record after the last one found; -1 when none. */
  @SuppressWarnings("unused") // through HINT
  private long hint = -1;

  private static final java.lang.invoke.VarHandle HINT;

  static {
    try {
      HINT = java.lang.invoke.MethodHandles.lookup().findVarHandle(EntryTable.class, "hint", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The write version of a stamp (its bits above the reader count), never {@link #NO_HINTS}. */
  private static int version(long stamp) {
    return (int) (stamp >>> 7) & 0x7FFFFFFF;
  }

  /** The entry at the hint, if the hint is current and its record is the live one of {@code uid}. */
  private Entry hinted(String uid, int mode, Scratch into, int version) {
    long hv = (long) HINT.getOpaque(this);
    if (hv < 0 || (int) (hv >>> 32) != version) {
      return null;
    }
    long ref = hv & 0xFFFFFFFFL;
    int ci = (int) (ref >>> CHUNK_BITS);
    byte[][] cs = chunks;
    if (ci >= chunkCount || ci >= cs.length || cs[ci] == null || cs[ci][(int) (ref & (CHUNK - 1))] != LIVE) {
      return null;
    }
    return compactEntry(ref, uid, mode, into, version);
  }

  boolean containsKey(String uid) {
    return peek(uid) != null;
  }

  int size() {
    return live;
  }

  /**
   * Finds {@code uid}; with {@code optimistic}, values read may be torn and the caller validates
   * before using the result (the entry objects built from a torn read are simply dropped).
   */
  private Entry find(String uid, int h, boolean optimistic, int mode, Scratch into, int version) {
    if (version != NO_HINTS) {
      Entry hit = hinted(uid, mode, into, version);
      if (hit != null) {
        return hit;
      }
    }
    long[] s = slots;
    int i = start(h, s.length);
    long fp = fingerprint(h);
    for (int probes = 0; probes < s.length; probes++) {
      long v = s[i];
      if (v == EMPTY) {
        return null;
      }
      long kind = v & KIND_MASK;
      if (kind != TOMBSTONE && (v >>> FINGERPRINT_SHIFT) == fp) {
        long ref = (v >>> 2) & REF_MASK;
        if (kind == HEAVY) {
          Entry e = heavy[(int) ref];
          if (e != null && e.uid.equals(uid)) {
            return e;
          }
        } else {
          Entry e = compactEntry(ref, uid, mode, into, version);
          if (e != null) {
            return e;
          }
        }
      }
      if (++i == s.length) {
        i = 0;
      }
    }
    if (optimistic) {
      return null; // a torn read that went round: validation fails
    }
    throw new IllegalStateException("internal: full entry table");
  }

  /** The entry of the compact record at {@code ref} if its uid is {@code uid}, else null. */
  private Entry compactEntry(long ref, String uid) {
    return compactEntry(ref, uid, MATERIALIZE, null, NO_HINTS);
  }

  /**
   * The entry of the compact record at {@code ref} if its uid is {@code uid}, else null; a match
   * leaves a hint to the next record, tagged with {@code version} (unless {@link #NO_HINTS}).
   */
  private Entry compactEntry(long ref, String uid, int mode, Scratch into, int version) {
    byte[] c = chunks[(int) (ref >>> CHUNK_BITS)];
    int p = (int) (ref & (CHUNK - 1));
    int uidLength = uidLength(c, p);
    int at = uidStart(c, p);
    if (!uidEquals(c, at, uidLength, uid)) {
      return null;
    }
    int q = at + uidLength;
    int fileId = (int) varint(c, q);
    q = afterVarint(c, q);
    long offset = varint(c, q);
    q = afterVarint(c, q);
    int lineLength = (int) varint(c, q);
    q = afterVarint(c, q);
    if (version != NO_HINTS) {
      // the next record starts where this one ends (offset CHUNK carries into the next chunk)
      HINT.setOpaque(this, ((long) version << 32) | ((ref & ~(long) (CHUNK - 1)) + q));
    }
    if (mode == MATERIALIZE) {
      return new Entry(uid, files[fileId], offset, lineLength, null, null);
    }
    if (mode == LOCATE) {
      into.locate(files[fileId], offset, lineLength);
    }
    return COMPACT_ENTRY;
  }

  /**
   * The bytes of an ASCII uid in a per-thread buffer (every entry a cold run writes passes here
   * once: no array per item), to use before the next call; null if the uid is not ASCII.
   */
  private static byte[] ascii(String uid) {
    int n = uid.length();
    byte[] b = ASCII.get();
    if (n > b.length) {
      return null;
    }
    for (int k = 0; k < n; k++) {
      char ch = uid.charAt(k);
      if (ch >= 0x80) {
        return null;
      }
      b[k] = (byte) ch;
    }
    return b;
  }

  private static final ThreadLocal<byte[]> ASCII = ThreadLocal.withInitial(() -> new byte[256]);

  /** Record layout: state, uid length (varint), uid bytes, file id, line offset, line length. */
  private static final byte LIVE = 1;

  /** The state of a record no slot refers to any more (its bytes stay until a repack). */
  private static final byte DEAD = 2;

  /** The uid length of the record at {@code p}: below {@link #MAX_RECORD}, two varint bytes at most. */
  private static int uidLength(byte[] c, int p) {
    byte b = c[p + 1];
    return b >= 0 ? b : (b & 0x7F) | (c[p + 2] << 7);
  }

  private static int uidStart(byte[] c, int p) {
    return c[p + 1] >= 0 ? p + 2 : p + 3;
  }

  private static boolean uidEquals(byte[] c, int at, int length, String uid) {
    int n = uid.length();
    if (n == length) {
      int k = 0;
      for (; k < n; k++) {
        char ch = uid.charAt(k);
        if (ch >= 0x80 || c[at + k] != (byte) ch) {
          break;
        }
      }
      if (k == n) {
        return true;
      }
      if (uid.charAt(k) < 0x80) {
        return false; // an ASCII mismatch
      }
    } else if (n > length) {
      return false; // UTF-8 is never shorter than the chars it encodes
    }
    byte[] utf8 = uid.getBytes(StandardCharsets.UTF_8);
    return Arrays.equals(utf8, 0, utf8.length, c, at, at + length);
  }

  // --------------------------------------------------------------------------------- writes

  /** Puts {@code e}, replacing any entry of its uid. */
  void put(Entry e) {
    long stamp = acquire();
    try {
      int slot = slotOf(e.uid, hash(e.uid));
      if (slot >= 0) {
        release(slot);
        slots[slot] = TOMBSTONE;
        live--;
      }
      insert(e);
    } finally {
      release(stamp);
    }
  }

  /** Puts {@code e} unless its uid has an entry; returns that entry, or null if {@code e} went in. */
  Entry putIfAbsent(Entry e) {
    long stamp = acquire();
    try {
      int h = hash(e.uid);
      int slot = slotOf(e.uid, h);
      if (slot >= 0) {
        return entryAt(slot, e.uid);
      }
      insert(e);
      return null;
    } finally {
      release(stamp);
    }
  }

  /**
   * Adds the inline entry of an index line whose uid is the printable ASCII at {@code
   * buf[keyStart, keyStart + keyLength)}, unless the uid has an entry already: then the line is a
   * copy, handed to the bulk load's {@link Shadows}. Only inside a {@linkplain #beginBulk bulk
   * load}, and allocates nothing per line.
   *
   * <p>The record is written at once, but its slot is taken later, for a batch of lines together:
   * the first probe of each lands at a random place of a slot array of megabytes, and placing a
   * batch in one tight loop lets the processor wait for those cache misses together instead of one
   * line at a time (loading 100,000 lines went from 28-31 to 19-20 ms). Lines still win in the
   * order they were added.
   *
   * @throws IllegalStateException outside a bulk load of the calling thread
   */
  void addLine(IndexFile file, long offset, int lineLength, byte[] buf, int keyStart,
      int keyLength) {
    if (bulkOwner != Thread.currentThread()) {
      throw new IllegalStateException("internal: a line added outside a bulk load");
    }
    if (!recordFits(keyLength)) {
      Entry e = new Entry(new String(buf, keyStart, keyLength, StandardCharsets.ISO_8859_1), file,
          offset, lineLength, null, null);
      if (putIfAbsent(e) != null) { // places the batch first: lines win in order
        shadows.shadowed(e);
      }
      return;
    }
    if (batched == 0) {
      reserve(BATCH); // a rebuild while records wait for slots would leave them behind
    }
    batchHashes[batched] = hashAscii(buf, keyStart, keyLength);
    batchRefs[batched] = writeRecord(fileId(file), offset, lineLength, buf, keyStart, keyLength);
    if (++batched == BATCH) {
      placeBatch();
      if ((bulkPuts += BATCH) >= YIELD_EVERY) {
        yieldLock();
      }
    }
  }

  /** Told of index lines whose uid had an entry already when a bulk load placed them. */
  interface Shadows {
    /** {@code copy} is not in the table: the uid's first line keeps the entry. */
    void shadowed(Entry copy);
  }

  private static final int BATCH = 256;
  private final int[] batchHashes = new int[BATCH];
  private final long[] batchRefs = new long[BATCH];
  private int batched;

  /** Gives the records {@link #addLine} wrote their slots, in the order they were added. */
  private void placeBatch() {
    int n = batched;
    batched = 0;
    long[] s = slots;
    for (int j = 0; j < n; j++) {
      int h = batchHashes[j];
      long ref = batchRefs[j];
      long fp = fingerprint(h);
      int i = start(h, s.length);
      int free = -1;
      boolean copy = false;
      for (long v; (v = s[i]) != EMPTY; ) {
        long kind = v & KIND_MASK;
        if (kind == TOMBSTONE) {
          free = free < 0 ? i : free;
        } else if ((v >>> FINGERPRINT_SHIFT) == fp && sameUid(v, ref)) {
          copy = true;
          break;
        }
        if (++i == s.length) {
          i = 0;
        }
      }
      if (copy) {
        Entry e = recordEntry(ref);
        kill(ref);
        shadows.shadowed(e);
        continue;
      }
      if (free < 0) {
        free = i;
        used++;
      }
      s[free] = (fp << FINGERPRINT_SHIFT) | (ref << 2) | COMPACT;
      live++;
    }
  }

  /** Whether the slot value {@code v} refers to an entry of the same uid as the record {@code ref}. */
  private boolean sameUid(long v, long ref) {
    byte[] c = chunks[(int) (ref >>> CHUNK_BITS)];
    int p = (int) (ref & (CHUNK - 1));
    int at = uidStart(c, p);
    int length = uidLength(c, p);
    long other = (v >>> 2) & REF_MASK;
    return (v & KIND_MASK) == HEAVY
        ? asciiEquals(heavy[(int) other].uid, c, at, length)
        : recordUidEquals(other, c, at, length);
  }

  private static boolean asciiEquals(String uid, byte[] b, int at, int length) {
    if (uid.length() != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (uid.charAt(k) != (b[at + k] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  private boolean recordUidEquals(long ref, byte[] b, int at, int length) {
    byte[] c = chunks[(int) (ref >>> CHUNK_BITS)];
    int r = (int) (ref & (CHUNK - 1));
    int p = uidStart(c, r);
    return uidLength(c, r) == length && Arrays.equals(c, p, p + length, b, at, at + length);
  }

  /** Removes and returns the entry of {@code uid}, or null. */
  Entry remove(String uid) {
    long stamp = acquire();
    try {
      int slot = slotOf(uid, hash(uid));
      if (slot < 0) {
        return null;
      }
      Entry e = entryAt(slot, uid);
      release(slot);
      slots[slot] = TOMBSTONE;
      live--;
      return e;
    } finally {
      release(stamp);
    }
  }

  /**
   * Removes the entry of {@code e.uid} if it is {@code e}: the same object, or the same line (the
   * table hands out a new object per lookup of a compact entry).
   */
  boolean remove(Entry e) {
    long stamp = acquire();
    try {
      int slot = slotOf(e.uid, hash(e.uid));
      if (slot < 0 || !sameEntry(slot, e)) {
        return false;
      }
      release(slot);
      slots[slot] = TOMBSTONE;
      live--;
      return true;
    } finally {
      release(stamp);
    }
  }

  private boolean sameEntry(int slot, Entry e) {
    long v = slots[slot];
    long ref = (v >>> 2) & REF_MASK;
    if ((v & KIND_MASK) == HEAVY) {
      return heavy[(int) ref] == e;
    }
    return Entry.sameLine(entryAt(slot, e.uid), e);
  }

  /**
   * Turns {@code e}, an entry of this process whose line has just been written, into a compact
   * record if it is still the entry of its uid and its value is inline.
   */
  void compact(Entry e) {
    if (!(e.payload instanceof Inline) || e.integrity != null || e.lineOffset < 0) {
      return;
    }
    byte[] uid = ascii(e.uid);
    int uidLength = uid != null ? e.uid.length() : (uid = e.uid.getBytes(StandardCharsets.UTF_8)).length;
    if (!recordFits(uidLength)) {
      return;
    }
    long stamp = acquire();
    try {
      int h = hash(e.uid);
      int slot = slotOf(e.uid, h);
      if (slot < 0 || (slots[slot] & KIND_MASK) != HEAVY
          || heavy[(int) ((slots[slot] >>> 2) & REF_MASK)] != e) {
        return;
      }
      release(slot);
      long ref = writeRecord(fileId(e.file), e.lineOffset, e.lineLength, uid, 0, uidLength);
      slots[slot] = (fingerprint(h) << FINGERPRINT_SHIFT) | (ref << 2) | COMPACT;
    } finally {
      release(stamp);
    }
  }

  /** Removes every entry read from {@code file} and returns them. */
  List<Entry> removeFile(IndexFile file) {
    long stamp = acquire();
    try {
      List<Entry> removed = new ArrayList<>();
      Integer id = fileIds.get(file);
      for (int i = 0; i < slots.length; i++) {
        long v = slots[i];
        long kind = v & KIND_MASK;
        long ref = (v >>> 2) & REF_MASK;
        Entry e;
        if (kind == HEAVY) {
          e = heavy[(int) ref];
          if (e.file != file) {
            continue;
          }
        } else if (kind == COMPACT && id != null && recordFile(ref) == id) {
          e = recordEntry(ref);
        } else {
          continue;
        }
        removed.add(e);
        release(i);
        slots[i] = TOMBSTONE;
        live--;
      }
      return removed;
    } finally {
      release(stamp);
    }
  }

  // --------------------------------------------------------------------------------- locking

  /** The thread loading lines in bulk, which holds the write lock between its puts. */
  private volatile Thread bulkOwner;
  private long bulkStamp;
  private int bulkPuts;

  /** Where the copies {@link #addLine} finds go, during a bulk load. */
  private Shadows shadows;

  /**
   * Lets the calling thread put many lines under one write lock (loading an index file) until
   * {@link #endBulk}; the lock is still let go every few thousand lines for readers. Copies of
   * uids that have an entry, among the lines {@link #addLine} adds, go to {@code shadows}.
   */
  void beginBulk(Shadows shadows) {
    bulkStamp = lock.writeLock();
    bulkPuts = 0;
    bulkOwner = Thread.currentThread();
    this.shadows = shadows;
  }

  void endBulk() {
    try {
      placeBatch();
    } finally {
      shadows = null;
      bulkOwner = null;
      lock.unlockWrite(bulkStamp);
    }
  }

  private long acquire() {
    if (bulkOwner == Thread.currentThread()) {
      placeBatch(); // every other change comes after the lines added before it
      if (++bulkPuts >= YIELD_EVERY) {
        yieldLock();
      }
      return 0;
    }
    return lock.writeLock();
  }

  /** Puts in a bulk load between two turns given to readers. */
  private static final int YIELD_EVERY = 4096;

  /** Lets readers waiting for a bulk load's lock have their turn; no line waits for its slot. */
  private void yieldLock() {
    bulkPuts = 0;
    lock.unlockWrite(bulkStamp);
    bulkStamp = lock.writeLock();
  }

  private void release(long stamp) {
    if (stamp != 0) {
      lock.unlockWrite(stamp);
    }
  }

  // --------------------------------------------------------------------------------- internals

  private int slotOf(String uid, int h) {
    long[] s = slots;
    int i = start(h, s.length);
    long fp = fingerprint(h);
    while (true) {
      long v = s[i];
      if (v == EMPTY) {
        return -1;
      }
      long kind = v & KIND_MASK;
      if (kind != TOMBSTONE && (v >>> FINGERPRINT_SHIFT) == fp) {
        long ref = (v >>> 2) & REF_MASK;
        if (kind == HEAVY ? heavy[(int) ref].uid.equals(uid) : compactEntry(ref, uid) != null) {
          return i;
        }
      }
      if (++i == s.length) {
        i = 0;
      }
    }
  }

  private Entry entryAt(int slot, String uid) {
    long v = slots[slot];
    long ref = (v >>> 2) & REF_MASK;
    return (v & KIND_MASK) == HEAVY ? heavy[(int) ref] : compactEntry(ref, uid);
  }

  private void insert(Entry e) {
    reserve(1);
    if (e.lazy()) {
      // a compact entry handed out earlier and put back (a copy promoted by forget)
      byte[] uid = e.uid.getBytes(StandardCharsets.UTF_8);
      if (recordFits(uid.length)) {
        long ref = writeRecord(fileId(e.file), e.lineOffset, e.lineLength, uid, 0, uid.length);
        place(hash(e.uid), (ref << 2) | COMPACT);
        return;
      }
    } else if (e.payload instanceof Inline && e.integrity == null && e.lineOffset >= 0) {
      Entry lazy = new Entry(e.uid, e.file, e.lineOffset, e.lineLength, null, null);
      byte[] uid = e.uid.getBytes(StandardCharsets.UTF_8);
      if (recordFits(uid.length)) {
        long ref = writeRecord(fileId(lazy.file), lazy.lineOffset, lazy.lineLength, uid, 0,
            uid.length);
        place(hash(e.uid), (ref << 2) | COMPACT);
        return;
      }
    }
    int idx;
    if (heavyFreeCount > 0) {
      idx = heavyFree[--heavyFreeCount];
    } else {
      if (heavyTop == heavy.length) {
        heavy = Arrays.copyOf(heavy, heavy.length * 2);
      }
      if (heavyTop == REF_MASK) {
        throw new IllegalStateException("more than " + REF_MASK + " entries in one cache folder");
      }
      idx = heavyTop++;
    }
    heavy[idx] = e;
    place(hash(e.uid), ((long) idx << 2) | HEAVY);
  }

  private void place(int h, long refAndKind) {
    long[] s = slots;
    int i = start(h, s.length);
    while (s[i] != EMPTY && s[i] != TOMBSTONE) {
      if (++i == s.length) {
        i = 0;
      }
    }
    if (s[i] == EMPTY) {
      used++;
    }
    s[i] = (fingerprint(h) << FINGERPRINT_SHIFT) | refAndKind;
    live++;
  }

  /** Frees what the slot refers to (its record becomes garbage, or its heavy index is reused). */
  private void release(int slot) {
    long v = slots[slot];
    long ref = (v >>> 2) & REF_MASK;
    if ((v & KIND_MASK) == HEAVY) {
      heavy[(int) ref] = null;
      if (heavyFreeCount == heavyFree.length) {
        heavyFree = Arrays.copyOf(heavyFree, heavyFree.length * 2);
      }
      heavyFree[heavyFreeCount++] = (int) ref;
    } else {
      kill(ref);
    }
  }

  /** Marks the record at {@code ref} dead: its bytes are garbage until a repack. */
  private void kill(long ref) {
    garbageBytes += recordLength(ref);
    chunks[(int) (ref >>> CHUNK_BITS)][(int) (ref & (CHUNK - 1))] = DEAD;
  }

  /** Makes room for {@code n} more entries: rebuilds when they would pass the highest load. */
  private void reserve(int n) {
    if (used + n <= slots.length * MAX_LOAD) {
      return;
    }
    // doubles when full of live entries; when full of tombstones, cleans them at the same size
    rebuild(Math.max(slots.length, capacityFor((int) Math.min(Integer.MAX_VALUE / 4,
        (long) ((live + n) / GROWN_LOAD * REBUILT_LOAD)))));
  }

  private static final double GROWN_LOAD = 0.35;

  /** Rehashes into {@code capacity} slots, dropping tombstones and, when worth it, garbage. */
  private void rebuild(int capacity) {
    if (batched > 0) {
      throw new IllegalStateException("internal: rebuilt with records waiting for their slots");
    }
    boolean repack = garbageBytes > (1 << 20) && garbageBytes > recordBytes / 2;
    byte[][] oldChunks = chunks;
    if (repack) {
      chunks = new byte[Math.max(4, chunkCount)][];
      chunkCount = 0;
      fill = CHUNK;
      recordBytes = 0;
      garbageBytes = 0;
    }
    long[] old = slots;
    long[] fresh = new long[capacity];
    for (long v : old) {
      long kind = v & KIND_MASK;
      if (kind != HEAVY && kind != COMPACT) {
        continue;
      }
      long ref = (v >>> 2) & REF_MASK;
      int h;
      h = (int) (v >>> FINGERPRINT_SHIFT);
      if (kind == COMPACT && repack) {
        byte[] c = oldChunks[(int) (ref >>> CHUNK_BITS)];
        int start = (int) (ref & (CHUNK - 1));
        ref = copyRecord(c, start, recordLength(c, start));
      }
      int i = start(h, capacity);
      while (fresh[i] != EMPTY) {
        if (++i == capacity) {
          i = 0;
        }
      }
      fresh[i] = (fingerprint(h) << FINGERPRINT_SHIFT) | (ref << 2) | kind;
    }
    slots = fresh;
    used = live;
  }

  private long writeRecord(int fileId, long offset, int lineLength, byte[] uid, int at,
      int length) {
    room(1 + 2 + length + 5 + 10 + 5);
    byte[] c = chunks[chunkCount - 1];
    int start = fill;
    c[start] = LIVE;
    int n = putVarint(c, start + 1, length);
    System.arraycopy(uid, at, c, n, length);
    n = putVarint(c, n + length, fileId);
    n = putVarint(c, n, offset);
    n = putVarint(c, n, lineLength);
    fill = n;
    recordBytes += fill - start;
    return ((long) (chunkCount - 1) << CHUNK_BITS) | start;
  }

  /** At most this many chunks: record references have {@value #REF_BITS} bits. */
  private static final int MAX_CHUNKS = 1 << (REF_BITS - CHUNK_BITS);

  /** Whether a record for a uid of this many bytes can be written (else: keep an object). */
  private boolean recordFits(int uidLength) {
    int length = uidLength + 23;
    return length <= MAX_RECORD && (fill + length <= CHUNK || chunkCount < MAX_CHUNKS);
  }

  /** Opens a new chunk unless the last one has {@code length} bytes free. */
  private void room(int length) {
    if (fill + length > CHUNK) {
      if (chunkCount == chunks.length) {
        chunks = Arrays.copyOf(chunks, chunks.length * 2);
      }
      chunks[chunkCount++] = new byte[CHUNK];
      fill = 0;
    }
  }

  private long copyRecord(byte[] src, int from, int length) {
    room(length);
    System.arraycopy(src, from, chunks[chunkCount - 1], fill, length);
    long ref = ((long) (chunkCount - 1) << CHUNK_BITS) | fill;
    fill += length;
    recordBytes += length;
    return ref;
  }

  private int recordLength(long ref) {
    return recordLength(chunks[(int) (ref >>> CHUNK_BITS)], (int) (ref & (CHUNK - 1)));
  }

  private static int recordLength(byte[] c, int start) {
    int q = uidStart(c, start) + uidLength(c, start);
    return afterVarint(c, afterVarint(c, afterVarint(c, q))) - start; // file id, offset, length
  }

  private int recordFile(long ref) {
    byte[] c = chunks[(int) (ref >>> CHUNK_BITS)];
    int p = (int) (ref & (CHUNK - 1));
    return (int) varint(c, uidStart(c, p) + uidLength(c, p));
  }

  private Entry recordEntry(long ref) {
    byte[] c = chunks[(int) (ref >>> CHUNK_BITS)];
    int p = (int) (ref & (CHUNK - 1));
    int at = uidStart(c, p);
    int uidLength = uidLength(c, p);
    String uid = new String(c, at, uidLength, StandardCharsets.UTF_8);
    int q = at + uidLength;
    int fileId = (int) varint(c, q);
    q = afterVarint(c, q);
    long offset = varint(c, q);
    int lineLength = (int) varint(c, afterVarint(c, q));
    return new Entry(uid, files[fileId], offset, lineLength, null, null);
  }

  private int fileId(IndexFile file) {
    if (file == lastFile) {
      return lastFileId;
    }
    int id = lookupFileId(file);
    lastFile = file;
    lastFileId = id;
    return id;
  }

  private IndexFile lastFile;
  private int lastFileId;

  private int lookupFileId(IndexFile file) {
    Integer id = fileIds.get(file);
    if (id != null) {
      return id;
    }
    int next = fileIds.size();
    if (next == files.length) {
      files = Arrays.copyOf(files, files.length * 2);
    }
    files[next] = file;
    fileIds.put(file, next);
    return next;
  }

  private static int putVarint(byte[] b, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      b[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[at++] = (byte) v;
    return at;
  }

  /**
   * The varint at {@code at}. Its end is {@link #afterVarint}: two small methods rather than a
   * cursor array, which a lookup did not always get scalar-replaced.
   */
  private static long varint(byte[] b, int at) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[at++];
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
  }

  /** Where the varint at {@code at} ends. */
  private static int afterVarint(byte[] b, int at) {
    while (b[at++] < 0) {
      // continuation bytes have the high bit set
    }
    return at;
  }

  // --------------------------------------------------------------------------------- hashing

  /** Slot where probing for hash {@code h} starts (Lemire's multiply-shift range reduction). */
  private static int start(int h, int capacity) {
    return (int) (((h & 0xFFFFFFFFL) * capacity) >>> 32);
  }

  private static long fingerprint(int h) {
    return h & 0xFFFFFFFFL;
  }

  /**
   * The hash of a uid: {@link String#hashCode} (kept by the string, so a uid looked up twice is
   * hashed once), mixed.
   */
  static int hash(String uid) {
    return mix(uid.hashCode());
  }

  /** {@link #hash(String)} of the string of these ASCII bytes, without making the string. */
  private static int hashAscii(byte[] b, int at, int length) {
    int h = 0;
    for (int k = at; k < at + length; k++) {
      h = 31 * h + (b[k] & 0xff);
    }
    return mix(h);
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }
}
