package dev.exca.runtime;

/** exca's mode folding (spec §6.2): force and retry propagate downstream, read-only stays local. */
final class Modes {
  private Modes() {}

  private static int rank(Mode m) {
    switch (m) {
      case CACHED:
        return 0;
      case RETRY:
        return 1;
      case FORCE:
        return 2;
      default:
        throw new AssertionError(m);
    }
  }

  /**
   * Folds modes left to right.
   *
   * @throws IllegalArgumentException when read-only meets force
   */
  static Mode fold(Mode... modes) {
    Mode acc = Mode.CACHED;
    for (Mode m : modes) {
      if (m == Mode.READ_ONLY) {
        if (acc == Mode.FORCE) {
          throw new IllegalArgumentException(
              "read-only mode conflicts with 'force' — would return stale results; use one of the"
                  + " two modes on this chain");
        }
        acc = Mode.READ_ONLY;
      } else if (acc == Mode.READ_ONLY) {
        acc = m;
      } else if (rank(m) > rank(acc)) {
        acc = m;
      }
    }
    return acc;
  }

  /** The mode a step imposes: its own, folded with its sub-steps' (exca's _effective_mode). */
  static Mode effective(AbstractStep<?, ?> step) {
    Mode own = step.infra() == null ? Mode.CACHED : step.infra().mode();
    if (!(step instanceof Chain)) {
      return own;
    }
    java.util.List<Step<?, ?>> children = ((Chain<?, ?>) step).steps();
    Mode[] all = new Mode[children.size() + 2];
    all[0] = own;
    for (int i = 0; i < children.size(); i++) {
      all[i + 1] = effective((AbstractStep<?, ?>) children.get(i));
    }
    all[all.length - 1] = own;
    return fold(all);
  }
}
