package dev.exca.runtime;

/**
 * Where each distinct uid of a {@link CompactUids} first occurs: an open-addressing table of
 * positions (4 bytes a slot, at most 60% full, linear probing) that compares uids in place, so it
 * costs about 8 bytes an item where a {@code HashMap<String, ?>} costs a node and a String.
 *
 * <p>A slot holds a position + 1 in its low bits and, in the bits a position never needs, a few
 * bits of its uid's hash: a probe passes over other uids without reading their bytes, which would
 * be a cache miss each.
 */
final class UidIndex {
  private static final double MAX_LOAD = 0.6;

  private final CompactUids uids;
  /** Per used slot: hash tag << bits | first position + 1; 0 for an empty slot. */
  private final int[] slots;
  private final int bits;
  private final int distinct;

  private UidIndex(CompactUids uids, int[] slots, int bits, int distinct) {
    this.uids = uids;
    this.slots = slots;
    this.bits = bits;
    this.distinct = distinct;
  }

  /**
   * Indexes {@code uids} in one pass.
   *
   * @param uids the list, which must not change afterwards
   * @return its index
   */
  static UidIndex of(CompactUids uids) {
    int n = uids.size();
    int bits = 1;
    // n < capacity: a position + 1 fits in the low `bits` bits of a slot
    while (bits < 30 && (1 << bits) * MAX_LOAD < n) {
      bits++;
    }
    int[] slots = new int[1 << bits];
    int mask = slots.length - 1;
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      int hash = uids.hash(i);
      int tag = tag(hash, bits);
      for (int s = slot(hash, bits); ; s = (s + 1) & mask) {
        int v = slots[s];
        if (v == 0) {
          slots[s] = tag | (i + 1);
          distinct++;
          break;
        }
        if ((v & ~mask) == tag && uids.sameAt((v & mask) - 1, i)) {
          break; // a repeat: its first occurrence is already in
        }
      }
    }
    return new UidIndex(uids, slots, bits, distinct);
  }

  /** Fibonacci hashing: the top bits of hash * 2^32/phi, so similar uids spread out. */
  private static int slot(int hash, int bits) {
    return (hash * 0x9E3779B9) >>> (32 - bits);
  }

  /** Hash bits for the high, unused bits of a slot (none when the table is that large). */
  private static int tag(int hash, int bits) {
    return bits >= 31 ? 0 : (hash ^ (hash >>> 16)) << bits;
  }

  /**
   * The position of the first occurrence of {@code uid}.
   *
   * @param uid a uid, not null
   * @return its first position, or -1 when the list does not hold it
   */
  int firstOf(String uid) {
    int hash = uid.hashCode();
    int tag = tag(hash, bits);
    int mask = slots.length - 1;
    for (int s = slot(hash, bits); ; s = (s + 1) & mask) {
      int v = slots[s];
      if (v == 0) {
        return -1;
      }
      if ((v & ~mask) == tag && uids.equalsAt((v & mask) - 1, uid)) {
        return (v & mask) - 1;
      }
    }
  }

  /**
   * The position of the first occurrence of the uid at {@code i}.
   *
   * @param i a position in the list
   * @return a position at most {@code i}
   */
  int firstOf(int i) {
    int hash = uids.hash(i);
    int tag = tag(hash, bits);
    int mask = slots.length - 1;
    for (int s = slot(hash, bits); ; s = (s + 1) & mask) {
      int v = slots[s];
      int p = (v & mask) - 1;
      if ((v & ~mask) == tag && (p == i || uids.sameAt(p, i))) {
        return p;
      }
    }
  }

  /** Whether position {@code i} holds the first occurrence of its uid. */
  boolean isFirst(int i) {
    return firstOf(i) == i;
  }

  /** The number of distinct uids. */
  int distinct() {
    return distinct;
  }

  /** Whether some uid occurs more than once. */
  boolean hasDuplicates() {
    return distinct < uids.size();
  }

  /** The distinct uids in first-occurrence order: the list itself when it has no duplicates. */
  CompactUids firstOccurrences() {
    if (!hasDuplicates()) {
      return uids;
    }
    CompactUids.SelectionBuilder firsts = uids.selectionBuilder();
    for (int i = 0; i < uids.size(); i++) {
      if (isFirst(i)) {
        firsts.add(i);
      }
    }
    return firsts.build();
  }
}
