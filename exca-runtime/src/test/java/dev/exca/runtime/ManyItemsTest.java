package dev.exca.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.TestSteps.Add;
import dev.exca.runtime.TestSteps.Describe;
import dev.exca.runtime.TestSteps.Mult;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs of many items with duplicates through the engine's compact uid lists. */
@Timeout(120) // a duplicate among the claimed items would make a pool wait for itself
class ManyItemsTest {
  private static final int N = 200_000;

  @TempDir Path folder;

  @BeforeEach
  void reset() {
    TestSteps.CALLS.clear();
  }

  /** {@code n} distinct values, every seventh position followed by a repeat of an earlier one. */
  private static List<Double> withDuplicates(int n) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(i * 0.5);
      if (i % 7 == 3) {
        values.add((i / 3) * 0.5);
      }
    }
    return values;
  }

  /** The inputs as an Iterable that makes them while it is walked, like a generator. */
  private static Iterable<Double> lazy(List<Double> values) {
    return () ->
        new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < values.size();
          }

          @Override
          public Double next() {
            if (i >= values.size()) {
              throw new NoSuchElementException();
            }
            return values.get(i++);
          }
        };
  }

  private static List<Double> times(List<Double> values, double coeff) {
    return values.stream().map(v -> v * coeff).collect(Collectors.toList());
  }

  private static int distinct(List<?> values) {
    return new LinkedHashSet<>(values).size();
  }

  private static <T> List<T> all(StepItems<T> items) {
    try (items) {
      return items.stream().collect(Collectors.toList());
    }
  }

  @Test
  void cachedRunKeepsInputOrderAndComputesDuplicatesOnce() {
    List<Double> values = withDuplicates(N);
    Mult mult = new Mult(3, Infra.cached(folder));
    StepItems<Double> items = mult.runMany(lazy(values));
    assertEquals(distinct(values), TestSteps.CALLS.size(), "each distinct item computed once");
    assertEquals(values.size(), items.size());
    List<String> uids = values.stream().map(mult::itemUid).collect(Collectors.toList());
    assertEquals(uids, items.uids());
    assertEquals(times(values, 3), all(items));

    TestSteps.CALLS.clear();
    assertEquals(times(values, 3), all(new Mult(3, Infra.cached(folder)).runMany(lazy(values))));
    assertTrue(TestSteps.CALLS.isEmpty(), "a warm run computes nothing");
  }

  @Test
  void onlyWhatIsMissingIsComputed() {
    List<Double> values = withDuplicates(N / 4);
    List<Double> firstHalf = values.subList(0, values.size() / 2);
    all(new Mult(3, Infra.cached(folder)).runMany(firstHalf));
    TestSteps.CALLS.clear();
    List<Double> reversed = new ArrayList<>(values);
    java.util.Collections.reverse(reversed);
    assertEquals(times(reversed, 3), all(new Mult(3, Infra.cached(folder)).runMany(reversed)));
    List<Double> missing = new ArrayList<>(new LinkedHashSet<>(reversed));
    missing.removeAll(firstHalf);
    List<String> expected = missing.stream().map(v -> "Mult(3.0)(" + v + ")").collect(Collectors.toList());
    assertEquals(expected, TestSteps.CALLS, "the missing items, once each, in first-occurrence order");
  }

  @Test
  void inlineRunComputesDuplicatesOnce() {
    List<Double> values = withDuplicates(N / 4);
    StepItems<Double> items = new Mult(3, null).runMany(values);
    assertEquals(times(values, 3), all(items));
    assertEquals(distinct(values), TestSteps.CALLS.size());
    TestSteps.CALLS.clear();
    assertEquals(times(values, 3), all(items), "iterating again computes again");
    assertEquals(distinct(values), TestSteps.CALLS.size());
  }

  @Test
  void inlineStepBeforeACachedOne() {
    List<Double> values = withDuplicates(N / 4);
    Chain<Double, Double> chain = new Mult(2, null).then(new Add(1, Infra.cached(folder)));
    List<Double> expected = values.stream().map(v -> v * 2 + 1).collect(Collectors.toList());
    assertEquals(expected, all(chain.runMany(lazy(values))));
    assertEquals(2 * distinct(values), TestSteps.CALLS.size(), "Mult and Add once per distinct item");
  }

  @Test
  void threadPoolComputesDuplicatesOnce() {
    List<Double> values = withDuplicates(N / 20); // a claim file per item: keep it small
    Infra infra = Infra.builder().backend(Backend.THREAD_POOL).folder(folder).maxJobs(7).build();
    assertEquals(times(values, 3), all(new Mult(3, infra).runMany(lazy(values))));
    assertEquals(distinct(values), TestSteps.CALLS.size());
  }

  @Test
  void nonAsciiCustomUidsRoundTrip() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      values.add("v" + (i % 4_000));
    }
    Describe describe = new Describe(o -> "ключ-" + o + "-\uD83D\uDE00é", Infra.cached(folder));
    StepItems<String> items = describe.runMany(values);
    List<String> uids = values.stream().map(v -> "ключ-" + v + "-\uD83D\uDE00é").collect(Collectors.toList());
    assertEquals(uids, items.uids());
    List<String> texts = values.stream().map(String::valueOf).collect(Collectors.toList());
    assertEquals(texts, all(items));
    assertEquals(texts, all(new Describe(o -> "ключ-" + o + "-\uD83D\uDE00é", Infra.cached(folder)).runMany(values)));
  }

  @Test
  void inputsAreReleasedOnceComputed() throws InterruptedException {
    List<WeakReference<Double>> refs = new ArrayList<>();
    Iterable<Double> inputs =
        () ->
            new Iterator<>() {
              private int i;

              @Override
              public boolean hasNext() {
                return i < 1_000;
              }

              @Override
              public Double next() {
                Double v = Double.valueOf(i++ + 0.25); // a new object each time
                refs.add(new WeakReference<>(v));
                return v;
              }
            };
    StepItems<Double> items = new Mult(3, Infra.cached(folder)).runMany(inputs);
    for (int attempt = 0; attempt < 20 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
      System.gc();
      Thread.sleep(10);
    }
    for (WeakReference<Double> r : refs) {
      assertNull(r.get(), "the results still hold an input");
    }
    assertEquals(1_000, all(items).size());
  }
}
