package dev.exca.it;

import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Steps of the Slurm backend tests: they tell which Slurm job computed them and log their calls. */
public final class SlurmOps {
  private SlurmOps() {}

  /**
   * {@code <x>@<array job>_<array task>/<job id>}, from the Slurm variables of the job that
   * computes the item ({@code -} when unset: not inside a job).
   */
  @Step
  static String slurmEnv(@ExcludeFromUid @Default("") String callLog, @Item int x) throws IOException {
    log(callLog, x);
    return x + "@" + env("SLURM_ARRAY_JOB_ID") + "_" + env("SLURM_ARRAY_TASK_ID") + "/" + env("SLURM_JOB_ID");
  }

  /**
   * {@code x * x} after logging the call and sleeping {@code sleepMs}; fails on {@code failOn};
   * sleeps {@code longSleepMs} instead on {@code sleepOn}.
   */
  @Step
  static int slurmSleep(
      @ExcludeFromUid @Default("") String callLog,
      @ExcludeFromUid @Default("0") int sleepMs,
      @ExcludeFromUid @Default("-1") int failOn,
      @ExcludeFromUid @Default("-1") int sleepOn,
      @ExcludeFromUid @Default("0") int longSleepMs,
      @Item int x)
      throws IOException, InterruptedException {
    log(callLog, x);
    Thread.sleep(x == sleepOn ? longSleepMs : sleepMs);
    if (x == failOn) {
      throw new IllegalArgumentException("no slurm square for " + x);
    }
    return x * x;
  }

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? "-" : v;
  }

  private static void log(String callLog, int x) throws IOException {
    if (!callLog.isEmpty()) {
      Files.writeString(
          Path.of(callLog), x + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
