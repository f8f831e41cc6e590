package dev.exca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.Backend;
import dev.exca.runtime.Chain;
import dev.exca.runtime.Infra;
import dev.exca.runtime.JobFailedException;
import dev.exca.runtime.Status;
import dev.exca.runtime.StepFailedException;
import dev.exca.runtime.StepItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {
  @TempDir Path folder;

  private Infra infra(Backend backend, int maxJobs) {
    return Infra.builder().backend(backend).folder(folder.resolve("cache")).maxJobs(maxJobs).build();
  }

  private static <T> List<T> list(StepItems<T> items) {
    try (items) {
      return items.stream().collect(Collectors.toList());
    }
  }

  private Map<Integer, Integer> calls(Path log) throws IOException {
    Map<Integer, Integer> counts = new HashMap<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        counts.merge(Integer.parseInt(line.strip()), 1, Integer::sum);
      }
    }
    return counts;
  }

  private static final long PID = ProcessHandle.current().pid();

  @Test
  void threadPoolKeepsInputOrderAndUsesWorkerThreads() {
    WhereStep step = WhereStep.builder().sleepMs(20).infra(infra(Backend.THREAD_POOL, 4)).build();
    List<Integer> inputs = List.of(9, 3, 7, 1, 8, 2, 6, 4, 5, 3);
    List<String> out = list(step.runMany(inputs));
    assertEquals(inputs.size(), out.size());
    for (String where : out) {
      assertTrue(where.startsWith(PID + "/exca-Where-"), where);
    }
    assertEquals(out.get(1), out.get(9), "duplicates read one entry");
    assertTrue(out.stream().map(w -> w.split("/")[1]).distinct().count() > 1, "more than one worker thread: " + out);
    // a fresh step reads the same results back from the cache, in the same order
    assertEquals(out, list(WhereStep.builder().sleepMs(20).infra(Infra.cached(folder.resolve("cache"))).build().runMany(inputs)));
  }

  @Test
  void threadPoolStreamsFirstResultsBeforeTheLastJobEnds() {
    ItOps.gate = new CountDownLatch(1);
    try {
      GatedStep step = GatedStep.builder().infra(infra(Backend.THREAD_POOL, 2)).build();
      try (StepItems<Integer> items = step.runMany(List.of(1, 2, 100, 101))) {
        Iterator<Integer> it = items.iterator();
        assertEquals(2, it.next(), "readable while the second job is blocked");
        assertEquals(3, it.next());
        assertEquals(Status.RUNNING, step.lookup(100).status(), "claimed by this driver's live job");
        ItOps.gate.countDown();
        assertEquals(101, it.next());
        assertEquals(102, it.next());
      }
    } finally {
      ItOps.gate.countDown();
    }
  }

  @Test
  void threadPoolErrorsNameTheStep() {
    SquareStep step = SquareStep.builder().failOn(3).infra(infra(Backend.THREAD_POOL, 2)).build();
    StepFailedException e = assertThrows(StepFailedException.class, () -> list(step.runMany(List.of(1, 2, 3, 4))));
    assertTrue(e.getMessage().contains("Square"), e.getMessage());
    assertEquals(IllegalArgumentException.class.getName(), e.errorType());
    assertEquals(Status.ERROR, step.lookup(3).status());
  }

  @Test
  void processPoolComputesInOtherJvmsInInputOrder() throws IOException {
    Infra infra = infra(Backend.PROCESS_POOL, 3);
    WhereStep step = WhereStep.builder().sleepMs(5).infra(infra).build();
    List<Integer> inputs = IntStream.rangeClosed(1, 9).map(i -> 10 - i).boxed().collect(Collectors.toList());
    List<String> out = list(step.runMany(inputs));
    Set<String> pids = new HashSet<>();
    for (String where : out) {
      String pid = where.split("/")[0];
      assertNotEquals(Long.toString(PID), pid, where);
      pids.add(pid);
    }
    assertTrue(pids.size() >= 2, "pool workers used: " + pids);
    assertEquals(out, list(WhereStep.builder().sleepMs(5).infra(Infra.cached(folder.resolve("cache"))).build().runMany(inputs)));
    Path logs = folder.resolve("cache").resolve(step.uid()).resolve("logs");
    try (Stream<Path> jobs = Files.list(logs)) {
      List<Path> jobFolders = jobs.collect(Collectors.toList());
      assertEquals(3, jobFolders.size(), "min(maxJobs, n) jobs");
      for (Path job : jobFolders) {
        assertTrue(Files.exists(job.resolve("task.json")), job.toString());
        assertTrue(Files.exists(job.resolve("stdout.log")), job.toString());
        assertTrue(Files.exists(job.resolve("stderr.log")), job.toString());
        assertTrue(Files.readString(job.resolve("status.json")).contains("COMPLETED"), job.toString());
      }
    }
  }

  @Test
  void localProcessStartsOneJvmPerJob() {
    WhereStep step = WhereStep.builder().infra(infra(Backend.LOCAL_PROCESS, 3)).build();
    List<String> out = list(step.runMany(List.of(1, 2, 3, 4, 5, 6)));
    Set<String> pids = out.stream().map(w -> w.split("/")[0]).collect(Collectors.toSet());
    assertEquals(3, pids.size(), "one JVM per job: " + out);
    assertTrue(!pids.contains(Long.toString(PID)));
    assertEquals(out.get(0).split("/")[0], out.get(1).split("/")[0], "contiguous chunks share a job");
  }

  @Test
  void workerErrorsAreRecordedAndRaised() {
    SquareStep step = SquareStep.builder().failOn(4).infra(infra(Backend.LOCAL_PROCESS, 2)).build();
    StepFailedException e = assertThrows(StepFailedException.class, () -> list(step.runMany(List.of(1, 2, 3, 4))));
    assertEquals(IllegalArgumentException.class.getName(), e.errorType());
    assertTrue(e.getMessage().contains("no square for 4"), e.getMessage());
    assertTrue(e.getMessage().contains("logs"), e.getMessage());
    assertEquals(Status.SUCCESS, step.lookup(1).status());
    assertEquals(Status.ERROR, step.lookup(4).status());
    StepFailedException again = assertThrows(StepFailedException.class, () -> step.run(4));
    assertTrue(again.fromCache());
  }

  @Test
  void killedWorkerLeavesCompletedItemsAndRerunComputesTheRest() throws IOException {
    Path log = folder.resolve("calls.log");
    Infra infra = infra(Backend.LOCAL_PROCESS, 1);
    SquareStep killer = SquareStep.builder().callLog(log.toString()).killOn(3).infra(infra).build();
    JobFailedException e =
        assertThrows(JobFailedException.class, () -> list(killer.runMany(List.of(1, 2, 3, 4, 5))));
    assertTrue(e.getMessage().contains("died"), e.getMessage());
    assertTrue(Files.isDirectory(e.logFolder()), e.logFolder().toString());
    assertTrue(e.getMessage().contains(e.logFolder().toString()));
    assertEquals(Map.of(1, 1, 2, 1), calls(log));
    SquareStep fixed = SquareStep.builder().callLog(log.toString()).infra(infra(Backend.LOCAL_PROCESS, 1)).build();
    assertEquals(List.of(1.0, 4.0, 9.0, 16.0, 25.0), list(fixed.runMany(List.of(1, 2, 3, 4, 5))));
    assertEquals(Map.of(1, 1, 2, 1, 3, 1, 4, 1, 5, 1), calls(log), "only the rest is computed");
  }

  @Test
  void twoConcurrentDriversComputeEachItemOnce() throws Exception {
    Path log = folder.resolve("calls.log");
    List<Integer> first = IntStream.range(0, 12).boxed().collect(Collectors.toList());
    List<Integer> second = IntStream.range(6, 18).boxed().collect(Collectors.toList());
    ExecutorService drivers = Executors.newFixedThreadPool(2);
    try {
      Future<List<Double>> a =
          drivers.submit(() -> list(SquareStep.builder().callLog(log.toString()).infra(infra(Backend.LOCAL_PROCESS, 2)).build().runMany(first)));
      Future<List<Double>> b =
          drivers.submit(() -> list(SquareStep.builder().callLog(log.toString()).infra(infra(Backend.PROCESS_POOL, 2)).build().runMany(second)));
      assertEquals(first.stream().map(i -> (double) i * i).collect(Collectors.toList()), a.get());
      assertEquals(second.stream().map(i -> (double) i * i).collect(Collectors.toList()), b.get());
    } finally {
      drivers.shutdownNow();
    }
    Map<Integer, Integer> counts = calls(log);
    assertEquals(18, counts.size(), counts.toString());
    counts.forEach((k, v) -> assertEquals(1, v, "item " + k + " computed " + v + " times"));
  }

  @Test
  void chainWithAProcessBackendOnItsMiddleStep() {
    Path cache = folder.resolve("cache");
    Chain<Double, String> chain =
        TwiceStep.create()
            .then(TwiceStep.create().withInfra(Infra.builder().backend(Backend.PROCESS_POOL).folder(cache).build()))
            .then(PidOfStep.create())
            .withInfra(Infra.cached(cache));
    List<String> out = list(chain.runMany(List.of(1.0, 2.0, 3.0)));
    assertEquals(List.of(PID + ":4.0", PID + ":8.0", PID + ":12.0"), out, "last step inline in the driver");
    List<Double> middle =
        list(TwiceStep.create().then(TwiceStep.create().withInfra(Infra.cached(cache))).runMany(List.of(1.0, 2.0, 3.0)));
    assertEquals(List.of(4.0, 8.0, 12.0), middle, "the middle step's entries were written by the pool");
  }

  @Test
  void infraFromExcaKeys() {
    Infra infra = Infra.fromMap(Map.of("backend", "ProcessPool", "max_jobs", 4, "folder", folder.toString()));
    assertEquals(Backend.PROCESS_POOL, infra.backend());
    assertEquals(4, infra.maxJobs());
    assertEquals(folder, infra.folder());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Infra.fromMap(Map.of("backend", "Nope")));
    assertTrue(e.getMessage().contains("Nope"));
    IllegalArgumentException key =
        assertThrows(IllegalArgumentException.class, () -> Infra.fromMap(Map.of("max_jobz", 4)));
    assertTrue(key.getMessage().contains("max_jobz"));
    List<String> unused = new ArrayList<>();
    assertTrue(unused.isEmpty());
  }
}
