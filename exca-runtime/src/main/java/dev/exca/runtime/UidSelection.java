package dev.exca.runtime;

import java.util.Objects;

/**
 * Some uids of a {@link UidList}, picked by position: the pending items of a run, a job's share of
 * them. Costs an int per uid (nothing for a contiguous range) and shares the list's bytes.
 */
final class UidSelection extends CompactUids {
  private final UidList base;
  /** Positions in {@code base}; null for the range {@code from .. from + size - 1}. */
  private final int[] positions;
  private final int from;
  private final int size;

  UidSelection(UidList base, int[] positions, int from, int size) {
    this.base = base;
    this.positions = positions;
    this.from = from;
    this.size = size;
  }

  /** The position in the underlying list of this selection's {@code i}-th uid. */
  private int at(int i) {
    Objects.checkIndex(i, size);
    return positions == null ? from + i : positions[from + i];
  }

  @Override
  public String get(int i) {
    return base.get(at(i));
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  int hash(int i) {
    return base.hash(at(i));
  }

  @Override
  boolean equalsAt(int i, String uid) {
    return base.equalsAt(at(i), uid);
  }

  @Override
  boolean sameAt(int i, int j) {
    return base.sameAt(at(i), at(j));
  }

  @Override
  UidSelection select(int[] picked, int count) {
    for (int k = 0; k < count; k++) {
      picked[k] = at(picked[k]);
    }
    return new UidSelection(base, picked, 0, count);
  }

  @Override
  public CompactUids subList(int start, int end) {
    Objects.checkFromToIndex(start, end, size);
    return new UidSelection(base, positions, from + start, end - start);
  }
}
