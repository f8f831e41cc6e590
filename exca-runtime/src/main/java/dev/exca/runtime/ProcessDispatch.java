package dev.exca.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exca.runtime.backend.Progress;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PROCESS_POOL and LOCAL_PROCESS backends: pending items are split into jobs, each written as a
 * task file under {@code {step folder}/logs/{job id}/}, and computed by worker JVMs started with
 * this JVM's classpath; the workers write into the shared cache and the driver reads results back
 * from it. LOCAL_PROCESS starts one JVM per job; PROCESS_POOL keeps long-lived workers.
 */
final class ProcessDispatch {
  private static final AtomicInteger JOB_SEQ = new AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();

  private ProcessDispatch() {}

  static void run(Engine.Target t, Carrier input, CompactUids pending, Mode mode) {
    String kind = t.infra().backend() == Backend.LOCAL_PROCESS ? "local" : "pool";
    Engine.Claimed claimed = Engine.claim(t, pending, mode, kind + "-" + PID);
    try (dev.exca.runtime.backend.Claims claims = claimed.claims()) {
      CompactUids mine = claimed.uids();
      if (mine.isEmpty()) {
        return;
      }
      Engine.prepareRecompute(t, t.cache(), mine, mode);
      List<CompactUids> chunks = Engine.jobs(t, mine);
      // Steps are encoded (and checked) once; each task is written just before its job starts, so
      // that workers start computing while later tasks are still being written.
      WorkerTasks.Specs specs = WorkerTasks.specs(t, input);
      List<Job> jobs = new ArrayList<>();
      for (CompactUids chunk : chunks) {
        String id = kind + "-" + PID + "-" + JOB_SEQ.incrementAndGet();
        Path folder = t.stepFolder().resolve("logs").resolve(id);
        jobs.add(new Job(id, folder, folder.resolve(WorkerTasks.TASK), chunk, () -> {
          try {
            WorkerTasks.write(folder, id, t, input, chunk, specs);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task of job " + id + " in " + folder, e);
          }
        }));
      }
      Progress progress = new Progress(t.last().stepDescriptor().name(), mine.size());
      if (t.infra().backend() == Backend.LOCAL_PROCESS) {
        runLocal(jobs, progress);
      } else {
        WorkerPool.shared().runAll(jobs, progress);
      }
      for (Job job : jobs) {
        check(t, job);
      }
    }
  }

  /** One job: its id, log folder, task file, items, and how to write its task. */
  record Job(String id, Path folder, Path task, List<String> uids, Runnable writeTask) {}

  private static void runLocal(List<Job> jobs, Progress progress) {
    List<Process> processes = new ArrayList<>();
    try {
      for (Job job : jobs) {
        job.writeTask().run();
        ProcessBuilder pb = new ProcessBuilder(WorkerPool.command("--task", job.task().toString()));
        pb.redirectOutput(job.folder().resolve("stdout.log").toFile());
        pb.redirectError(job.folder().resolve("stderr.log").toFile());
        processes.add(pb.start());
      }
      for (int i = 0; i < processes.size(); i++) {
        processes.get(i).waitFor();
        progress.advance(jobs.get(i).uids().size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a worker JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for worker JVMs", e);
    } finally {
      for (Process p : processes) {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** Raises the failure of a job: the worker's recorded error, or its death. */
  private static void check(Engine.Target t, Job job) {
    JsonNode status = WorkerTasks.status(job.folder());
    if (status != null && "COMPLETED".equals(status.path("state").asText())) {
      return;
    }
    List<String> unfinished = WorkerTasks.unfinished(t, job.uids());
    if (status == null) {
      throw new JobFailedException(
          "job " + job.id() + " of step " + t.last().stepDescriptor().name() + " died before finishing "
              + unfinished.size() + " of " + job.uids().size()
              + " items (no status written: killed, out of memory or crashed)"
              + "\n  step: " + t.path() + "\n  logs: " + job.folder()
              + "\n  items it completed stay cached; run again to compute the rest",
          t.path(), unfinished, JobFailedException.class.getName(), job.id(), job.folder(), null);
    }
    throw WorkerTasks.reportedFailure(t, status, "job " + job.id(), job.id(), job.folder(), unfinished, "");
  }

  /** Long-lived worker JVMs shared by every PROCESS_POOL dispatch of this JVM. */
  static final class WorkerPool {
    private static WorkerPool shared;
    private final BlockingQueue<Worker> idle;
    private final int size;
    private final AtomicInteger started = new AtomicInteger();

    private WorkerPool(int size) {
      this.size = size;
      this.idle = new ArrayBlockingQueue<>(size);
    }

    static synchronized WorkerPool shared() {
      if (shared == null) {
        shared = new WorkerPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.shutdown(), "exca-pool-shutdown"));
      }
      return shared;
    }

    static List<String> command(String... args) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-XX:+UseSerialGC");
      String extra = System.getProperty("exca.worker.jvmArgs", "");
      for (String a : extra.split("\\s+")) {
        if (!a.isEmpty()) {
          cmd.add(a);
        }
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("dev.exca.runtime.worker.WorkerMain");
      cmd.addAll(List.of(args));
      return cmd;
    }

    /** Runs jobs on up to {@code size} workers, starting workers as needed. */
    void runAll(List<Job> jobs, Progress progress) {
      BlockingQueue<Job> queue = new ArrayBlockingQueue<>(jobs.size(), false, jobs);
      int n = Math.min(size, jobs.size());
      List<Thread> feeders = new ArrayList<>();
      List<RuntimeException> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int i = 0; i < n; i++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    Job job;
                    while ((job = queue.poll()) != null) {
                      job.writeTask().run();
                      Worker w = take();
                      boolean alive = w.run(job);
                      progress.advance(job.uids().size());
                      if (alive) {
                        idle.offer(w);
                      } else {
                        started.decrementAndGet();
                      }
                    }
                  } catch (RuntimeException e) {
                    errors.add(e);
                  }
                },
                "exca-pool-feeder-" + i);
        th.setDaemon(true);
        th.start();
        feeders.add(th);
      }
      for (Thread th : feeders) {
        try {
          th.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for pool workers", e);
        }
      }
      if (!errors.isEmpty()) {
        throw errors.get(0);
      }
    }

    private Worker take() {
      Worker w = idle.poll();
      if (w != null) {
        return w;
      }
      if (started.incrementAndGet() <= size) {
        return Worker.start();
      }
      started.decrementAndGet();
      try {
        return idle.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a pool worker", e);
      }
    }

    synchronized void shutdown() {
      Worker w;
      while ((w = idle.poll()) != null) {
        w.stop();
      }
    }
  }

  /** One long-lived worker JVM speaking the {@code --serve} protocol. */
  private static final class Worker {
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private Worker(Process process) {
      this.process = process;
      this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Worker start() {
      try {
        ProcessBuilder pb = new ProcessBuilder(WorkerPool.command("--serve"));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return new Worker(pb.start());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start a pool worker JVM", e);
      }
    }

    /** Runs a job; false when the worker died (its status file then tells nothing). */
    boolean run(Job job) {
      try {
        in.write(job.task().toString());
        in.newLine();
        in.flush();
        String line = out.readLine();
        return line != null && line.startsWith("done ");
      } catch (IOException e) {
        return false; // the worker died; the job's status file (or its absence) tells the rest
      }
    }

    void stop() {
      try {
        in.close();
        process.waitFor(2, TimeUnit.SECONDS);
      } catch (IOException e) {
        // closing stdin of a dead worker
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
    }
  }
}
