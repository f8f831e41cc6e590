package dev.exca.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UidIndexTest {

  /** Checks the index of {@code uids} against a HashMap of first positions. */
  private static void assertIndexes(List<String> uids) {
    UidList list = new UidList();
    uids.forEach(list::append);
    UidIndex index = list.index();
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < uids.size(); i++) {
      first.putIfAbsent(uids.get(i), i);
    }
    for (int i = 0; i < uids.size(); i++) {
      int f = first.get(uids.get(i));
      assertEquals(f, index.firstOf(uids.get(i)), uids.get(i));
      assertEquals(f, index.firstOf(i), "position " + i);
      assertEquals(f == i, index.isFirst(i), "position " + i);
    }
    assertEquals(-1, index.firstOf("not-there"));
    assertEquals(first.size(), index.distinct());
    assertEquals(first.size() < uids.size(), index.hasDuplicates());
    assertEquals(new ArrayList<>(new LinkedHashSet<>(uids)), index.firstOccurrences());
  }

  @Test
  void findsFirstOccurrences() {
    assertIndexes(List.of("b", "a", "b", "c", "a", "a", "", "", "é", "é", "d"));
    assertIndexes(List.of());
    assertIndexes(List.of("only"));
  }

  @Test
  void withoutDuplicatesFirstOccurrencesAreTheListItself() {
    UidList list = UidList.of("x", "y", "z");
    assertFalse(list.index().hasDuplicates());
    assertSame(list, list.index().firstOccurrences());
    assertSame(list.index(), list.index(), "built once");
  }

  @Test
  void collidingUidsAreToldApart() {
    // "Aa" and "BB" have the same String hash: every mix of them of one length collides
    List<String> uids = new ArrayList<>();
    for (int mask = 0; mask < 1 << 10; mask++) {
      StringBuilder s = new StringBuilder();
      for (int b = 0; b < 10; b++) {
        s.append((mask >> b & 1) == 0 ? "Aa" : "BB");
      }
      uids.add(s.toString());
    }
    assertEquals(1, uids.stream().mapToInt(String::hashCode).distinct().count());
    List<String> twice = new ArrayList<>(uids);
    for (int i = uids.size() - 1; i >= 0; i -= 3) {
      twice.add(uids.get(i));
    }
    assertIndexes(twice);
  }

  @Test
  void manyItemsWithInterleavedDuplicates() {
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      uids.add(i + "-" + Integer.toHexString(i * 7919));
      if (i % 5 == 0) {
        uids.add((i / 2) + "-" + Integer.toHexString(i / 2 * 7919));
      }
    }
    assertIndexes(uids);
  }

  @Test
  void indexesASelection() {
    UidList list = UidList.of("a", "b", "a", "c", "b", "d");
    CompactUids picked = list.select(new int[] {3, 1, 4, 5, 0, 2}, 6);
    UidIndex index = picked.index();
    assertEquals(0, index.firstOf("c"));
    assertEquals(1, index.firstOf("b"));
    assertEquals(4, index.firstOf("a"));
    assertEquals(1, index.firstOf(2));
    assertTrue(index.isFirst(4));
    assertFalse(index.isFirst(5));
    assertEquals(List.of("c", "b", "d", "a"), index.firstOccurrences());
  }
}
