package dev.exca.samples;

import static dev.exca.samples.CacheFiles.assertIndexKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.BatchProtocolError;
import dev.exca.runtime.Infra;
import dev.exca.runtime.Mode;
import dev.exca.runtime.Status;
import dev.exca.runtime.Step;
import dev.exca.runtime.StepFailedException;
import dev.exca.runtime.StepItems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The batch protocol, for every item container and result container, inline and over the cache:
 * under-yield, over-yield, early yield and a failure in the middle of a batch.
 *
 * <p>With infra, item 1 is cached by a well-behaved run first, so the misbehaving call sees the
 * pending items 2..5 only; it must leave item 1 alone and keep nothing it wrote itself (protocol
 * errors), or keep what it yielded before failing (other errors).
 */
class BatchProtocolTest {
  private static final List<Integer> ITEMS = List.of(1, 2, 3, 4, 5);

  @TempDir Path folder;

  @BeforeEach
  void reset() {
    BatchOps.CALLS.clear();
  }

  static Stream<Arguments> cases() {
    return Stream.of(BatchCombo.values())
        .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  /** The infra of a case, with item 1 already cached; {@code null} inline. */
  private Infra prepare(BatchCombo combo, boolean withInfra) {
    if (!withInfra) {
      return null;
    }
    Infra infra = Infra.cached(folder);
    assertEquals(10, combo.step("ok", infra).run(1));
    BatchOps.CALLS.clear();
    return infra;
  }

  /** The items the misbehaving call receives. */
  private static List<Integer> pending(boolean withInfra) {
    return withInfra ? ITEMS.subList(1, ITEMS.size()) : ITEMS;
  }

  private static List<Integer> readAll(Step<Integer, Integer> step, List<Integer> values) {
    try (StepItems<Integer> items = step.runMany(values)) {
      return items.stream().toList();
    }
  }

  private static List<List<Integer>> calls(BatchCombo combo) {
    return List.copyOf(BatchOps.calls(combo.stepName));
  }

  private static List<String> uids(Step<Integer, Integer> step, List<Integer> values) {
    return values.stream().map(step::itemUid).toList();
  }

  /** The error of a misbehaving call and the items its one batch call consumed. */
  private record Violation(BatchProtocolError error, List<Integer> consumed) {}

  private Violation protocolError(BatchCombo combo, boolean withInfra, String behaviour)
      throws Exception {
    Infra infra = prepare(combo, withInfra);
    Step<Integer, Integer> step = combo.step(behaviour, infra);
    BatchProtocolError e = assertThrows(BatchProtocolError.class, () -> readAll(step, ITEMS));
    assertTrue(e.getMessage().contains(combo.stepName), "names the step: " + e.getMessage());
    List<List<Integer>> calls = calls(combo);
    assertEquals(1, calls.size(), "one call: " + calls);
    assertNothingKept(combo, infra);
    return new Violation(e, List.copyOf(calls.get(0)));
  }

  /**
   * After a protocol error: item 1 (cached before) is still there, nothing of the failing call is,
   * no error was recorded, and a well-behaved run computes exactly the items that were pending.
   */
  private void assertNothingKept(BatchCombo combo, Infra infra) throws Exception {
    if (infra == null) {
      assertEquals(Status.MISSING, combo.step("ok", null).lookup(1).status());
      return;
    }
    // through the call's own infra and through a new Infra on the same folder
    for (Infra reader : List.of(infra, Infra.cached(folder))) {
      Step<Integer, Integer> step = combo.step("ok", reader);
      assertEquals(Status.SUCCESS, step.lookup(1).status(), "cached before the call");
      for (int v : pending(true)) {
        assertEquals(Status.MISSING, step.lookup(v).status(), "item " + v + " was written by the call");
      }
    }
    Step<Integer, Integer> step = combo.step("ok", infra);
    assertIndexKeys(Set.of(step.itemUid(1)), folder, step);
    BatchOps.CALLS.clear();
    assertEquals(List.of(10, 20, 30, 40, 50), readAll(combo.step("ok", Infra.cached(folder)), ITEMS));
    assertEquals(List.of(pending(true)), calls(combo), "no error was cached for any item");
  }

  @ParameterizedTest(name = "{0} infra={1}")
  @MethodSource("cases")
  void underYield(BatchCombo combo, boolean withInfra) throws Exception {
    int n = pending(withInfra).size();
    Violation v = protocolError(combo, withInfra, "under");
    assertEquals(pending(withInfra), v.consumed());
    BatchProtocolError e = v.error();
    assertTrue(
        e.getMessage().contains("yielded " + (n - 1) + " results for " + n + " inputs"),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0} infra={1}")
  @MethodSource("cases")
  void overYield(BatchCombo combo, boolean withInfra) throws Exception {
    int n = pending(withInfra).size();
    Violation v = protocolError(combo, withInfra, "over");
    assertEquals(pending(withInfra), v.consumed());
    BatchProtocolError e = v.error();
    assertTrue(e.getMessage().contains("yielded more than " + n + " results"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} infra={1}")
  @MethodSource("cases")
  void earlyYield(BatchCombo combo, boolean withInfra) throws Exception {
    int n = pending(withInfra).size();
    Violation v = protocolError(combo, withInfra, "early");
    BatchProtocolError e = v.error();
    if (combo.lazyInput) {
      assertTrue(e.getMessage().contains("yielded before consuming an input"), e.getMessage());
      assertEquals(List.of(), v.consumed(), "the method yielded before consuming");
    } else {
      // a List parameter is filled before the method starts: the extra first result can only be
      // seen as one result too many
      assertTrue(e.getMessage().contains("yielded more than " + n + " results"), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0} infra={1}")
  @MethodSource("cases")
  void failureInTheMiddleOfABatch(BatchCombo combo, boolean withInfra) throws Exception {
    Infra infra = prepare(combo, withInfra);
    Step<Integer, Integer> step = combo.step("fail", infra);
    List<Integer> pending = pending(withInfra);
    int poison = pending.indexOf(BatchOps.POISON);
    List<Integer> consumed = combo.lazyInput ? pending.subList(0, poison + 1) : pending;
    List<Integer> yielded = combo.lazyOutput ? pending.subList(0, poison) : List.of();
    List<Integer> inflight = consumed.subList(yielded.size(), consumed.size());
    List<Integer> neverConsumed = pending.subList(consumed.size(), pending.size());

    List<Integer> received = new ArrayList<>();
    StepFailedException e =
        assertThrows(
            StepFailedException.class,
            () -> {
              try (StepItems<Integer> items = step.runMany(ITEMS)) {
                Iterator<Integer> it = items.iterator();
                while (it.hasNext()) {
                  received.add(it.next());
                }
              }
            });
    assertEquals(uids(step, inflight), e.itemUids(), "consumed but not yielded");
    assertFalse(e.fromCache());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals("poison 3", e.getCause().getMessage());
    assertEquals(IllegalArgumentException.class.getName(), e.errorType());
    assertEquals(step.uid(), e.stepUid());
    assertEquals(List.of(consumed), calls(combo));
    if (!withInfra) {
      // the results yielded before the failure reached the caller
      assertEquals(yielded.stream().map(v -> 10 * v).toList(), received);
      return;
    }
    assertEquals(List.of(), received, "a cached step computes during runMany");

    // fail fast with partial caching: what was yielded stays, in-flight items hold the error
    for (Infra reader : List.of(infra, Infra.cached(folder))) {
      Step<Integer, Integer> s = combo.step("ok", reader);
      assertEquals(Status.SUCCESS, s.lookup(1).status());
      for (int v : yielded) {
        assertEquals(Status.SUCCESS, s.lookup(v).status(), "yielded " + v);
        assertEquals(10 * v, s.lookup(v).result());
      }
      for (int v : inflight) {
        assertEquals(Status.ERROR, s.lookup(v).status(), "in flight " + v);
      }
      for (int v : neverConsumed) {
        assertEquals(Status.MISSING, s.lookup(v).status(), "never consumed " + v);
      }
    }

    Set<String> onDisk = new HashSet<>(uids(step, List.of(1)));
    onDisk.addAll(uids(step, yielded));
    assertIndexKeys(onDisk, folder, step);

    // the error is re-raised from the cache, before anything is computed
    BatchOps.CALLS.clear();
    StepFailedException again =
        assertThrows(
            StepFailedException.class, () -> readAll(combo.step("ok", Infra.cached(folder)), ITEMS));
    assertTrue(again.fromCache());
    assertEquals(uids(step, inflight.subList(0, 1)), again.itemUids());
    assertEquals(IllegalArgumentException.class.getName(), again.errorType());
    assertTrue(again.getMessage().contains("poison 3"), again.getMessage());
    assertEquals(List.of(), calls(combo));

    // retrying recomputes the failed and the missing items only, in one call
    Infra retry = Infra.builder().folder(folder).mode(Mode.RETRY).build();
    assertEquals(List.of(10, 20, 30, 40, 50), readAll(combo.step("ok", retry), ITEMS));
    List<Integer> recomputed = new ArrayList<>(inflight);
    recomputed.addAll(neverConsumed);
    assertEquals(List.of(recomputed), calls(combo));
    for (int v : ITEMS) {
      assertEquals(Status.SUCCESS, step.lookup(v).status());
    }
  }
}
