package dev.exca.samples;

import dev.exca.runtime.Infra;
import dev.exca.runtime.Step;
import java.util.function.BiFunction;

/** The 16 steps of {@link BatchOps}: item container x result container. */
enum BatchCombo {
    ITERATOR_TO_ITERATOR("IteratorToIterator", true, true, (b, infra) -> IteratorToIteratorStep.builder().behaviour(b).infra(infra).build()),
    ITERATOR_TO_STREAM("IteratorToStream", true, true, (b, infra) -> IteratorToStreamStep.builder().behaviour(b).infra(infra).build()),
    ITERATOR_TO_ITERABLE("IteratorToIterable", true, true, (b, infra) -> IteratorToIterableStep.builder().behaviour(b).infra(infra).build()),
    ITERATOR_TO_LIST("IteratorToList", true, false, (b, infra) -> IteratorToListStep.builder().behaviour(b).infra(infra).build()),
    ITERABLE_TO_ITERATOR("IterableToIterator", true, true, (b, infra) -> IterableToIteratorStep.builder().behaviour(b).infra(infra).build()),
    ITERABLE_TO_STREAM("IterableToStream", true, true, (b, infra) -> IterableToStreamStep.builder().behaviour(b).infra(infra).build()),
    ITERABLE_TO_ITERABLE("IterableToIterable", true, true, (b, infra) -> IterableToIterableStep.builder().behaviour(b).infra(infra).build()),
    ITERABLE_TO_LIST("IterableToList", true, false, (b, infra) -> IterableToListStep.builder().behaviour(b).infra(infra).build()),
    STREAM_TO_ITERATOR("StreamToIterator", true, true, (b, infra) -> StreamToIteratorStep.builder().behaviour(b).infra(infra).build()),
    STREAM_TO_STREAM("StreamToStream", true, true, (b, infra) -> StreamToStreamStep.builder().behaviour(b).infra(infra).build()),
    STREAM_TO_ITERABLE("StreamToIterable", true, true, (b, infra) -> StreamToIterableStep.builder().behaviour(b).infra(infra).build()),
    STREAM_TO_LIST("StreamToList", true, false, (b, infra) -> StreamToListStep.builder().behaviour(b).infra(infra).build()),
    LIST_TO_ITERATOR("ListToIterator", false, true, (b, infra) -> ListToIteratorStep.builder().behaviour(b).infra(infra).build()),
    LIST_TO_STREAM("ListToStream", false, true, (b, infra) -> ListToStreamStep.builder().behaviour(b).infra(infra).build()),
    LIST_TO_ITERABLE("ListToIterable", false, true, (b, infra) -> ListToIterableStep.builder().behaviour(b).infra(infra).build()),
    LIST_TO_LIST("ListToList", false, false, (b, infra) -> ListToListStep.builder().behaviour(b).infra(infra).build());

  /** The step name, also the key of {@link BatchOps#CALLS}. */
  final String stepName;

  /** Whether the method receives its items lazily ({@code List} items are consumed up front). */
  final boolean lazyInput;

  /** Whether results are produced one at a time ({@code List} results are computed in full). */
  final boolean lazyOutput;

  private final BiFunction<String, Infra, Step<Integer, Integer>> factory;

  BatchCombo(
      String stepName,
      boolean lazyInput,
      boolean lazyOutput,
      BiFunction<String, Infra, Step<Integer, Integer>> factory) {
    this.stepName = stepName;
    this.lazyInput = lazyInput;
    this.lazyOutput = lazyOutput;
    this.factory = factory;
  }

  /**
   * The step with a behaviour (see {@link BatchOps}) and an infra ({@code null} for inline).
   */
  Step<Integer, Integer> step(String behaviour, Infra infra) {
    return factory.apply(behaviour, infra);
  }
}
