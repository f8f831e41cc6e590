package dev.exca.runtime;

/**
 * Where each distinct uid of a {@link CompactUids} first occurs: an open-addressing table of
 * positions (4 bytes a slot, at most 60% full, linear probing) that compares uids in place, so it
 * costs about 8 bytes an item where a {@code HashMap<String, ?>} costs a node and a String.
 */
final class UidIndex {
  private static final double MAX_LOAD = 0.6;

  private final CompactUids uids;
  /** First-occurrence position + 1 per used slot; 0 for an empty slot. */
  private final int[] slots;
  private final int shift;
  private final int distinct;

  private UidIndex(CompactUids uids, int[] slots, int shift, int distinct) {
    this.uids = uids;
    this.slots = slots;
    this.shift = shift;
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
    while (bits < 30 && (1 << bits) * MAX_LOAD < n) {
      bits++;
    }
    int[] slots = new int[1 << bits];
    int shift = 32 - bits;
    int mask = slots.length - 1;
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      int s = slot(uids.hash(i), shift);
      while (true) {
        int p = slots[s] - 1;
        if (p < 0) {
          slots[s] = i + 1;
          distinct++;
          break;
        }
        if (uids.sameAt(p, i)) {
          break; // a repeat: its first occurrence is already in
        }
        s = (s + 1) & mask;
      }
    }
    return new UidIndex(uids, slots, shift, distinct);
  }

  /** Fibonacci hashing: the top bits of hash * 2^32/phi, so similar uids spread out. */
  private static int slot(int hash, int shift) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  /**
   * The position of the first occurrence of {@code uid}.
   *
   * @param uid a uid, not null
   * @return its first position, or -1 when the list does not hold it
   */
  int firstOf(String uid) {
    int mask = slots.length - 1;
    for (int s = slot(uid.hashCode(), shift); ; s = (s + 1) & mask) {
      int p = slots[s] - 1;
      if (p < 0) {
        return -1;
      }
      if (uids.equalsAt(p, uid)) {
        return p;
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
    int mask = slots.length - 1;
    for (int s = slot(uids.hash(i), shift); ; s = (s + 1) & mask) {
      int p = slots[s] - 1;
      if (p == i || uids.sameAt(p, i)) {
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
