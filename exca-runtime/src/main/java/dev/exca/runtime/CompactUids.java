package dev.exca.runtime;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list of item uids that can hash and compare its elements without decoding them
 * into Strings: a {@link UidList} that stores them, or a {@link UidSelection} that picks some of
 * them by position. The engine keeps every list of item uids in this form, so that a million items
 * cost tens of bytes each rather than a String, its bytes and a hash-map node.
 */
abstract class CompactUids extends AbstractList<String> implements RandomAccess {
  /** Built on first use: a run whose items are all cached never needs one. */
  private volatile UidIndex index;

  /**
   * The hash of the uid at {@code i}, equal to {@code get(i).hashCode()}.
   *
   * @param i a position in this list
   * @return the String hash code of that uid
   */
  abstract int hash(int i);

  /**
   * Whether the uid at {@code i} equals {@code uid}, without decoding it when both are ASCII.
   *
   * @param i a position in this list
   * @param uid a uid, not null
   * @return {@code get(i).equals(uid)}
   */
  abstract boolean equalsAt(int i, String uid);

  /**
   * Whether the uids at {@code i} and {@code j} are equal.
   *
   * @param i a position in this list
   * @param j another position in this list
   * @return {@code get(i).equals(get(j))}
   */
  abstract boolean sameAt(int i, int j);

  /**
   * The uids at these positions of this list, in the given order, without copying them.
   *
   * @param positions positions in this list; the array is owned by the result from now on
   * @param count how many leading entries of {@code positions} to use
   * @return the selection
   */
  abstract UidSelection select(int[] positions, int count);

  /**
   * A view of the uids from {@code from} (inclusive) to {@code to} (exclusive), compact as this list.
   *
   * @throws IndexOutOfBoundsException if the range is not within this list
   */
  @Override
  public abstract CompactUids subList(int from, int to);

  /**
   * Where each uid of this list first occurs, built on first call and kept with the list. Lists
   * are immutable once shared, which is what makes keeping it safe.
   *
   * @return the index of this list
   */
  final UidIndex index() {
    UidIndex i = index;
    if (i == null) {
      synchronized (this) {
        i = index;
        if (i == null) {
          i = UidIndex.of(this);
          index = i;
        }
      }
    }
    return i;
  }

  /** Whether {@link #index()} was built: a {@link UidList} can no longer grow then. */
  final boolean indexed() {
    return index != null;
  }

  /** Collects positions of a list into a selection, storing nothing while they run 0, 1, 2, ... */
  final SelectionBuilder selectionBuilder() {
    return new SelectionBuilder(this);
  }

  /**
   * This list if it is compact already, or a compact copy of it.
   *
   * @param uids item uids, not null
   * @return the same uids in the same order
   */
  static CompactUids of(List<String> uids) {
    if (uids instanceof CompactUids) {
      return (CompactUids) uids;
    }
    UidList copy = new UidList(uids.size());
    for (String uid : uids) {
      copy.append(uid);
    }
    return copy;
  }

  /**
   * Positions picked from a list, in order, made into a {@link CompactUids}. The usual picks of a
   * cold run are every position: those are only counted, and the result is the list itself.
   */
  static final class SelectionBuilder {
    private final CompactUids source;
    /** Null while the picks are exactly 0 .. count-1. */
    private int[] positions;
    private int count;

    private SelectionBuilder(CompactUids source) {
      this.source = source;
    }

    /** Adds a position of the source list. */
    void add(int position) {
      if (positions == null) {
        if (position == count) {
          count++;
          return;
        }
        positions = new int[Math.max(16, count * 2)];
        for (int k = 0; k < count; k++) {
          positions[k] = k;
        }
      } else if (count == positions.length) {
        positions = java.util.Arrays.copyOf(positions, count * 2);
      }
      positions[count++] = position;
    }

    /** How many positions were added. */
    int size() {
      return count;
    }

    /** The picked uids, in the order they were added. */
    CompactUids build() {
      if (positions == null) {
        return count == source.size() ? source : source.subList(0, count);
      }
      // doubling leaves up to half the array unused: keep it only when that is little
      int[] p = count < positions.length * 3 / 4 ? java.util.Arrays.copyOf(positions, count) : positions;
      return source.select(p, count);
    }
  }
}
