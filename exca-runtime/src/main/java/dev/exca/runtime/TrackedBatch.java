package dev.exca.runtime;

import dev.exca.runtime.identity.Uids;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Runs one step's batch method over a lazy input and checks the batch protocol (exca's
 * _AnnotatedBatch): one result per consumed input, in order, never before consuming. Tracks the
 * uids consumed but not yet answered so that failures name them.
 */
final class TrackedBatch implements Iterator<Carrier.Entry> {
  private final GeneratedStep<?, ?> step;
  private final List<GeneratedStep<?, ?>> path;
  private final Iterator<Carrier.Entry> upstream;
  private final int expected;
  private final ArrayDeque<String> inflight = new ArrayDeque<>();
  private Iterator<?> results;
  private int produced;
  private boolean done;

  TrackedBatch(
      GeneratedStep<?, ?> step,
      List<GeneratedStep<?, ?>> path,
      Iterator<Carrier.Entry> upstream,
      int expected) {
    this.step = step;
    this.path = path;
    this.upstream = upstream;
    this.expected = expected;
  }

  @SuppressWarnings("unchecked")
  private Iterator<?> results() {
    if (results == null) {
      Iterator<Object> input =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return upstream.hasNext();
            }

            @Override
            public Object next() {
              Carrier.Entry e = upstream.next();
              inflight.addLast(e.uid());
              return e.value();
            }
          };
      try {
        results = ((GeneratedStep<Object, ?>) step).computeBatch(input);
      } catch (Throwable t) {
        throw wrap(t);
      }
      if (results == null) {
        throw protocol("returned null instead of results");
      }
    }
    return results;
  }

  @Override
  public boolean hasNext() {
    if (done) {
      return false;
    }
    boolean more;
    try {
      more = results().hasNext();
    } catch (Throwable t) {
      throw wrap(t);
    }
    if (!more) {
      done = true;
      if (produced < expected) {
        throw protocol("yielded " + produced + " results for " + expected + " inputs");
      }
    }
    return more;
  }

  @Override
  public Carrier.Entry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Object result;
    try {
      result = results().next();
    } catch (Throwable t) {
      throw wrap(t);
    }
    if (produced >= expected) {
      throw protocol("yielded more than " + expected + " results");
    }
    if (inflight.isEmpty()) {
      throw protocol("yielded before consuming an input");
    }
    produced++;
    return new Carrier.Entry(inflight.pollFirst(), result);
  }

  private String stepPath() {
    List<String> segments = new ArrayList<>();
    for (GeneratedStep<?, ?> s : path) {
      segments.add(s.segment());
    }
    return Uids.path(segments);
  }

  private BatchProtocolError protocol(String what) {
    done = true;
    return new BatchProtocolError(
        step + " (" + step.stepDescriptor().origin() + ") " + what, new ArrayList<>(inflight));
  }

  private RuntimeException wrap(Throwable t) {
    if (t instanceof StepFailedException || t instanceof BatchProtocolError) {
      return (RuntimeException) t; // an upstream step already named its items
    }
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    }
    Throwable cause = t instanceof UserCodeException ? t.getCause() : t;
    done = true;
    return Failures.computed(step, stepPath(), new ArrayList<>(inflight), cause, null);
  }
}
