package dev.exca.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UidListTest {
  private static final List<String> ODD =
      List.of(
          "",
          "5-227dcc9a",
          "é",
          "café-1",
          "日本語-ab",
          "emoji-\uD83D\uDE00",
          "unpaired-\uD83D",
          "\uDE00-low-first",
          "a\u0000b",
          "\u007f\u0080");

  private static UidList listOf(List<String> uids) {
    UidList list = new UidList();
    uids.forEach(list::append);
    return list;
  }

  /** Checks every accessor of {@code list} against the Strings it was built from. */
  private static void assertHolds(List<String> expected, CompactUids list) {
    assertEquals(expected.size(), list.size());
    for (int i = 0; i < expected.size(); i++) {
      String s = expected.get(i);
      assertEquals(s, list.get(i), "uid " + i);
      assertEquals(s.hashCode(), list.hash(i), "hash of " + s);
      assertTrue(list.equalsAt(i, s), "equalsAt " + s);
      assertFalse(list.equalsAt(i, s + "x"), "longer than " + s);
      assertFalse(list.equalsAt(i, "x" + s), "other than " + s);
      if (!s.isEmpty()) {
        assertFalse(list.equalsAt(i, s.substring(0, s.length() - 1)), "a prefix of " + s);
      }
    }
    assertEquals(expected, list);
    assertEquals(expected, new ArrayList<>(list), "iteration");
    assertEquals(expected.hashCode(), list.hashCode());
  }

  @Test
  void holdsAsciiAndNonAsciiUidsExactly() {
    assertHolds(ODD, listOf(ODD));
  }

  @Test
  void aListOfAnnouncedSizeHandsOutTheGivenStringsAndFallsBackToBytesWhenItOutgrowsIt() {
    List<String> given = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      given.add(i % 7 == 0 ? "é-" + i : "u-" + i);
    }
    UidList kept = new UidList(200); // announced 200, given 300: keeps strings, then drops them
    UidList announced = new UidList(300);
    UidList bytesOnly = new UidList();
    for (int i = 0; i < given.size(); i++) {
      kept.append(given.get(i));
      announced.append(given.get(i));
      bytesOnly.append(given.get(i));
      if (i == 150) {
        assertSame(given.get(150), kept.get(150), "kept while within the announced size");
      }
    }
    assertSame(given.get(299), announced.get(299));
    for (int i = 0; i < given.size(); i++) {
      for (UidList l : List.of(kept, announced, bytesOnly)) {
        assertEquals(given.get(i), l.get(i));
        assertEquals(given.get(i).hashCode(), l.hash(i));
        assertTrue(l.equalsAt(i, given.get(i)));
        assertFalse(l.equalsAt(i, given.get((i + 1) % given.size())));
      }
    }
  }

  @Test
  void comparesUidsInPlace() {
    List<String> uids = new ArrayList<>(ODD);
    uids.addAll(ODD);
    uids.add("café-2");
    UidList list = listOf(uids);
    int n = ODD.size();
    for (int i = 0; i < uids.size(); i++) {
      for (int j = 0; j < uids.size(); j++) {
        assertEquals(uids.get(i).equals(uids.get(j)), list.sameAt(i, j), i + " vs " + j);
      }
    }
    assertTrue(list.sameAt(3, n + 3));
    assertFalse(list.equalsAt(3, "cafe-1"));
    assertFalse(list.equalsAt(0, "a"), "the empty uid");
    assertTrue(list.equalsAt(0, ""));
  }

  @Test
  void uidsLongerThanAChunkGetTheirOwn() {
    String big = "b".repeat(70_000);
    String bigger = "é".repeat(40_000); // 80,000 bytes
    List<String> uids = List.of("first", big, "after-big", bigger, "", "last", "x".repeat(65_536), "y");
    assertHolds(uids, listOf(uids));
  }

  @Test
  void manyUidsSpanManyChunks() {
    List<String> uids = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      uids.add(i % 1000 == 7 ? "ü-" + i : i % 3 == 0 ? "" + i : (i * 0.001) + "-" + Integer.toHexString(i * 31));
    }
    // with 255-byte uids, chunks end with unused room: a uid never straddles two
    for (int i = 0; i < 1_000; i++) {
      uids.add(Integer.toString(i).repeat(255).substring(0, 255));
    }
    UidList list = listOf(uids);
    assertHolds(uids, list);
    assertHolds(uids.subList(150_000, 200_500), list.subList(150_000, 200_500));
  }

  @Test
  void isUnmodifiableAndStopsGrowingOnceIndexed() {
    UidList list = UidList.of("a", "b");
    assertThrows(UnsupportedOperationException.class, () -> list.add("c"));
    assertThrows(UnsupportedOperationException.class, () -> list.set(0, "c"));
    assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
    assertThrows(IndexOutOfBoundsException.class, () -> list.get(2));
    list.append("c");
    list.index();
    assertThrows(IllegalStateException.class, () -> list.append("d"));
    assertEquals(List.of("a", "b", "c"), list);
  }

  @Test
  void selectionsShareTheListAndNest() {
    UidList list = UidList.of("u0", "u1", "é2", "u3", "u4", "u5");
    UidSelection picked = list.select(new int[] {5, 2, 0, 4}, 3);
    assertHolds(List.of("u5", "é2", "u0"), picked);
    assertHolds(List.of("é2", "u0"), picked.subList(1, 3));
    assertHolds(List.of("u0", "u5"), picked.select(new int[] {2, 0}, 2));
    assertHolds(List.of("u0", "é2"), picked.subList(1, 3).select(new int[] {1, 0}, 2));
    assertHolds(List.of("é2", "u3", "u4"), list.subList(2, 5));
    assertHolds(List.of("u3"), list.subList(2, 5).subList(1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> picked.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> list.subList(2, 7));
  }

  @Test
  void selectionBuilderStoresNothingForConsecutivePositions() {
    UidList list = UidList.of("a", "b", "c", "d");
    CompactUids.SelectionBuilder all = list.selectionBuilder();
    for (int i = 0; i < 4; i++) {
      all.add(i);
    }
    assertSame(list, all.build(), "every position: the list itself");

    CompactUids.SelectionBuilder prefix = list.selectionBuilder();
    prefix.add(0);
    prefix.add(1);
    assertEquals(List.of("a", "b"), prefix.build());

    CompactUids.SelectionBuilder gaps = list.selectionBuilder();
    gaps.add(0);
    gaps.add(1);
    gaps.add(3);
    assertEquals(List.of("a", "b", "d"), gaps.build());
    assertEquals(List.of(), list.selectionBuilder().build());

    CompactUids.SelectionBuilder many = list.selectionBuilder();
    for (int i = 0; i < 100; i++) {
      many.add(3 - i % 4);
    }
    CompactUids built = many.build();
    assertEquals(100, built.size());
    assertEquals("d", built.get(96));
    assertEquals("a", built.get(99));
  }

  @Test
  void copiesOnlyListsThatAreNotCompact() {
    UidList list = UidList.of("a");
    assertSame(list, CompactUids.of(list));
    CompactUids copy = CompactUids.of(List.of("x", "ÿ"));
    assertTrue(copy instanceof UidList);
    assertHolds(List.of("x", "ÿ"), copy);
  }
}
