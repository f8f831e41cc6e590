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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Steps used by the backend tests: they tell where they ran and log their calls to a file. */
public final class ItOps {
  /** Holds back items ≥ 100 in {@link #gated} until released (thread pool streaming test). */
  static volatile CountDownLatch gate = new CountDownLatch(0);

  private ItOps() {}

  /** Where an item was computed: {@code <pid>/<thread name>}. */
  @Step
  static String where(@ExcludeFromUid @Default("") String callLog, @ExcludeFromUid @Default("0") int sleepMs, @Item int x)
      throws IOException, InterruptedException {
    log(callLog, x);
    if (sleepMs > 0) {
      Thread.sleep((x * 7919L) % sleepMs);
    }
    return ProcessHandle.current().pid() + "/" + Thread.currentThread().getName();
  }

  /** {@code x * x}, failing on {@code failOn}, killing its own JVM with SIGKILL on {@code killOn}. */
  @Step
  static double square(
      @ExcludeFromUid @Default("") String callLog,
      @ExcludeFromUid @Default("-1") int failOn,
      @ExcludeFromUid @Default("-1") int killOn,
      @Item int x)
      throws IOException, InterruptedException {
    if (x == killOn) {
      new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
      Thread.sleep(10_000);
    }
    if (x == failOn) {
      throw new IllegalArgumentException("no square for " + x);
    }
    log(callLog, x);
    return (double) x * x;
  }

  /** Adds one; items ≥ 100 wait for {@link #gate}. */
  @Step
  static int gated(@Item int x) throws InterruptedException {
    if (x >= 100 && !gate.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gate never opened");
    }
    return x + 1;
  }

  /** Doubles. */
  @Step
  static double twice(@Item double x) {
    return 2 * x;
  }

  /** The pid that computed an item, plus the item (to check chain inputs). */
  @Step
  static String pidOf(@Item double x) {
    return ProcessHandle.current().pid() + ":" + x;
  }

  private static void log(String callLog, int x) throws IOException {
    if (!callLog.isEmpty()) {
      Files.writeString(
          Path.of(callLog), x + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
