package dev.exca.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.Infra;
import dev.exca.runtime.Status;
import dev.exca.runtime.Step;
import dev.exca.runtime.StepItems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Well-behaved {@code @Batch} steps, for every accepted item container and result container, inline
 * and over the filesystem cache: results in input order, duplicates computed once, one call per
 * {@code runMany} over the pending items only, and {@code run(v)} / {@code runMany([v])} sharing
 * cache entries.
 */
class BatchContainersTest {
  @TempDir Path folder;

  @BeforeEach
  void reset() {
    BatchOps.CALLS.clear();
  }

  static Stream<Arguments> cases() {
    return Stream.of(BatchCombo.values())
        .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  private Infra infra(boolean withInfra) {
    return withInfra ? Infra.cached(folder) : null;
  }

  static List<Integer> all(Step<Integer, Integer> step, Integer... values) {
    try (StepItems<Integer> items = step.runMany(List.of(values))) {
      return items.stream().toList();
    }
  }

  private static List<List<Integer>> calls(BatchCombo combo) {
    return List.copyOf(BatchOps.calls(combo.stepName));
  }

  @ParameterizedTest(name = "{0} infra={1}")
  @MethodSource("cases")
  void resultsFollowInputOrderAndDuplicatesAreComputedOnce(BatchCombo combo, boolean withInfra) {
    Step<Integer, Integer> step = combo.step("ok", infra(withInfra));
    List<Integer> values = List.of(5, 1, 2, 1, 5, 4);
    try (StepItems<Integer> items = step.runMany(values)) {
      assertEquals(6, items.size());
      assertEquals(values.stream().map(step::itemUid).toList(), items.uids());
      if (withInfra) {
        assertEquals(List.of(List.of(5, 1, 2, 4)), calls(combo), "the cache computes during runMany");
      } else {
        assertEquals(List.of(), calls(combo), "inline steps run only when iterated");
      }
      assertEquals(List.of(50, 10, 20, 10, 50, 40), items.stream().toList());
      assertEquals(
          List.of(List.of(5, 1, 2, 4)), calls(combo), "one call over the unique items, in order");

      // iterating again recomputes an inline step, and reads the cache otherwise
      assertEquals(List.of(50, 10, 20, 10, 50, 40), items.stream().toList());
      assertEquals(withInfra ? 1 : 2, calls(combo).size());
    }
    assertEquals(List.of(40, 50), all(step, 4, 5));
    assertEquals(withInfra ? 1 : 3, calls(combo).size(), "a second runMany: " + calls(combo));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BatchCombo.class)
  void inlineBatchesPullTheirItemsLazily(BatchCombo combo) {
    Step<Integer, Integer> step = combo.step("ok", null);
    try (StepItems<Integer> items = step.runMany(List.of(5, 1, 2, 1, 4))) {
      Iterator<Integer> it = items.iterator();
      assertEquals(50, it.next());
      List<Integer> consumed = calls(combo).get(0);
      if (combo.lazyInput && combo.lazyOutput) {
        assertEquals(List.of(5), consumed, "a lazy method has pulled one item for one result");
      } else {
        assertEquals(List.of(5, 1, 2, 4), consumed);
      }
      List<Integer> rest = new ArrayList<>();
      it.forEachRemaining(rest::add);
      assertEquals(List.of(10, 20, 10, 40), rest);
      assertEquals(1, calls(combo).size());
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BatchCombo.class)
  void batchSeesOnlyPendingItems(BatchCombo combo) {
    Infra infra = Infra.cached(folder);
    Step<Integer, Integer> step = combo.step("ok", infra);
    assertEquals(20, step.run(2));
    assertEquals(List.of(List.of(2)), calls(combo));

    assertEquals(List.of(10, 20, 30, 20), all(step, 1, 2, 3, 2));
    assertEquals(List.of(List.of(2), List.of(1, 3)), calls(combo), "item 2 was cached");

    assertEquals(List.of(30, 10), all(step, 3, 1));
    assertEquals(2, calls(combo).size(), "everything cached: no call at all");

    // a new step and a new Infra on the same folder read what is on disk
    Step<Integer, Integer> fresh = combo.step("ok", Infra.cached(folder));
    assertEquals(List.of(10, 20, 30, 40), all(fresh, 1, 2, 3, 4));
    assertEquals(List.of(List.of(2), List.of(1, 3), List.of(4)), calls(combo));
  }

  @ParameterizedTest(name = "{0} infra={1}")
  @MethodSource("cases")
  void runAndRunManyShareEntries(BatchCombo combo, boolean withInfra) {
    Infra infra = infra(withInfra);
    Step<Integer, Integer> step = combo.step("ok", infra);
    Status cached = withInfra ? Status.SUCCESS : Status.MISSING;

    // run(v) writes the entry that runMany([v]) reads
    assertEquals(70, step.run(7));
    assertEquals(List.of(List.of(7)), calls(combo));
    assertEquals(cached, step.lookup(7).status());
    assertEquals(List.of(70), all(combo.step("ok", infra), 7));
    assertEquals(withInfra ? 1 : 2, calls(combo).size());

    // runMany([v]) writes the entry that run(v) reads
    BatchOps.CALLS.clear();
    assertEquals(List.of(80), all(step, 8));
    assertEquals(List.of(List.of(8)), calls(combo));
    assertEquals(cached, step.lookup(8).status());
    assertEquals(80, combo.step("ok", infra).run(8));
    assertEquals(withInfra ? 1 : 2, calls(combo).size());
    if (withInfra) {
      assertEquals(80, step.lookup(8).result());
      assertEquals(70, step.lookup(7).result());
      assertTrue(step.lookup(7).cached());
    }
    assertEquals(Status.MISSING, step.lookup(9).status());
  }
}
