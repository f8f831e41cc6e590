package dev.exca.it;

import dev.exca.runtime.Backend;
import dev.exca.runtime.Infra;
import java.nio.file.Path;
import java.util.List;

/**
 * A driver JVM for {@link SlurmBackendTest}: runs slow items on Slurm until it is killed, so that
 * the test can check that its shutdown hook cancels the job array.
 */
public final class SlurmDriverMain {
  private SlurmDriverMain() {}

  /**
   * Runs {@code SlurmSleep} over two items sleeping a minute each.
   *
   * @param args the cache folder, the call log
   */
  public static void main(String[] args) {
    Infra infra = Infra.builder().backend(Backend.SLURM).folder(Path.of(args[0])).maxJobs(1).build();
    SlurmSleepStep step = SlurmSleepStep.builder().callLog(args[1]).sleepMs(60_000).infra(infra).build();
    step.runMany(List.of(1, 2)).close();
    System.out.println("finished (unexpected)");
  }
}
