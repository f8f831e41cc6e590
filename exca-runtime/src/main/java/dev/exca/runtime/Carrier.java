package dev.exca.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
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

  final List<String> uids;
  final Function<String, Object> source;
  final List<GeneratedStep<?, ?>> upstream;
  final List<GeneratedStep<?, ?>> pending;
  final Mode mode;
  /** Releases resources held for reading (pools, claims); never null. */
  final Runnable onClose;
  /**
   * {@code uids} holds no duplicates (a {@link #select selection} of pending items): computing needs
   * neither a set to deduplicate nor a memo for repeats, which for a million items is tens of MB.
   */
  final boolean unique;

  Carrier(
      List<String> uids,
      Function<String, Object> source,
      List<GeneratedStep<?, ?>> upstream,
      List<GeneratedStep<?, ?>> pending,
      Mode mode,
      Runnable onClose) {
    this(uids, source, upstream, pending, mode, onClose, false);
  }

  private Carrier(
      List<String> uids,
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
  static Carrier boundary(List<String> uids, Function<String, Object> values) {
    return new Carrier(
        java.util.Collections.unmodifiableList(uids), values, List.of(), List.of(), Mode.CACHED, () -> {});
  }

  /** This carrier with an inline step appended: nothing runs until read. */
  Carrier append(GeneratedStep<?, ?> step) {
    return new Carrier(uids, source, plus(upstream, step), plus(pending, step), mode, onClose, unique);
  }

  /** The same items restricted to {@code selected} (unique, in the given order). */
  Carrier select(List<String> selected) {
    return new Carrier(selected, source, upstream, pending, mode, () -> {}, true);
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
    Collection<String> unique = this.unique ? uids : new LinkedHashSet<>(uids);
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
    // Remember a result only while a later duplicate still needs it, so memory stays bounded by
    // the duplicates in flight rather than by the number of items. Unique uids need no memo.
    Map<String, Integer> remaining = unique ? null : new HashMap<>();
    if (remaining != null) {
      for (String u : uids) {
        remaining.merge(u, 1, Integer::sum);
      }
    }
    Map<String, Object> memo = new HashMap<>();
    Iterator<Entry> computed = compute();
    Iterator<String> ids = uids.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (ids.hasNext()) {
          return true;
        }
        // Drain the pipeline once more so that a batch yielding extra results is caught.
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
          return remember(uid, memo.get(uid));
        }
        Entry e = computed.next();
        if (!e.uid().equals(uid)) {
          throw new IllegalStateException("internal: expected " + uid + ", computed " + e.uid());
        }
        return remember(uid, e.value());
      }

      private Object remember(String uid, Object value) {
        if (remaining != null) {
          if (remaining.merge(uid, -1, Integer::sum) > 0) {
            memo.put(uid, value);
          } else {
            memo.remove(uid);
          }
        }
        return value;
      }
    };
  }
}
