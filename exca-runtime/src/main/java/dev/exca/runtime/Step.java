package dev.exca.runtime;

/**
 * A cached computation over items: the type every generated {@code <Name>Step} class and every
 * {@link Chain} implements.
 *
 * <p>A step is an immutable configuration. Its {@linkplain #uid() uid} is derived from that
 * configuration; each input value gets an {@linkplain #itemUid(Object) item uid}; with an {@link
 * Infra} that has a folder, one cache entry is kept per (step path, item uid).
 *
 * @param <I> the item type ({@code Void} for generators)
 * @param <O> the result type
 */
public interface Step<I, O> {

  /**
   * Runs the step on one item: the same as the first result of {@code runMany(List.of(value))},
   * sharing its cache entry.
   *
   * @param value the item; {@code null} is a valid item unless the step takes a primitive
   * @return the result
   * @throws StepFailedException if the computation failed now or failed earlier and was cached
   * @throws IllegalArgumentException if {@code null} is given to a step with a primitive item
   * @throws IllegalStateException if this step is a generator (use {@link #run()})
   */
  O run(I value);

  /**
   * Runs a generator step, one that takes no item.
   *
   * @return the result
   * @throws IllegalStateException if this step needs an item
   * @throws StepFailedException if the computation failed now or failed earlier and was cached
   */
  O run();

  /**
   * Runs the step on many items. Results come back lazily, one per input, in input order, even
   * when execution is unordered; duplicate inputs give duplicate results from one computation.
   *
   * @param values the items
   * @return the results, to iterate or stream
   * @throws NullPointerException if {@code values} is null
   * @throws StepFailedException if a computation failed (possibly during iteration)
   */
  StepItems<O> runMany(Iterable<? extends I> values);

  /**
   * The uid of this step's configuration, one folder segment such as {@code
   * coeff=3,type=Mult-4c6b8f5f}; for a chain, the {@code /}-joined path of its steps.
   *
   * @return the step uid
   */
  String uid();

  /**
   * The item uid of a value, the key of its cache entry, such as {@code 5-227dcc9a}: from the
   * class's {@code @ItemUid} method when there is one, else the default uid of the value.
   *
   * @param value the item
   * @return its uid
   * @throws IllegalArgumentException if the value has no default uid and no {@code @ItemUid}
   */
  String itemUid(I value);

  /**
   * The execution and cache settings of this step.
   *
   * @return the infra, or {@code null} when none (inline, no cache)
   */
  Infra infra();

  /**
   * A copy of this step with other infra.
   *
   * @param infra the new infra, or {@code null} for none
   * @return the copy
   */
  Step<I, O> withInfra(Infra infra);

  /**
   * The cache entry of one item for this step used on its own (no upstream steps).
   *
   * @param value the item
   * @return its entry; {@link Status#MISSING} when the step has no cache
   */
  CacheEntry<O> lookup(I value);

  /**
   * The cache entry of a generator step.
   *
   * @return its entry
   * @throws IllegalStateException if this step needs an item
   */
  CacheEntry<O> lookup();

  /**
   * Chains another step after this one.
   *
   * @param next the step that receives this step's results
   * @param <R> the chain's result type
   * @return the chain {@code this → next}
   */
  <R> Chain<I, R> then(Step<? super O, R> next);
}
