package dev.exca.runtime;

import java.nio.file.Path;
import java.util.List;

/** Builds the {@link StepFailedException}s of the engine, so that every message has one shape. */
final class Failures {
  private Failures() {}

  static StepFailedException computed(
      GeneratedStep<?, ?> step, String stepUid, List<String> itemUids, Throwable cause, Path recordedAt) {
    String items =
        itemUids.isEmpty()
            ? "before consuming an item"
            : itemUids.size() == 1 ? "on item " + itemUids.get(0) : "on items " + itemUids;
    String message =
        "step "
            + step.stepDescriptor().name()
            + " failed "
            + items
            + ": "
            + cause
            + "\n  step: "
            + stepUid
            + "\n  method: "
            + step.stepDescriptor().origin()
            + (recordedAt == null ? "" : "\n  error recorded at " + recordedAt);
    return new StepFailedException(message, stepUid, itemUids, cause.getClass().getName(), false, cause);
  }
}
