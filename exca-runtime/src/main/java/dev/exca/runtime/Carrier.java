package dev.exca.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The items flowing through a chain (exca's StepItems): the input uids in order (duplicates kept),
 * where their values come from, the identity so far and the inline steps still to apply lazily.
 */
final class Carrier {
  /** A value with its item uid, as it moves through inline steps. */
  record Entry(String uid, Object value) {}

  final CompactUids uids;
  final Function<String, Object> source;
  final List<GeneratedStep<?, ?>> upstream;
  final List<GeneratedStep<?, ?>> pending;
  final Mode mode;
  /** Releases resources held for reading (pools, claims); never null. */
  final Runnable onClose;
  /**
   * {@code uids} holds no duplicates (a {@link #select selection} of pending items): computing needs
   * neither an index to deduplicate nor a memo for repeats.
   */
  final boolean unique;

  Carrier(
      CompactUids uids,
      Function<String, Object> source,
      List<GeneratedStep<?, ?>> upstream,
      List<GeneratedStep<?, ?>> pending,
      Mode mode,
      Runnable onClose) {
    this(uids, source, upstream, pending, mode, onClose, false);
  }

  Carrier(
      CompactUids uids,
      Function<String, Object> source,
      List<GeneratedStep<?, ?>> upstream,
      List<GeneratedStep<?, ?>> pending,
      Mode mode,
      Runnable onClose,
      boolean unique) {
    this.uids = uids;
    this.source = source;
    this.upstream = upstream;
    this.pending = pending;
    this.mode = mode;
    this.onClose = onClose;
    this.unique = unique;
  }

  /** The items of a {@code runMany} call; {@code uids} is the caller's own list, not copied. */
  static Carrier boundary(UidList uids, Function<String, Object> values) {
    return new Carrier(uids, values, List.of(), List.of(), Mode.CACHED, () -> {});
  }

  /** This carrier with an inline step appended: nothing runs until read. */
  Carrier append(GeneratedStep<?, ?> step) {
    return new Carrier(uids, source, plus(upstream, step), plus(pending, step), mode, onClose, unique);
  }

  /** The same items restricted to {@code selected} (unique, in the given order). */
  Carrier select(List<String> selected) {
    return new Carrier(CompactUids.of(selected), source, upstream, pending, mode, () -> {}, true);
  }

  private static <T> List<T> plus(List<T> list, T item) {
    List<T> l = new ArrayList<>(list.size() + 1);
    l.addAll(list);
    l.add(item);
    return List.copyOf(l);
  }

  /**
   * The unique items piped lazily through the pending inline steps, in first-occurrence order:
   * each step's batch pulls from its upstream only as needed.
   */
  Iterator<Entry> compute() {
    List<String> unique = this.unique ? uids : uids.index().firstOccurrences();
    Iterator<String> ids = unique.iterator();
    Iterator<Entry> it =
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return ids.hasNext();
          }

          @Override
          public Entry next() {
            String uid = ids.next();
            return new Entry(uid, source.apply(uid));
          }
        };
    List<GeneratedStep<?, ?>> path = new ArrayList<>(upstream.subList(0, upstream.size() - pending.size()));
    for (GeneratedStep<?, ?> step : pending) {
      path.add(step);
      it = new TrackedBatch(step, List.copyOf(path), it, unique.size());
    }
    return it;
  }

  /** One value per input uid, in input order; duplicates are computed once. */
  Iterator<Object> read() {
    if (pending.isEmpty()) {
      Iterator<String> ids = uids.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Object next() {
          return source.apply(ids.next());
        }
      };
    }
    if (distinct()) {
      Iterator<Entry> computed = computedInOrder();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return computed.hasNext();
        }

        @Override
        public Object next() {
          return computed.next().value();
        }
      };
    }
    return readRepeats(compute());
  }

  /**
   * Each uid with its value, in input order, for callers that need both: the computed entries
   * themselves when the uids are distinct, so that no uid is decoded twice.
   */
  Iterator<Entry> entries() {
    if (!pending.isEmpty() && distinct()) {
      return computedInOrder();
    }
    Iterator<Object> values = read();
    Iterator<String> ids = uids.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return values.hasNext();
      }

      @Override
      public Entry next() {
        return new Entry(ids.next(), values.next());
      }
    };
  }

  private boolean distinct() {
    return unique || !uids.index().hasDuplicates();
  }

  /** Distinct uids: one computed entry per uid, already in input order. */
  private Iterator<Entry> computedInOrder() {
    Iterator<Entry> computed = compute();
    return new Iterator<>() {
      private int left = uids.size();

      @Override
      public boolean hasNext() {
        if (left > 0) {
          return true;
        }
        // Drain the pipeline once more so that a batch yielding extra results is caught.
        if (computed.hasNext()) {
          computed.next();
        }
        return false;
      }

      @Override
      public Entry next() {
        if (left == 0) {
          throw new NoSuchElementException();
        }
        left--;
        return computed.next();
      }
    };
  }

  private Iterator<Object> readRepeats(Iterator<Entry> computed) {
    // Remember a result only while a later duplicate still needs it, so memory stays bounded by
    // the duplicates in flight rather than by the number of items. Only uids that repeat are
    // counted: a million items with a few repeats do not make a million-entry map.
    Map<String, Integer> remaining = new HashMap<>();
    UidIndex index = uids.index();
    for (int i = 0; i < uids.size(); i++) {
      if (!index.isFirst(i)) {
        remaining.merge(uids.get(i), 1, Integer::sum);
      }
    }
    Map<String, Object> memo = new HashMap<>();
    Iterator<String> ids = uids.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (ids.hasNext()) {
          return true;
        }
        if (computed.hasNext()) {
          computed.next();
        }
        return false;
      }

      @Override
      public Object next() {
        if (!ids.hasNext()) {
          throw new NoSuchElementException();
        }
        String uid = ids.next();
        if (memo.containsKey(uid)) {
          Object value = memo.get(uid);
          int left = remaining.get(uid) - 1;
          if (left == 0) {
            remaining.remove(uid);
            memo.remove(uid);
          } else {
            remaining.put(uid, left);
          }
          return value;
        }
        Entry e = computed.next();
        if (!e.uid().equals(uid)) {
          throw new IllegalStateException("internal: expected " + uid + ", computed " + e.uid());
        }
        if (remaining.containsKey(uid)) {
          memo.put(uid, e.value());
        }
        return e.value();
      }
    };
  }
}
