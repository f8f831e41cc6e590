package dev.exca.runtime;

import java.util.List;

/** The SLURM backend: one sbatch job array per dispatch (being written). */
final class SlurmDispatch {
  private SlurmDispatch() {}

  static void run(Engine.Target t, Carrier input, List<String> pending, Mode mode) {
    throw new UnsupportedOperationException(
        "step " + t.path() + ": the SLURM backend is not implemented yet; use LOCAL_PROCESS meanwhile");
  }
}
