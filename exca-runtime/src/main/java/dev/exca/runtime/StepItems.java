package dev.exca.runtime;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The results of {@link Step#runMany}: one per input, in input order, produced lazily. Iterating
 * again reads the cache again (or recomputes inline steps). Close it (or exhaust it) to release
 * what a backend holds for reading.
 *
 * @param <O> the result type
 */
public final class StepItems<O> implements Iterable<O>, AutoCloseable {
  private final Carrier carrier;

  StepItems(Carrier carrier) {
    this.carrier = carrier;
  }

  /**
   * The number of results, equal to the number of inputs.
   *
   * @return the size
   */
  public int size() {
    return carrier.uids.size();
  }

  /**
   * The item uids, in input order, duplicates included.
   *
   * @return the uids (unmodifiable)
   */
  public List<String> uids() {
    return carrier.uids;
  }

  /**
   * Iterates the results in input order.
   *
   * @return a new iterator
   * @throws StepFailedException from {@code next()} if computing or reading an item failed
   */
  @Override
  @SuppressWarnings("unchecked")
  public Iterator<O> iterator() {
    return (Iterator<O>) carrier.read();
  }

  /**
   * The results as a sequential stream, in input order.
   *
   * @return a new stream; closing it closes nothing else
   */
  public Stream<O> stream() {
    return StreamSupport.stream(
        Spliterators.spliterator(iterator(), size(), Spliterator.ORDERED | Spliterator.SIZED), false);
  }

  /** Releases what the backend holds for reading these results; idempotent. */
  @Override
  public void close() {
    carrier.onClose.run();
  }

  Carrier carrier() {
    return carrier;
  }
}
