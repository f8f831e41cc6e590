package dev.exca.runtime;

import java.util.Locale;

/** How a cached step treats existing cache entries. Parses exca's spelling ({@code "read-only"}). */
public enum Mode {
  /** Use cached results, re-raise cached errors, compute what is missing. */
  CACHED("cached"),
  /** Recompute every requested item once per {@link Infra} instance; propagates downstream. */
  FORCE("force"),
  /** Recompute cached errors only (once per {@link Infra} instance); propagates downstream. */
  RETRY("retry"),
  /** Never compute: a missing entry is an error. Applies to its own step only. */
  READ_ONLY("read-only");

  private final String excaName;

  Mode(String excaName) {
    this.excaName = excaName;
  }

  /**
   * The name exca uses for this mode.
   *
   * @return for example {@code "read-only"}
   */
  public String excaName() {
    return excaName;
  }

  /**
   * Parses a mode: exca's name ({@code "read-only"}) or the constant's ({@code "READ_ONLY"}).
   *
   * @param name the name
   * @return the mode
   * @throws IllegalArgumentException if no mode has that name
   */
  public static Mode parse(String name) {
    String key = name.replace('_', '-').toLowerCase(Locale.ROOT);
    for (Mode m : values()) {
      if (m.excaName.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "Unknown mode '" + name + "', available: [cached, force, retry, read-only]");
  }
}
