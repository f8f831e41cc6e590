package dev.exca.runtime.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {
  private static List<Integer> sizes(int n, int maxJobs, int min) {
    List<Integer> items = IntStream.range(0, n).boxed().collect(Collectors.toList());
    List<List<Integer>> chunks = Chunks.split(items, maxJobs, min);
    List<Integer> flat = new ArrayList<>();
    chunks.forEach(flat::addAll);
    assertEquals(items, flat, "every item once, in order");
    return chunks.stream().map(List::size).collect(Collectors.toList());
  }

  @Test
  void jobsAreMinOfMaxJobsAndCeilNOverMinItems() {
    assertEquals(List.of(2, 2, 2, 2, 1, 1), sizes(10, 6, 1), "exca would give [2,2,2,2,2,0]");
    assertEquals(List.of(3, 3, 2, 2), sizes(10, 4, 3));
    assertEquals(15, sizes(100, 128, 7).size());
    assertEquals(List.of(1, 1, 1, 1, 1, 1, 1), sizes(7, 128, 1));
    assertEquals(List.of(9), sizes(9, 1, 1));
    assertEquals(List.of(), sizes(0, 4, 1));
  }

  @Test
  void noChunkIsEverEmpty() {
    for (int n = 1; n < 60; n++) {
      for (int max = 1; max < 20; max++) {
        for (int min = 1; min < 8; min++) {
          List<Integer> s = sizes(n, max, min);
          assertTrue(s.stream().allMatch(x -> x > 0), n + "/" + max + "/" + min + ": " + s);
          assertEquals(Math.min(max, (n + min - 1) / min), s.size());
        }
      }
    }
  }

  @Test
  void boundsAreWhereSplitCuts() {
    assertArrayEquals(new int[] {0, 2, 4, 6, 8, 9, 10}, Chunks.bounds(10, 6, 1));
    assertArrayEquals(new int[] {0, 3, 6, 8, 10}, Chunks.bounds(10, 4, 3));
    assertArrayEquals(new int[] {0}, Chunks.bounds(0, 4, 1));
    assertThrows(IllegalArgumentException.class, () -> Chunks.bounds(3, 0, 1));
  }

  @Test
  void boundsMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> Chunks.split(List.of(1), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Chunks.split(List.of(1), 1, 0));
  }

  @Test
  void progressLineShowsDoneTotalRateAndTimeLeft() {
    Progress p = new Progress("Mult", 10);
    p.advance(5);
    String line = p.line();
    assertTrue(line.startsWith("Mult: 5/10 items (50%), "), line);
    assertTrue(line.contains("items/s"), line);
    assertTrue(line.contains("left"), line);
    p.advance(5);
    assertTrue(p.line().startsWith("Mult: 10/10 items (100%)"), p.line());
    assertTrue(!p.line().contains("left"), p.line());
  }
}
