package dev.exca.samples;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One {@code @Batch} step per accepted item container ({@code Iterator}, {@code Iterable}, {@code
 * Stream}, {@code List}) and result container ({@code Iterator}, {@code Stream}, {@code Iterable},
 * {@code List}): 16 steps named {@code <In>To<Out>}, each computing {@code 10 * item}.
 *
 * <p>The excluded {@code behaviour} parameter selects a misbehaviour without changing the uid (so
 * a well-behaved step and a misbehaving one share cache entries):
 *
 * <ul>
 *   <li>{@code ok}: one result per consumed item;
 *   <li>{@code under}: consumes every item but drops the last result;
 *   <li>{@code over}: one extra result ({@link #EXTRA}) after the others;
 *   <li>{@code early}: a result before consuming anything (when the input is lazy), then one per
 *       item; with a {@code List} result and a lazy input it returns {@code [EXTRA]} without
 *       consuming; with a {@code List} input (already consumed when the method starts) it is
 *       {@code [EXTRA]} followed by one result per item, i.e. an over-yield;
 *   <li>{@code fail}: throws {@code IllegalArgumentException("poison 3")} when computing item
 *       {@link #POISON}.
 * </ul>
 *
 * <p>Lazy result containers pull one item per result; {@code List} results are computed in full
 * before the method returns. Every call and the items it consumed, in order, are recorded in
 * {@link #CALLS}.
 */
final class BatchOps {
  /** The item on which {@code fail} throws. */
  static final int POISON = 3;

  /** The extra result of {@code over} and {@code early}. */
  static final int EXTRA = -1;

  /** Per step name, one entry per call of its batch method: the items consumed, in order. */
  static final Map<String, List<List<Integer>>> CALLS = new ConcurrentHashMap<>();

  private BatchOps() {}

  /** The calls of one step so far. */
  static List<List<Integer>> calls(String step) {
    return CALLS.getOrDefault(step, List.of());
  }

  static List<Integer> newCall(String step) {
    List<Integer> call = Collections.synchronizedList(new ArrayList<>());
    CALLS.computeIfAbsent(step, k -> new CopyOnWriteArrayList<>()).add(call);
    return call;
  }

  /** Starts a call of {@code step} and records each item when the method consumes it. */
  static Iterator<Integer> consume(String step, Iterator<Integer> items) {
    List<Integer> call = newCall(step);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public Integer next() {
        Integer v = items.next();
        call.add(v);
        return v;
      }
    };
  }

  /** Starts a call of {@code step} that received all its items up front. */
  static Iterator<Integer> received(String step, List<Integer> items) {
    newCall(step).addAll(items);
    return items.iterator();
  }

  static int apply(String behaviour, int v) {
    if ("fail".equals(behaviour) && v == POISON) {
      throw new IllegalArgumentException("poison " + v);
    }
    return 10 * v;
  }

  /** Lazy results: each one pulls the item it answers only when asked for. */
  static Iterator<Integer> lazy(String behaviour, Iterator<Integer> items) {
    Iterator<Integer> mapped =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return items.hasNext();
          }

          @Override
          public Integer next() {
            return apply(behaviour, items.next());
          }
        };
    switch (behaviour) {
      case "ok":
      case "fail":
        return mapped;
      case "under":
        return dropLast(mapped);
      case "over":
        return Stream.concat(toStream(mapped), Stream.of(EXTRA)).iterator();
      case "early":
        return Stream.concat(Stream.of(EXTRA), toStream(mapped)).iterator();
      default:
        throw new IllegalArgumentException("unknown behaviour " + behaviour);
    }
  }

  /** Results computed in full before returning. */
  static List<Integer> eager(String behaviour, Iterator<Integer> items, boolean alreadyConsumed) {
    if ("early".equals(behaviour) && !alreadyConsumed) {
      return List.of(EXTRA); // answers without consuming anything
    }
    List<Integer> out = new ArrayList<>();
    if ("early".equals(behaviour)) {
      out.add(EXTRA);
    }
    items.forEachRemaining(v -> out.add(apply(behaviour, v)));
    if ("under".equals(behaviour) && !out.isEmpty()) {
      out.remove(out.size() - 1);
    }
    if ("over".equals(behaviour)) {
      out.add(EXTRA);
    }
    return out;
  }

  /** Every result except the last one (whose item is still consumed). */
  static <T> Iterator<T> dropLast(Iterator<T> results) {
    return new Iterator<>() {
      private T buffered;
      private boolean ready;

      @Override
      public boolean hasNext() {
        if (!ready) {
          if (!results.hasNext()) {
            return false;
          }
          buffered = results.next();
          ready = true;
        }
        return results.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return buffered;
      }
    };
  }

  static <T> Stream<T> toStream(Iterator<T> it) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false);
  }

  /** Iterator input, Iterator result. */
  @Step
  @Batch
  static Iterator<Integer> iteratorToIterator(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterator<Integer> items) {
    return lazy(behaviour, consume("IteratorToIterator", items));
  }

  /** Iterator input, Stream result. */
  @Step
  @Batch
  static Stream<Integer> iteratorToStream(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterator<Integer> items) {
    return toStream(lazy(behaviour, consume("IteratorToStream", items)));
  }

  /** Iterator input, Iterable result. */
  @Step
  @Batch
  static Iterable<Integer> iteratorToIterable(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterator<Integer> items) {
    Iterator<Integer> results = lazy(behaviour, consume("IteratorToIterable", items));
    return () -> results;
  }

  /** Iterator input, List result. */
  @Step
  @Batch
  static List<Integer> iteratorToList(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterator<Integer> items) {
    return eager(behaviour, consume("IteratorToList", items), false);
  }

  /** Iterable input, Iterator result. */
  @Step
  @Batch
  static Iterator<Integer> iterableToIterator(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterable<Integer> items) {
    return lazy(behaviour, consume("IterableToIterator", items.iterator()));
  }

  /** Iterable input, Stream result. */
  @Step
  @Batch
  static Stream<Integer> iterableToStream(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterable<Integer> items) {
    return toStream(lazy(behaviour, consume("IterableToStream", items.iterator())));
  }

  /** Iterable input, Iterable result. */
  @Step
  @Batch
  static Iterable<Integer> iterableToIterable(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterable<Integer> items) {
    Iterator<Integer> results = lazy(behaviour, consume("IterableToIterable", items.iterator()));
    return () -> results;
  }

  /** Iterable input, List result. */
  @Step
  @Batch
  static List<Integer> iterableToList(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Iterable<Integer> items) {
    return eager(behaviour, consume("IterableToList", items.iterator()), false);
  }

  /** Stream input, Iterator result. */
  @Step
  @Batch
  static Iterator<Integer> streamToIterator(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Stream<Integer> items) {
    return lazy(behaviour, consume("StreamToIterator", items.iterator()));
  }

  /** Stream input, Stream result. */
  @Step
  @Batch
  static Stream<Integer> streamToStream(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Stream<Integer> items) {
    // the idiomatic shape: stream operations on the lazy input, no adapters
    List<Integer> call = newCall("StreamToStream");
    Stream<Integer> results = items.peek(call::add).map(v -> apply(behaviour, v));
    switch (behaviour) {
      case "over":
        return Stream.concat(results, Stream.of(EXTRA));
      case "early":
        return Stream.concat(Stream.of(EXTRA), results);
      case "under":
        return toStream(dropLast(results.iterator()));
      default:
        return results;
    }
  }

  /** Stream input, Iterable result. */
  @Step
  @Batch
  static Iterable<Integer> streamToIterable(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Stream<Integer> items) {
    Iterator<Integer> results = lazy(behaviour, consume("StreamToIterable", items.iterator()));
    return () -> results;
  }

  /** Stream input, List result. */
  @Step
  @Batch
  static List<Integer> streamToList(
      @ExcludeFromUid @Default("ok") String behaviour, @Item Stream<Integer> items) {
    return eager(behaviour, consume("StreamToList", items.iterator()), false);
  }

  /** List input, Iterator result. */
  @Step
  @Batch
  static Iterator<Integer> listToIterator(
      @ExcludeFromUid @Default("ok") String behaviour, @Item List<Integer> items) {
    return lazy(behaviour, received("ListToIterator", items));
  }

  /** List input, Stream result. */
  @Step
  @Batch
  static Stream<Integer> listToStream(
      @ExcludeFromUid @Default("ok") String behaviour, @Item List<Integer> items) {
    return toStream(lazy(behaviour, received("ListToStream", items)));
  }

  /** List input, Iterable result. */
  @Step
  @Batch
  static Iterable<Integer> listToIterable(
      @ExcludeFromUid @Default("ok") String behaviour, @Item List<Integer> items) {
    Iterator<Integer> results = lazy(behaviour, received("ListToIterable", items));
    return () -> results;
  }

  /** List input, List result. */
  @Step
  @Batch
  static List<Integer> listToList(
      @ExcludeFromUid @Default("ok") String behaviour, @Item List<Integer> items) {
    return eager(behaviour, received("ListToList", items), true);
  }
}
