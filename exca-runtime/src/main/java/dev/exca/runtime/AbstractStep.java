package dev.exca.runtime;

import dev.exca.runtime.identity.Uids;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What generated steps and chains share: item uids, the single {@code runMany} engine entry and
 * dispatch. Package-private hooks keep the engine out of the public API.
 */
abstract class AbstractStep<I, O> implements Step<I, O> {

  /** The leaf steps that make up this step's identity, upstream first (a chain flattens). */
  abstract List<GeneratedStep<?, ?>> uidSteps();

  /** The first leaf, which computes item uids for the whole chain. */
  abstract GeneratedStep<?, ?> firstLeaf();

  /**
   * Applies this step to a carrier: inline steps only append themselves (lazy), cached ones
   * compute their pending items now and return a cache-backed carrier.
   *
   * @param inheritedFolder the folder of an enclosing chain, for infra without a folder
   */
  abstract Carrier dispatch(Carrier input, Path inheritedFolder);

  /** The display name used in messages. */
  abstract String displayName();

  final boolean generator() {
    return firstLeaf().stepDescriptor().generator();
  }

  @Override
  public String uid() {
    List<String> segments = new ArrayList<>();
    for (GeneratedStep<?, ?> s : uidSteps()) {
      segments.add(s.segment());
    }
    return Uids.path(segments);
  }

  @Override
  public String itemUid(I value) {
    return materializeUid(value);
  }

  @SuppressWarnings("unchecked")
  final String materializeUid(Object value) {
    GeneratedStep<Object, ?> first = (GeneratedStep<Object, ?>) firstLeaf();
    StepDescriptor d = first.stepDescriptor();
    if (d.generator()) {
      return Uids.NO_INPUT;
    }
    if (value == null && d.primitiveItem()) {
      throw new IllegalArgumentException(
          "step "
              + d.name()
              + " takes a primitive "
              + d.itemType().getTypeName()
              + " item ("
              + d.origin()
              + "); null is not a valid input");
    }
    String custom = first.customItemUid(value);
    if (custom != null) {
      return Uids.shorten(custom, Uids.ITEM_UID_MAX_LENGTH);
    }
    try {
      return Uids.itemUid(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "step "
              + d.name()
              + " cannot compute the uid of an item of "
              + (value == null ? "null" : value.getClass().getName())
              + ": "
              + e.getMessage()
              + "; add a static @ItemUid method for this item type next to "
              + d.origin(),
          e);
    }
  }

  @Override
  public O run(I value) {
    if (generator()) {
      throw new IllegalStateException(
          displayName() + " is a generator (it takes no item); use run() instead of run(value)");
    }
    return first(runMany(Collections.singletonList(value)));
  }

  @Override
  public O run() {
    if (!generator()) {
      throw new IllegalStateException(
          displayName() + " needs an item; use run(value) or runMany(values)");
    }
    return first(execute(UidList.of(Uids.NO_INPUT), uid -> null));
  }

  private static <T> T first(StepItems<T> items) {
    try (items) {
      Iterator<T> it = items.iterator();
      return it.next();
    }
  }

  @Override
  public StepItems<O> runMany(Iterable<? extends I> values) {
    Objects.requireNonNull(values, "values");
    if (generator()) {
      throw new IllegalStateException(
          displayName() + " is a generator (it takes no item); use run() instead of runMany");
    }
    boolean sized = values instanceof java.util.Collection;
    int expected = sized ? ((java.util.Collection<?>) values).size() : 16;
    if (!sized || expected > 1) {
      // the index loads on another thread while the uids are computed here; a single item leaves
      // nothing to overlap, and its lookup loads the index anyway
      Engine.preload(this);
    }
    UidList uids = new UidList(expected);
    // the inputs are kept until their items are computed: the Iterable may be lazy, read only once
    List<Object> inputs = new ArrayList<>(expected);
    for (I v : values) {
      uids.append(materializeUid(v));
      inputs.add(v);
    }
    return execute(uids, new InputsByUid(uids, inputs));
  }

  private StepItems<O> execute(UidList uids, Function<String, Object> source) {
    Carrier boundary = Carrier.boundary(uids, source);
    return new StepItems<>(dispatch(boundary, null));
  }

  /**
   * The input of each uid (the first one given for a duplicated uid), found through the uid list's
   * index, built on first use: a run whose items are all cached never looks an input up. Only the
   * carriers that compute hold this function, so the inputs are released once they are done.
   * Thread-safe (pool threads look inputs up; the lists no longer change).
   */
  private static final class InputsByUid implements Function<String, Object> {
    private final UidList uids;
    private final List<Object> inputs;

    InputsByUid(UidList uids, List<Object> inputs) {
      this.uids = uids;
      this.inputs = inputs;
    }

    @Override
    public Object apply(String uid) {
      int i = uids.index().firstOf(uid);
      return i < 0 ? null : inputs.get(i);
    }
  }

  @Override
  public CacheEntry<O> lookup(I value) {
    if (generator()) {
      throw new IllegalStateException(displayName() + " is a generator; use lookup()");
    }
    return lookupUid(materializeUid(value));
  }

  @Override
  public CacheEntry<O> lookup() {
    if (!generator()) {
      throw new IllegalStateException(displayName() + " needs an item; use lookup(value)");
    }
    return lookupUid(Uids.NO_INPUT);
  }

  abstract CacheEntry<O> lookupUid(String uid);

  @Override
  public <R> Chain<I, R> then(Step<? super O, R> next) {
    return Chain.of(this, next);
  }
}
