package dev.exca.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The item uids of a {@code runMany} call, in input order, stored as UTF-8 bytes: about 20 bytes a
 * uid instead of 60 for a String and its array. Append-only while {@code runMany} reads its inputs,
 * unmodifiable for everyone else; {@link #get} decodes a new String each time.
 *
 * <p>Bytes live in chunks of 64 KiB that no uid straddles (a longer uid gets a chunk of its own),
 * so a uid's place fits one int: chunk in the high 16 bits, offset in the low 16 bits.
 */
final class UidList extends CompactUids {
  private static final int CHUNK = 1 << 16;
  private static final int MAX_CHUNKS = 1 << 16;

  private byte[][] chunks = new byte[1][];
  /** Bytes used in each chunk: where the last uid of a chunk ends. */
  private int[] fills = new int[1];
  private int chunkCount;
  /** Per uid: chunk << 16 | offset, read unsigned. */
  private int[] starts;
  private int size;
  /**
   * The rare uids that UTF-8 cannot carry exactly (an unpaired surrogate turns into '?'), kept as
   * given; null until one comes.
   */
  private Map<Integer, String> verbatim;
  /**
   * The uids as given, for a list known to stay small (null otherwise): {@link #get} then hands
   * them out instead of decoding a new string at each of the several passes over the items.
   */
  private String[] strings;

  /** Lists of up to this many uids known in advance also keep the strings (~56 bytes a uid). */
  static final int KEEP_STRINGS_UP_TO = 1 << 18;

  UidList() {
    this(16);
  }

  /**
   * An empty list with room for {@code expected} uids before growing; when {@code expected} is
   * the exact count and at most {@link #KEEP_STRINGS_UP_TO}, the strings are kept as well.
   */
  UidList(int expected) {
    starts = new int[Math.max(1, expected)];
    if (expected <= KEEP_STRINGS_UP_TO && expected > 16) {
      strings = new String[expected];
    }
  }

  /** A list of the given uids. */
  static UidList of(String... uids) {
    UidList list = new UidList(uids.length);
    for (String uid : uids) {
      list.append(uid);
    }
    return list;
  }

  /**
   * Adds a uid at the end.
   *
   * @param uid the uid, not null
   * @throws IllegalStateException once the list has an {@link #index()}, which would go stale
   */
  void append(String uid) {
    Objects.requireNonNull(uid, "uid");
    if (indexed()) {
      throw new IllegalStateException("internal: a uid list grows after its index was built");
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, Math.max(16, size * 2));
    }
    if (strings != null) {
      if (size == strings.length) {
        strings = null; // more than announced: bytes only, as for a list of unknown size
      } else {
        strings[size] = uid;
      }
    }
    int n = uid.length();
    boolean ascii = true;
    for (int k = 0; k < n && ascii; k++) {
      ascii = uid.charAt(k) < 0x80;
    }
    if (ascii) {
      int code = place(n);
      byte[] chunk = chunks[code >>> 16];
      int off = code & 0xFFFF;
      for (int k = 0; k < n; k++) {
        chunk[off + k] = (byte) uid.charAt(k);
      }
      starts[size++] = code;
    } else if (wellFormed(uid)) {
      byte[] bytes = uid.getBytes(StandardCharsets.UTF_8);
      int code = place(bytes.length);
      System.arraycopy(bytes, 0, chunks[code >>> 16], code & 0xFFFF, bytes.length);
      starts[size++] = code;
    } else {
      if (verbatim == null) {
        verbatim = new HashMap<>();
      }
      verbatim.put(size, uid);
      starts[size++] = place(0);
    }
  }

  /**
   * Reserves {@code len} bytes at the end of the current chunk, or in a new one.
   *
   * @return where they start, as chunk << 16 | offset
   */
  private int place(int len) {
    if (chunkCount > 0) {
      int c = chunkCount - 1;
      int used = fills[c];
      if (used < CHUNK && used + len <= CHUNK) {
        byte[] chunk = chunks[c];
        if (used + len > chunk.length) {
          // the first chunk starts small (a run of one item) and doubles up to a full chunk
          chunks[c] = Arrays.copyOf(chunk, Math.min(CHUNK, Math.max(chunk.length * 2, used + len)));
        }
        fills[c] = used + len;
        return c << 16 | used;
      }
    }
    if (chunkCount == MAX_CHUNKS) {
      throw new IllegalStateException("more than 4 GiB of item uids in one run; split the input");
    }
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunkCount * 2);
      fills = Arrays.copyOf(fills, chunkCount * 2);
    }
    int capacity = len > CHUNK ? len : chunkCount == 0 ? Math.max(len, 256) : CHUNK;
    chunks[chunkCount] = new byte[capacity];
    fills[chunkCount] = len;
    return chunkCount++ << 16;
  }

  /** Whether UTF-8 carries {@code s} exactly: no unpaired surrogate. */
  private static boolean wellFormed(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
        k++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private String verbatim(int i) {
    return verbatim == null ? null : verbatim.get(i);
  }

  private int end(int i, int chunk) {
    if (i + 1 < size && starts[i + 1] >>> 16 == chunk) {
      return starts[i + 1] & 0xFFFF;
    }
    return fills[chunk];
  }

  @Override
  public String get(int i) {
    Objects.checkIndex(i, size);
    if (strings != null) {
      return strings[i];
    }
    String v = verbatim(i);
    if (v != null) {
      return v;
    }
    int code = starts[i];
    int c = code >>> 16;
    int off = code & 0xFFFF;
    return new String(chunks[c], off, end(i, c) - off, StandardCharsets.UTF_8);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  int hash(int i) {
    Objects.checkIndex(i, size);
    if (strings != null) {
      return strings[i].hashCode();
    }
    if (verbatim(i) != null) {
      return verbatim(i).hashCode();
    }
    int code = starts[i];
    int c = code >>> 16;
    byte[] chunk = chunks[c];
    int h = 0;
    for (int k = code & 0xFFFF, end = end(i, c); k < end; k++) {
      byte b = chunk[k];
      if (b < 0) {
        return get(i).hashCode(); // String hashes UTF-16 chars; only ASCII bytes are those chars
      }
      h = 31 * h + b;
    }
    return h;
  }

  @Override
  boolean equalsAt(int i, String uid) {
    Objects.checkIndex(i, size);
    if (strings != null) {
      return strings[i].equals(uid);
    }
    if (verbatim(i) != null) {
      return verbatim(i).equals(uid);
    }
    int code = starts[i];
    int c = code >>> 16;
    byte[] chunk = chunks[c];
    int off = code & 0xFFFF;
    int len = end(i, c) - off;
    int n = uid.length();
    if (n > len) {
      return false; // every char takes at least one byte
    }
    for (int k = 0; k < n; k++) {
      byte b = chunk[off + k];
      char ch = uid.charAt(k);
      if (b < 0 || ch >= 0x80) {
        return get(i).equals(uid);
      }
      if (b != ch) {
        return false;
      }
    }
    // an ASCII prefix of the stored bytes equals uid: any byte left would make the uid longer
    return n == len;
  }

  @Override
  boolean sameAt(int i, int j) {
    Objects.checkIndex(i, size);
    Objects.checkIndex(j, size);
    if (verbatim != null && (verbatim.containsKey(i) || verbatim.containsKey(j))) {
      return get(i).equals(get(j));
    }
    int ci = starts[i] >>> 16;
    int cj = starts[j] >>> 16;
    int oi = starts[i] & 0xFFFF;
    int oj = starts[j] & 0xFFFF;
    int len = end(i, ci) - oi;
    if (end(j, cj) - oj != len) {
      return false;
    }
    // well-formed strings are equal exactly when their UTF-8 bytes are
    return Arrays.equals(chunks[ci], oi, oi + len, chunks[cj], oj, oj + len);
  }

  @Override
  UidSelection select(int[] positions, int count) {
    return new UidSelection(this, positions, 0, count);
  }

  @Override
  public CompactUids subList(int from, int to) {
    Objects.checkFromToIndex(from, to, size);
    return new UidSelection(this, null, from, to - from);
  }
}
