package dev.exca.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Steps run one after the other: each step receives the previous step's results. A chain has no
 * identity of its own: its {@link #uid()} is the {@code /}-joined path of its steps' segments,
 * which is also its cache folder, shared with its last step. The item uid is computed once, from
 * the first step, and used unchanged by every step.
 *
 * <pre>{@code
 * Chain<String, Double> pipeline = TokenizeStep.create().then(CountStep.create()).then(norm);
 * }</pre>
 *
 * @param <I> the item type of the first step
 * @param <O> the result type of the last step
 */
public final class Chain<I, O> extends AbstractStep<I, O> {
  private final List<AbstractStep<?, ?>> steps;
  private final Infra infra;

  private Chain(List<AbstractStep<?, ?>> steps, Infra infra) {
    this.steps = List.copyOf(steps);
    this.infra = infra;
  }

  /**
   * Chains two steps.
   *
   * @param first the first step
   * @param second the step receiving the first one's results
   * @param <I> the item type
   * @param <M> the intermediate type
   * @param <O> the result type
   * @return the chain, without infra
   * @throws NullPointerException if a step is null
   * @throws IllegalArgumentException if a step is not a generated step or a chain
   */
  public static <I, M, O> Chain<I, O> of(Step<I, M> first, Step<? super M, O> second) {
    List<AbstractStep<?, ?>> list = new ArrayList<>();
    list.add(checked(first));
    list.add(checked(second));
    return new Chain<>(list, null);
  }

  private static AbstractStep<?, ?> checked(Step<?, ?> step) {
    Objects.requireNonNull(step, "step");
    if (!(step instanceof AbstractStep)) {
      throw new IllegalArgumentException(
          "only generated steps and chains can be chained, got " + step.getClass().getName());
    }
    return (AbstractStep<?, ?>) step;
  }

  @Override
  public <R> Chain<I, R> then(Step<? super O, R> next) {
    List<AbstractStep<?, ?>> list = new ArrayList<>(steps);
    list.add(checked(next));
    return new Chain<>(list, infra);
  }

  /**
   * The direct steps of this chain (a nested chain is one element).
   *
   * @return the steps (unmodifiable)
   */
  public List<Step<?, ?>> steps() {
    return List.copyOf(steps);
  }

  /** The direct steps, for the engine. */
  List<AbstractStep<?, ?>> children() {
    return steps;
  }

  @Override
  public Infra infra() {
    return infra;
  }

  @Override
  public Chain<I, O> withInfra(Infra infra) {
    return new Chain<>(steps, infra);
  }

  @Override
  List<GeneratedStep<?, ?>> uidSteps() {
    List<GeneratedStep<?, ?>> all = new ArrayList<>();
    for (AbstractStep<?, ?> s : steps) {
      all.addAll(s.uidSteps());
    }
    return all;
  }

  @Override
  GeneratedStep<?, ?> firstLeaf() {
    return steps.get(0).firstLeaf();
  }

  @Override
  String displayName() {
    return "chain " + uid();
  }

  @Override
  Carrier dispatch(Carrier input, Path inheritedFolder) {
    if (infra != null) {
      return Engine.runCached(this, input, inheritedFolder);
    }
    Carrier current = input;
    for (AbstractStep<?, ?> s : steps) {
      current = s.dispatch(current, inheritedFolder);
    }
    return current;
  }

  /** Walks the children inline, as the compute of a chain that has its own infra. */
  Carrier walk(Carrier input, Path folder) {
    Carrier current = input;
    for (AbstractStep<?, ?> s : steps) {
      current = s.dispatch(current, folder);
    }
    return current;
  }

  @Override
  CacheEntry<O> lookupUid(String uid) {
    return Engine.lookup(this, uid);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Chain
        && ((Chain<?, ?>) o).steps.equals(steps)
        && Objects.equals(((Chain<?, ?>) o).infra, infra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(steps, infra);
  }

  @Override
  public String toString() {
    return "Chain" + steps + (infra == null ? "" : " " + infra);
  }
}
