package dev.exca.runtime;

import java.util.Locale;

/** Where a step's computations run. Names parse from exca's spelling ({@code "ThreadPool"}). */
public enum Backend {
  /** Inline in the calling thread, with a filesystem cache. */
  CACHED("Cached"),
  /** A pool of threads in the calling JVM. */
  THREAD_POOL("ThreadPool"),
  /** A pool of long-lived worker JVMs. */
  PROCESS_POOL("ProcessPool"),
  /** One new JVM per job, like a local cluster. */
  LOCAL_PROCESS("LocalProcess"),
  /** Job arrays on a Slurm cluster. */
  SLURM("Slurm");

  private final String excaName;

  Backend(String excaName) {
    this.excaName = excaName;
  }

  /**
   * The name exca uses for this backend.
   *
   * @return for example {@code "ThreadPool"}
   */
  public String excaName() {
    return excaName;
  }

  /**
   * Parses a backend name: exca's ({@code "ThreadPool"}) or the constant's ({@code
   * "THREAD_POOL"}), ignoring case, dashes and underscores.
   *
   * @param name the name
   * @return the backend
   * @throws IllegalArgumentException if no backend has that name
   */
  public static Backend parse(String name) {
    String key = normalise(name);
    for (Backend b : values()) {
      if (normalise(b.excaName).equals(key)) {
        return b;
      }
    }
    throw new IllegalArgumentException(
        "Unknown backend '" + name + "', available: [Cached, ThreadPool, ProcessPool, LocalProcess, Slurm]");
  }

  private static String normalise(String s) {
    return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }
}
