package dev.exca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.exca.runtime.Backend;
import dev.exca.runtime.Infra;
import dev.exca.runtime.JobFailedException;
import dev.exca.runtime.Mode;
import dev.exca.runtime.Status;
import dev.exca.runtime.StepFailedException;
import dev.exca.runtime.StepItems;
import dev.exca.runtime.backend.Slurm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLURM backend against a real Slurm (start one with {@code ../shared/slurm/start-local-slurm.sh};
 * {@code .ci/run} does). Skipped, with a message, only where {@code sinfo} is absent and {@code CI}
 * is not {@code true}.
 *
 * <p>Slurm enforces time limits by the minute, so the timeout case needs more than a minute: it
 * starts in {@link #slurm()} and runs while the other cases do; its assertions come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmBackendTest {
  @TempDir static Path shared;
  @TempDir Path folder;

  private static CompletableFuture<Throwable> timeoutRun;
  private static Thread timeoutThread;

  @BeforeAll
  static void slurm() {
    if (!onPath("sinfo")) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but sinfo is not on the PATH: Slurm must run for these tests"
            + " (.ci/run starts it with bash ../shared/slurm/start-local-slurm.sh)");
      }
      String why = "Slurm tests skipped: sinfo is not on the PATH (start a local Slurm with"
          + " ../shared/slurm/start-local-slurm.sh, as root)";
      System.err.println("[SlurmBackendTest] " + why);
      Assumptions.abort(why);
    }
    System.setProperty("exca.slurm.pollMaxSeconds", "1");
    // The slow case first, in the background: item 2 outlives the one-minute time limit.
    SlurmSleepStep step =
        SlurmSleepStep.builder()
            .callLog(shared.resolve("timeout-calls.log").toString())
            .sleepOn(2)
            .longSleepMs(600_000)
            .infra(Infra.builder().backend(Backend.SLURM).folder(shared.resolve("timeout")).maxJobs(1).timeoutMin(1).build())
            .build();
    timeoutRun = new CompletableFuture<>();
    timeoutThread =
        new Thread(
            () -> {
              try {
                list(step.runMany(List.of(1, 2, 3)));
                timeoutRun.complete(null);
              } catch (Throwable e) {
                timeoutRun.complete(e);
              }
            },
            "slurm-timeout-driver");
    timeoutThread.setDaemon(true);
    timeoutThread.start();
  }

  @AfterAll
  static void cleanUp() throws InterruptedException {
    if (timeoutThread != null && timeoutThread.isAlive()) {
      timeoutThread.interrupt(); // cancels its array
      timeoutThread.join(30_000);
    }
    System.clearProperty("exca.slurm.pollMaxSeconds");
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private Infra.Builder slurmInfra(int maxJobs) {
    return Infra.builder().backend(Backend.SLURM).folder(folder.resolve("cache")).maxJobs(maxJobs);
  }

  private static <T> List<T> list(StepItems<T> items) {
    try (items) {
      return items.stream().collect(Collectors.toList());
    }
  }

  private static Map<Integer, Integer> calls(Path log) throws IOException {
    Map<Integer, Integer> counts = new HashMap<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        counts.merge(Integer.parseInt(line.strip()), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static void waitUntil(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("waited " + seconds + " s for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static <T> CompletableFuture<T> background(String name, Supplier<T> driver) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread th =
        new Thread(
            () -> {
              try {
                f.complete(driver.get());
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            },
            name);
    th.setDaemon(true);
    th.start();
    return f;
  }

  private static Throwable failureOf(CompletableFuture<?> f, long seconds) throws Exception {
    try {
      Object v = f.get(seconds, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private static String sh(String... command) throws InterruptedException {
    Slurm.Result r = Slurm.run(List.of(command), null);
    assertTrue(r.ok(), String.join(" ", command) + ": " + r.err());
    return r.out();
  }

  private static String arrayOf(String jobId) {
    assertTrue(jobId.matches("[0-9]+_[0-9]+"), jobId);
    return jobId.substring(0, jobId.indexOf('_'));
  }

  /** The Slurm job of an item once its claim names it (right after sbatch). */
  private static String jobOf(dev.exca.runtime.Step<Integer, ?> step, int x) throws InterruptedException {
    waitUntil("the Slurm job of item " + x, 30, () -> step.lookup(x).job().orElse("").matches("[0-9]+_[0-9]+"));
    return step.lookup(x).job().orElseThrow();
  }

  private static String stateOf(String array, int task) throws InterruptedException {
    Map<Integer, String> states = Slurm.squeue(array, true);
    return states == null ? null : states.get(task);
  }

  @Test
  void arrayOverNineItemsWithThreeJobsKeepsInputOrder() throws Exception {
    Path log = folder.resolve("calls.log");
    SlurmEnvStep step = SlurmEnvStep.builder().callLog(log.toString()).infra(slurmInfra(3).build()).build();
    List<Integer> inputs = List.of(5, 3, 8, 1, 9, 2, 7, 4, 6);
    List<String> out = list(step.runMany(inputs));
    assertEquals(9, out.size());
    Set<String> arrays = new HashSet<>();
    Set<String> jobIds = new HashSet<>();
    for (int p = 0; p < 9; p++) {
      String r = out.get(p);
      // x@<array>_<task>/<job>: computed inside a Slurm job, by the task of its contiguous chunk
      assertTrue(r.matches("[0-9]+@[0-9]+_[0-9]+/[0-9]+"), "computed inside a Slurm job: " + r);
      assertEquals(inputs.get(p), Integer.parseInt(r.substring(0, r.indexOf('@'))), "input order");
      String array = r.substring(r.indexOf('@') + 1, r.indexOf('_'));
      arrays.add(array);
      jobIds.add(r.substring(r.indexOf('/') + 1));
      assertEquals(Integer.toString(p / 3), r.substring(r.indexOf('_') + 1, r.indexOf('/')), r);
      assertEquals(array + "_" + p / 3, step.lookup(inputs.get(p)).job().orElseThrow(), "lookup tells the job");
      assertEquals(Status.SUCCESS, step.lookup(inputs.get(p)).status());
    }
    assertEquals(1, arrays.size(), "one job array per dispatch: " + out);
    assertEquals(3, jobIds.size(), "three array tasks, each its own SLURM_JOB_ID: " + out);
    String array = arrays.iterator().next();

    // one dispatch folder: the script, then per index its task, status and %A_%a logs
    Path logs = folder.resolve("cache").resolve(step.uid()).resolve("logs");
    List<Path> dispatches;
    try (Stream<Path> s = Files.list(logs)) {
      dispatches = s.collect(Collectors.toList());
    }
    assertEquals(1, dispatches.size(), dispatches.toString());
    Path dispatch = dispatches.get(0);
    String script = Files.readString(dispatch.resolve("submit.sh"));
    assertTrue(script.contains("--array=0-2%3"), script);
    assertTrue(script.contains("dev.exca.runtime.worker.WorkerMain --task"), script);
    assertEquals(array, Files.readString(dispatch.resolve("array-id")).strip());
    for (int i = 0; i < 3; i++) {
      Path task = dispatch.resolve(Integer.toString(i));
      assertTrue(Files.exists(task.resolve("task.json")), task.toString());
      assertTrue(Files.readString(task.resolve("status.json")).contains("COMPLETED"), task.toString());
      assertTrue(Files.exists(task.resolve(array + "_" + i + ".out")), task.toString());
      assertTrue(Files.exists(task.resolve(array + "_" + i + ".err")), task.toString());
    }

    // the three state sources agree (sacct may lag behind the controller a little)
    assertEquals(Map.of(), Slurm.squeue(array), "nothing queued or running");
    assertEquals(Map.of(0, "COMPLETED", 1, "COMPLETED", 2, "COMPLETED"), Slurm.squeue(array, true));
    assertEquals(Map.of(0, "COMPLETED", 1, "COMPLETED", 2, "COMPLETED"), Slurm.scontrol(array));
    if (Slurm.sacct(array) != null) {
      waitUntil("sacct to record the array", 30, () -> {
        try {
          return Map.of(0, "COMPLETED", 1, "COMPLETED", 2, "COMPLETED").equals(Slurm.sacct(array));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
    }

    // a second run reads the cache and submits nothing
    assertEquals(out, list(step.runMany(inputs)));
    calls(log).forEach((k, v) -> assertEquals(1, v, "item " + k + " computed " + v + " times"));
    try (Stream<Path> s = Files.list(logs)) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void failingTaskRaisesTheUserExceptionAndKeepsTheOtherItems() throws Exception {
    Path log = folder.resolve("calls.log");
    SlurmSleepStep failing = SlurmSleepStep.builder().callLog(log.toString()).failOn(5).infra(slurmInfra(3).build()).build();
    List<Integer> inputs = List.of(1, 2, 3, 4, 5, 6); // tasks: [1, 2] [3, 4] [5, 6]
    JobFailedException e = assertThrows(JobFailedException.class, () -> list(failing.runMany(inputs)));
    assertInstanceOf(StepFailedException.class, e);
    assertEquals(IllegalArgumentException.class.getName(), e.errorType());
    assertTrue(e.getMessage().contains("no slurm square for 5"), e.getMessage());
    assertTrue(e.jobId().matches("[0-9]+_2"), e.jobId());
    assertTrue(e.getMessage().contains(e.jobId()) && e.getMessage().contains(e.logFolder().toString()), e.getMessage());
    assertTrue(e.getCause().getMessage().contains("no slurm square for 5"), "the worker's stack trace");
    for (int x : List.of(1, 2, 3, 4)) {
      assertEquals(Status.SUCCESS, failing.lookup(x).status(), "item " + x);
    }
    assertEquals(Status.ERROR, failing.lookup(5).status());
    assertEquals(Status.MISSING, failing.lookup(6).status(), "fail fast inside the task");

    StepFailedException cached = assertThrows(StepFailedException.class, () -> failing.run(5));
    assertTrue(cached.fromCache());
    assertEquals(IllegalArgumentException.class.getName(), cached.errorType());

    SlurmSleepStep fixed =
        SlurmSleepStep.builder().callLog(log.toString()).infra(slurmInfra(3).mode(Mode.RETRY).build()).build();
    assertEquals(List.of(1, 4, 9, 16, 25, 36), list(fixed.runMany(inputs)));
    assertEquals(Map.of(1, 1, 2, 1, 3, 1, 4, 1, 5, 2, 6, 1), calls(log), "the rerun computes only the rest");
  }

  @Test
  void cancelledJobSurfacesAsCancelledAndARerunComputesTheRest() throws Exception {
    Path log = folder.resolve("calls.log");
    SlurmSleepStep slow = SlurmSleepStep.builder().callLog(log.toString()).sleepMs(1500).infra(slurmInfra(2).build()).build();
    List<Integer> inputs = List.of(1, 2, 3, 4, 5, 6); // tasks: [1, 2, 3] [4, 5, 6]
    CompletableFuture<List<Integer>> run = background("slurm-cancel-driver", () -> list(slow.runMany(inputs)));
    waitUntil("item 1 to be cached", 60, () -> slow.lookup(1).status() == Status.SUCCESS);
    assertEquals(Status.RUNNING, slow.lookup(3).status(), "claimed while its job runs");
    String job = jobOf(slow, 3);
    assertTrue(job.endsWith("_0"), job);
    sh("scancel", arrayOf(job));

    Throwable e = failureOf(run, 60);
    JobFailedException failed = assertInstanceOf(JobFailedException.class, e);
    assertTrue(failed.getMessage().contains("CANCELLED"), failed.getMessage());
    assertTrue(failed.jobId().startsWith(arrayOf(job) + "_"), failed.jobId());
    assertTrue(failed.getMessage().contains("run again to compute the rest"), failed.getMessage());
    Set<Integer> done = new HashSet<>();
    for (int x : inputs) {
      if (slow.lookup(x).status() == Status.SUCCESS) {
        done.add(x);
      }
      assertFalse(slow.lookup(x).status() == Status.RUNNING, "claims are released");
    }
    assertTrue(done.contains(1) && done.size() < 6, done.toString());

    SlurmSleepStep fast = SlurmSleepStep.builder().callLog(log.toString()).infra(slurmInfra(2).build()).build();
    assertEquals(List.of(1, 4, 9, 16, 25, 36), list(fast.runMany(inputs)));
    Map<Integer, Integer> calls = calls(log);
    for (int x : done) {
      assertEquals(1, calls.get(x), "item " + x + " was cached before the cancel: " + calls);
    }
  }

  @Test
  void interruptingTheDriverCancelsItsArray() throws Exception {
    Path log = folder.resolve("calls.log");
    SlurmSleepStep slow = SlurmSleepStep.builder().callLog(log.toString()).sleepMs(60_000).infra(slurmInfra(1).build()).build();
    List<Throwable> failure = new ArrayList<>();
    Thread driver =
        new Thread(
            () -> {
              try {
                list(slow.runMany(List.of(1, 2)));
              } catch (Throwable e) {
                failure.add(e);
              }
            },
            "slurm-interrupted-driver");
    driver.start();
    waitUntil("the job to start item 1", 60, () -> Files.exists(log));
    String job = jobOf(slow, 1);
    assertEquals(Status.RUNNING, slow.lookup(1).status());
    driver.interrupt();
    driver.join(30_000);
    assertFalse(driver.isAlive());
    assertEquals(1, failure.size());
    assertTrue(failure.get(0).getMessage().contains("interrupted") && failure.get(0).getMessage().contains("cancelled"),
        failure.get(0).getMessage());
    waitUntil("the array task to be CANCELLED", 30, () -> {
      try {
        return "CANCELLED".equals(stateOf(arrayOf(job), 0));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(Status.MISSING, slow.lookup(1).status(), "nothing cached, claims released");
    assertEquals(job, slow.lookup(1).job().orElseThrow(), "the job record stays");
  }

  @Test
  void endingTheDriverJvmCancelsItsArray() throws Exception {
    Path cache = folder.resolve("cache");
    Path log = folder.resolve("calls.log");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SlurmDriverMain.class.getName(),
            cache.toString(),
            log.toString());
    Process child =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(folder.resolve("driver.log").toFile()).start();
    try {
      SlurmSleepStep same = SlurmSleepStep.builder().infra(slurmInfra(1).build()).build();
      waitUntil("the child's job to start item 1", 60, () -> Files.exists(log));
      String job = jobOf(same, 1);
      assertEquals(Status.RUNNING, same.lookup(2).status(), "claimed by the child's array task");
      child.destroy(); // SIGTERM: the JVM runs its shutdown hooks
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      waitUntil("the array task to be CANCELLED", 30, () -> {
        try {
          return "CANCELLED".equals(stateOf(arrayOf(job), 0));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      assertTrue(Files.readString(folder.resolve("driver.log")).contains("cancelling Slurm job arrays"),
          Files.readString(folder.resolve("driver.log")));
      waitUntil("the claim to die with the job", 10, () -> same.lookup(2).status() == Status.MISSING);
    } finally {
      child.destroyForcibly();
    }
  }

  @Test
  void aKilledDriversArrayKeepsItsClaimsAndClearCacheCancelsIt() throws Exception {
    Path cache = folder.resolve("cache");
    Path log = folder.resolve("calls.log");
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SlurmDriverMain.class.getName(),
            cache.toString(),
            log.toString());
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(folder.resolve("driver.log").toFile()).start();
    String job = null;
    try {
      SlurmSleepStep same = SlurmSleepStep.builder().infra(slurmInfra(1).build()).build();
      waitUntil("the child's job to start item 1", 60, () -> Files.exists(log));
      job = jobOf(same, 2);
      child.destroyForcibly(); // SIGKILL: no shutdown hook, the array runs on
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      assertEquals("RUNNING", stateOf(arrayOf(job), 0));
      assertEquals(Status.RUNNING, same.lookup(2).status(), "the claim lives as long as its Slurm job");
      assertEquals(job, same.lookup(2).job().orElseThrow());

      same.lookup(1).clearCache(); // exca cancels the job computing a cleared item
      String cancelled = job;
      waitUntil("the array task to be CANCELLED", 30, () -> {
        try {
          return "CANCELLED".equals(stateOf(arrayOf(cancelled), 0));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      waitUntil("the claim to die with its job", 10, () -> same.lookup(2).status() == Status.MISSING);
    } finally {
      child.destroyForcibly();
      if (job != null) {
        Slurm.cancel(List.of(arrayOf(job)));
      }
    }
  }

  @Test
  void requeuedTaskNeitherDuplicatesNorLosesItems() throws Exception {
    Path log = folder.resolve("calls.log");
    SlurmSleepStep slow = SlurmSleepStep.builder().callLog(log.toString()).sleepMs(1000).infra(slurmInfra(1).build()).build();
    List<Integer> inputs = List.of(1, 2, 3, 4);
    CompletableFuture<List<Integer>> run = background("slurm-requeue-driver", () -> list(slow.runMany(inputs)));
    waitUntil("items 1 and 2 to be cached", 60, () -> slow.lookup(2).status() == Status.SUCCESS);
    String job = jobOf(slow, 1);
    sh("scontrol", "requeue", job);
    // Slurm holds a requeued job back for a while (BeginTime); let it start again, but only once
    // the node has finished cleaning up the first attempt: starting it at once can make the new
    // attempt fail at launch (exit 1, no output), which is Slurm's race, not the one under test.
    long[] pendingSince = {0};
    waitUntil("the requeued task to run again", 60, () -> {
      try {
        String state = stateOf(arrayOf(job), 0);
        if ("PENDING".equals(state)) {
          if (pendingSince[0] == 0) {
            pendingSince[0] = System.nanoTime();
          } else if (System.nanoTime() - pendingSince[0] > 3_000_000_000L) {
            Slurm.run(List.of("scontrol", "update", "JobId=" + job, "StartTime=now"), null);
          }
        }
        return Files.readAllLines(log).size() > 4 || run.isDone();
      } catch (InterruptedException | IOException e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(List.of(1, 4, 9, 16), run.get(60, TimeUnit.SECONDS));
    Map<Integer, Integer> calls = calls(log);
    assertEquals(1, calls.get(1), calls.toString());
    assertEquals(1, calls.get(2), "cached before the requeue, skipped after it: " + calls);
    for (int x : inputs) {
      assertTrue(calls.get(x) >= 1 && calls.get(x) <= 2, calls.toString());
    }
    Path err;
    try (Stream<Path> s = Files.walk(folder.resolve("cache").resolve(slow.uid()).resolve("logs"))) {
      err = s.filter(p -> p.getFileName().toString().equals(job + ".err")).findFirst().orElseThrow();
    }
    assertTrue(Files.readString(err).contains("DUE TO JOB REQUEUE"), "both runs log to the same file: " + Files.readString(err));
  }

  @Test
  void settingsAreForwardedToSbatch() throws Exception {
    Infra infra =
        slurmInfra(2)
            .jobName("exca-it-settings")
            .cpusPerTask(2)
            .memGb(1.5)
            .timeoutMin(7)
            .nodes(1)
            .tasksPerNode(1)
            .partition("debug")
            .useSrun(true)
            .additionalParameters(Map.of("comment", "exca it settings"))
            .build();
    SlurmEnvStep step = SlurmEnvStep.builder().infra(infra).build();
    List<String> out = list(step.runMany(List.of(1, 2)));
    String job = step.lookup(1).job().orElseThrow();
    assertTrue(out.get(0).startsWith("1@" + job + "/"), out.toString());
    String show = sh("scontrol", "show", "job", "-o", job);
    for (String expected :
        List.of(
            "JobName=exca-it-settings ", "CPUs/Task=2 ", "MinMemoryNode=1.50G ", "TimeLimit=00:07:00 ",
            "Comment=exca it settings ", "Partition=debug ", "NumNodes=1 ", "NtasksPerN:B:S:C=1:")) {
      assertTrue(show.contains(expected), expected + " in " + show);
    }
    Path dispatch;
    try (Stream<Path> s = Files.list(folder.resolve("cache").resolve(step.uid()).resolve("logs"))) {
      dispatch = s.findFirst().orElseThrow();
    }
    String script = Files.readString(dispatch.resolve("submit.sh"));
    assertTrue(script.contains("exec srun --unbuffered "), script);
    assertTrue(script.contains("-XX:MaxRAM=1536m"), script);
    assertTrue(script.contains("'--comment=exca it settings'"), script);
  }

  @Test
  void sbatchRefusalIsAClearErrorAndReleasesTheClaims() {
    SlurmEnvStep step = SlurmEnvStep.builder().infra(slurmInfra(2).partition("no-such-partition").build()).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> list(step.runMany(List.of(1, 2))));
    assertTrue(e.getMessage().contains("sbatch refused") && e.getMessage().contains("partition"), e.getMessage());
    assertEquals(Status.MISSING, step.lookup(1).status());
    IllegalArgumentException reserved =
        assertThrows(
            IllegalArgumentException.class,
            () -> list(SlurmEnvStep.builder().infra(slurmInfra(2).additionalParameters(Map.of("array", "0-9")).build()).build()
                .runMany(List.of(1))));
    assertTrue(reserved.getMessage().contains("--array"), reserved.getMessage());
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it started in slurm() and ran meanwhile
  void timeoutSurfacesAsTimeoutAndKeepsEarlierItems() throws Exception {
    Throwable e = timeoutRun.get(180, TimeUnit.SECONDS);
    JobFailedException failed = assertInstanceOf(JobFailedException.class, e);
    assertTrue(failed.getMessage().contains("ended TIMEOUT"), failed.getMessage());
    assertTrue(failed.getMessage().contains("timeoutMin"), failed.getMessage());
    assertTrue(failed.getMessage().contains("DUE TO TIME LIMIT"), "the tail of the error log: " + failed.getMessage());
    assertTrue(failed.jobId().matches("[0-9]+_0"), failed.jobId());
    assertEquals(List.of("2-", "3-"), failed.itemUids().stream().map(u -> u.substring(0, 2)).collect(Collectors.toList()));
    SlurmSleepStep step =
        SlurmSleepStep.builder().infra(Infra.builder().backend(Backend.SLURM).folder(shared.resolve("timeout")).build()).build();
    assertEquals(Status.SUCCESS, step.lookup(1).status());
    assertEquals(Status.MISSING, step.lookup(2).status());
  }
}
