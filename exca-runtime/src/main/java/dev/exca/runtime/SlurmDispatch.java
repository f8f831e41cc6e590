package dev.exca.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exca.runtime.backend.Claims;
import dev.exca.runtime.backend.JobRecords;
import dev.exca.runtime.backend.Progress;
import dev.exca.runtime.backend.Slurm;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SLURM backend: one {@code sbatch} job array per dispatch. Pending items are claimed, split
 * into chunks, and each chunk written as the task of one array index under {@code {step
 * folder}/logs/{dispatch}/{index}/task.json}; every array task runs the worker entry point with
 * this JVM's java and classpath (both must be on a filesystem the nodes share, like the cache),
 * writes into the shared cache, and the driver reads results back from it once every task ended.
 *
 * <p>The driver polls {@code squeue} with backoff; the final states of tasks it no longer lists come
 * from {@code sacct}, or {@code scontrol} where accounting is off or lags behind. Interrupting
 * the waiting thread, or ending the JVM, cancels the array with {@code scancel}.
 */
final class SlurmDispatch {
  /** Looked up on first use: the first logger of a JVM starts its logging system (~25 ms). */
  private static final class Log {
    static final System.Logger LOG = System.getLogger("dev.exca.runtime");
  }
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final long PID = ProcessHandle.current().pid();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
  /** Arrays this JVM waits for: cancelled by the shutdown hook. */
  private static final Set<String> WAITING = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger HOOK = new AtomicInteger();
  private static final long POLL_MIN_MS = 250;
  /** Gives up when Slurm cannot be asked for this long in a row. */
  private static final long UNREACHABLE_MS = 10 * 60_000L;
  /** A task that no Slurm command knows any more and that wrote no status is declared lost. */
  private static final long VANISHED_MS = 120_000L;
  private static final int LOG_TAIL_LINES = 20;
  /** Options exca sets itself; additionalParameters may not override them. */
  private static final Set<String> RESERVED = Set.of("array", "output", "error", "parsable", "open-mode", "wrap");

  private SlurmDispatch() {}

  static void run(Engine.Target t, Carrier input, CompactUids pending, Mode mode) {
    String name = t.last().stepDescriptor().name();
    if (!Slurm.available()) {
      throw new IllegalStateException(
          "step " + t.path() + " has backend SLURM but sbatch/squeue are not on the PATH of this machine;"
              + " run it from a Slurm login node, or use Backend.LOCAL_PROCESS off-cluster");
    }
    String dispatch = "slurm-" + LocalDateTime.now().format(STAMP) + "-" + PID + "-" + SEQ.incrementAndGet();
    Engine.Claimed claimed = Engine.claim(t, pending, mode, dispatch);
    try (Claims claims = claimed.claims()) {
      CompactUids mine = claimed.uids();
      if (mine.isEmpty()) {
        return;
      }
      Engine.prepareRecompute(t, t.cache(), mine, mode);
      List<CompactUids> chunks = Engine.jobs(t, mine);
      Path folder = t.stepFolder().resolve("logs").resolve(dispatch).toAbsolutePath();
      List<Task> tasks = new ArrayList<>();
      WorkerTasks.Specs specs = WorkerTasks.specs(t, input);
      for (int i = 0; i < chunks.size(); i++) {
        Path taskFolder = folder.resolve(Integer.toString(i));
        try {
          WorkerTasks.write(taskFolder, dispatch + "_" + i, t, input, chunks.get(i), specs);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the task of array index " + i + " in " + taskFolder, e);
        }
        tasks.add(new Task(i, taskFolder, chunks.get(i)));
      }
      List<String> options = options(t.infra(), name, folder, tasks.size());
      Path script = writeScript(t, folder, options);
      String array = submit(options, script, folder);
      boolean ended = false;
      boolean cancelled = false;
      try {
        for (Task task : tasks) {
          task.jobId = array + "_" + task.index;
        }
        record(t, claims, tasks, folder);
        Log.LOG.log(
            System.Logger.Level.INFO,
            "Sent " + mine.size() + " items of " + name + " into Slurm job array " + array + " (" + tasks.size()
                + " tasks); logs in " + folder);
        waitFor(t, array, tasks, new Progress(name, mine.size()));
        ended = true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Slurm.Result r = Slurm.cancel(List.of(array));
        cancelled = true;
        throw new IllegalStateException(
            "interrupted while waiting for Slurm job array " + array + " of step " + t.path() + "; "
                + (r.ok() ? "cancelled it (scancel " + array + ")" : "scancel " + array + " failed: " + r.err().strip())
                + "; items it completed stay cached",
            e);
      } finally {
        WAITING.remove(array);
        if (!ended && !cancelled) {
          Slurm.cancel(List.of(array)); // never leave an array running that nobody waits for
        }
      }
      check(t, tasks);
    }
  }

  /** One array index: its chunk, folder and, once known, Slurm id and final state. */
  static final class Task {
    final int index;
    final Path folder;
    final List<String> uids;
    String jobId;
    String state;
    long unknownSince;
    /** When a final state other than COMPLETED was first seen, and which (not yet trusted). */
    long endSeenAt;
    String endSeen;

    Task(int index, Path folder, List<String> uids) {
      this.index = index;
      this.folder = folder;
      this.uids = uids;
    }
  }

  // ------------------------------------------------------------------------------ submission

  /**
   * The sbatch options of one dispatch, each a full argument: exca's own (array, logs) then the
   * forwarded infra settings, {@code additionalParameters} last (they override a setting of the
   * same name).
   */
  static List<String> options(Infra infra, String stepName, Path folder, int tasks) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("job-name", infra.jobName() != null ? infra.jobName() : "exca-" + stepName);
    o.put("array", "0-" + (tasks - 1) + "%" + tasks);
    o.put("output", folder + "/%a/%A_%a.out");
    o.put("error", folder + "/%a/%A_%a.err");
    o.put("open-mode", "append"); // a requeued task adds to its logs
    putIfSet(o, "time", infra.timeoutMin());
    putIfSet(o, "nodes", infra.nodes());
    putIfSet(o, "ntasks-per-node", infra.tasksPerNode());
    putIfSet(o, "cpus-per-task", infra.cpusPerTask());
    if (infra.gpusPerNode() != null && infra.gpusPerNode() > 0) {
      o.put("gpus-per-node", infra.gpusPerNode().toString());
    }
    if (infra.memGb() != null) {
      o.put("mem", memory(infra.memGb()));
    }
    putIfSet(o, "partition", infra.partition());
    putIfSet(o, "account", infra.account());
    putIfSet(o, "qos", infra.qos());
    putIfSet(o, "constraint", infra.constraint());
    if (infra.additionalParameters() != null) {
      for (Map.Entry<String, Object> e : infra.additionalParameters().entrySet()) {
        String key = e.getKey().replaceFirst("^-+", "").replace('_', '-');
        if (RESERVED.contains(key)) {
          throw new IllegalArgumentException(
              "additionalParameters may not set --" + key + ": exca sets it for its job array (logs go to " + folder + ")");
        }
        Object v = e.getValue();
        o.remove(key);
        if (v == null || Boolean.FALSE.equals(v)) {
          continue;
        }
        o.put(key, Boolean.TRUE.equals(v) ? null : v.toString());
      }
    }
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, String> e : o.entrySet()) {
      args.add("--" + e.getKey() + (e.getValue() == null ? "" : "=" + e.getValue()));
    }
    return args;
  }

  private static void putIfSet(Map<String, String> o, String key, Object value) {
    if (value != null) {
      o.put(key, value.toString());
    }
  }

  /** {@code --mem}: whole gigabytes as {@code 4G}, otherwise megabytes rounded up. */
  static String memory(double gb) {
    if (gb == Math.rint(gb)) {
      return (long) gb + "G";
    }
    return (long) Math.ceil(gb * 1024) + "M";
  }

  /** The worker command, up to its {@code --task} argument. */
  static List<String> workerCommand(Infra infra) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (infra.memGb() != null) {
      // default heap sizes then follow the job's memory rather than the node's
      cmd.add("-XX:MaxRAM=" + (long) Math.ceil(infra.memGb() * 1024) + "m");
    }
    for (String a : System.getProperty("exca.worker.jvmArgs", "").split("\\s+")) {
      if (!a.isEmpty()) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    cmd.add(String.join(File.pathSeparator, entries));
    cmd.add("dev.exca.runtime.worker.WorkerMain");
    cmd.add("--task");
    return cmd;
  }

  private static Path writeScript(Engine.Target t, Path folder, List<String> options) {
    boolean srun = Boolean.TRUE.equals(t.infra().useSrun());
    List<String> sbatch = new ArrayList<>();
    sbatch.add("sbatch");
    sbatch.add("--parsable");
    sbatch.addAll(options);
    sbatch.add(folder.resolve("submit.sh").toString());
    String script =
        "#!/bin/bash\n"
            + "# exca job array for step " + t.path() + "\n"
            + "# submitted from " + hostName() + " (pid " + PID + ") with:\n"
            + "#   " + Slurm.shellJoin(sbatch) + "\n"
            + "# Array task i computes the items of " + folder + "/i/task.json and writes into the cache of\n"
            + "# " + t.stepFolder().toAbsolutePath() + "; its status goes to i/status.json, its logs to i/<job>_i.out|err.\n"
            + "exec " + (srun ? "srun --unbuffered " : "") + Slurm.shellJoin(workerCommand(t.infra()))
            + " " + Slurm.shellQuote(folder.toString()) + "/\"$SLURM_ARRAY_TASK_ID\"/task.json\n";
    Path file = folder.resolve("submit.sh");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      file.toFile().setExecutable(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the batch script " + file, e);
    }
    return file;
  }

  private static String submit(List<String> options, Path script, Path folder) {
    // Like submitit's clean_env: a driver running inside a Slurm job must not leak its job's
    // variables (SLURM_JOB_ID, SLURM_NTASKS...) into the new array.
    Map<String, String> env = new HashMap<>();
    for (String key : System.getenv().keySet()) {
      if ((key.startsWith("SLURM_") && !key.equals("SLURM_CONF")) || key.startsWith("SLURMD_") || key.startsWith("SRUN_")) {
        env.put(key, null);
      }
    }
    installHook();
    String array = Slurm.submit(options, script, env);
    WAITING.add(array);
    try {
      Files.writeString(folder.resolve("array-id"), array + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      Log.LOG.log(System.Logger.Level.WARNING, "cannot write " + folder.resolve("array-id") + ": " + e);
    }
    return array;
  }

  /** Labels the claims with each item's array task and records it for {@code lookup}. */
  private static void record(Engine.Target t, Claims claims, List<Task> tasks, Path folder) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, Path> logs = new HashMap<>();
    for (Task task : tasks) {
      for (String uid : task.uids) {
        labels.put(uid, Slurm.LABEL_PREFIX + task.jobId);
        logs.put(uid, task.folder);
      }
    }
    try {
      claims.relabel(labels);
      JobRecords.write(t.stepFolder(), labels, logs);
    } catch (IOException e) {
      Log.LOG.log(System.Logger.Level.WARNING, "cannot record the Slurm jobs of " + folder + " for lookup: " + e);
    }
  }

  private static void installHook() {
    if (HOOK.compareAndSet(0, 1)) {
      Runtime.getRuntime().addShutdownHook(new Thread(SlurmDispatch::cancelAll, "exca-slurm-cancel"));
    }
  }

  /** Cancels every array this JVM still waits for (shutdown hook). */
  private static void cancelAll() {
    List<String> arrays = new ArrayList<>(WAITING);
    if (!arrays.isEmpty()) {
      System.err.println("exca: the JVM is ending; cancelling Slurm job arrays " + arrays);
      Slurm.cancel(arrays);
    }
  }

  // ------------------------------------------------------------------------------ waiting

  /** How long a failed state must persist before it is trusted (requeues pass through one). */
  private static final long END_CONFIRM_MS = 3000;

  /** Polls until every task ended. */
  private static void waitFor(Engine.Target t, String array, List<Task> tasks, Progress progress)
      throws InterruptedException {
    long maxSleep = Math.max(POLL_MIN_MS, (long) (Double.parseDouble(System.getProperty("exca.slurm.pollMaxSeconds", "5")) * 1000));
    long sleep = POLL_MIN_MS;
    long lastAnswer = System.currentTimeMillis();
    int open = tasks.size();
    while (true) {
      Map<Integer, String> queue = Slurm.squeue(array);
      long now = System.currentTimeMillis();
      if (queue == null) {
        if (now - lastAnswer > UNREACHABLE_MS) {
          throw new IllegalStateException(
              "squeue has not answered for " + (now - lastAnswer) / 1000 + " s about job array " + array
                  + " of step " + t.path() + "; cancelling it");
        }
      } else {
        lastAnswer = now;
        List<Task> gone = new ArrayList<>();
        for (Task task : tasks) {
          if (task.state != null) {
            continue;
          }
          String s = queue.get(task.index);
          if (s == null || Slurm.TERMINAL.contains(s)) {
            gone.add(task); // no longer queued or running: ask for its final state
          } else {
            task.unknownSince = 0;
            task.endSeen = null; // queued or running again (a requeue)
          }
        }
        if (!gone.isEmpty()) {
          open -= resolve(t, array, gone, progress, now);
        }
      }
      if (open == 0) {
        return;
      }
      boolean confirming = tasks.stream().anyMatch(k -> k.state == null && k.endSeen != null);
      Thread.sleep(confirming ? Math.min(sleep, 1000) : sleep);
      sleep = Math.min(maxSleep, sleep * 2);
    }
  }

  /**
   * Final states of tasks squeue no longer lists: from sacct, from scontrol where accounting is
   * off or lags behind, else from their status file; a task nobody knows for two minutes is lost.
   */
  private static int resolve(Engine.Target t, String array, List<Task> gone, Progress progress, long now)
      throws InterruptedException {
    Map<Integer, String> accounting = Slurm.sacct(array);
    Map<Integer, String> controller = null;
    int ended = 0;
    for (Task task : gone) {
      String s = accounting == null ? null : accounting.get(task.index);
      if (s == null || !Slurm.TERMINAL.contains(s)) {
        if (controller == null) {
          controller = Slurm.scontrol(array);
          if (controller == null) {
            controller = Map.of();
          }
        }
        String c = controller.get(task.index);
        s = c != null ? c : s;
      }
      if (s != null && Slurm.TERMINAL.contains(s)) {
        // A requeued task shows its previous attempt's end (FAILED, CANCELLED) for a moment before
        // it is pending again: trust a failure only once it is still there a little later.
        if (s.equals("COMPLETED") || (s.equals(task.endSeen) && now - task.endSeenAt >= END_CONFIRM_MS)) {
          ended += end(t, task, s, progress);
        } else if (!s.equals(task.endSeen)) {
          task.endSeen = s;
          task.endSeenAt = now;
        }
        continue;
      }
      task.endSeen = null;
      if (s != null) {
        task.unknownSince = 0; // accounting or the controller still see it queued or running
        continue;
      }
      if (task.unknownSince == 0) {
        task.unknownSince = now;
      }
      JsonNode status = WorkerTasks.status(task.folder);
      if (status != null) {
        ended += end(t, task, status.path("state").asText("FAILED"), progress);
      } else if (now - task.unknownSince > VANISHED_MS) {
        ended += end(t, task, "VANISHED", progress);
      }
    }
    return ended;
  }

  private static int end(Engine.Target t, Task task, String state, Progress progress) {
    task.state = state;
    if (state.equals("COMPLETED")) {
      progress.advance(task.uids.size());
    } else {
      Log.LOG.log(
          System.Logger.Level.WARNING,
          "Slurm job " + task.jobId + " of " + t.path() + " ended " + state + "; logs in " + task.folder);
    }
    return 1;
  }

  // ------------------------------------------------------------------------------ outcome

  /** Raises the failure of the first task that did not complete, naming how many others failed. */
  private static void check(Engine.Target t, List<Task> tasks) {
    List<Task> failed = new ArrayList<>();
    for (Task task : tasks) {
      JsonNode status = WorkerTasks.status(task.folder);
      boolean statusOk = status != null && "COMPLETED".equals(status.path("state").asText());
      if (!(statusOk && (task.state.equals("COMPLETED") || unfinished(t, task).isEmpty()))) {
        failed.add(task);
      }
    }
    if (failed.isEmpty()) {
      return;
    }
    Task task = failed.get(0);
    String others = "";
    if (failed.size() > 1) {
      List<String> rest = new ArrayList<>();
      for (Task f : failed.subList(1, failed.size())) {
        rest.add(f.jobId + " " + f.state);
      }
      others = "\n  " + rest.size() + " other tasks of the array failed too: " + String.join(", ", rest.subList(0, Math.min(10, rest.size())))
          + (rest.size() > 10 ? ", ..." : "");
    }
    String name = t.last().stepDescriptor().name();
    List<String> unfinished = unfinished(t, task);
    JsonNode status = WorkerTasks.status(task.folder);
    if (status != null && "FAILED".equals(status.path("state").asText())) {
      throw WorkerTasks.reportedFailure(t, status, "Slurm job " + task.jobId, task.jobId, task.folder, unfinished, others);
    }
    throw new JobFailedException(
        "Slurm job " + task.jobId + " of step " + name + " ended " + task.state + " before finishing "
            + unfinished.size() + " of " + task.uids.size() + " items" + hint(task.state)
            + "\n  step: " + t.path() + "\n  logs: " + task.folder + tail(task) + others
            + "\n  items it completed stay cached; run again to compute the rest",
        t.path(), unfinished, JobFailedException.class.getName(), task.jobId, task.folder, null);
  }

  private static List<String> unfinished(Engine.Target t, Task task) {
    return WorkerTasks.unfinished(t, task.uids);
  }

  private static String hint(String state) {
    switch (state) {
      case "TIMEOUT":
        return " (it reached its time limit: raise timeoutMin, or lower minItemsPerJob / raise maxJobs)";
      case "OUT_OF_MEMORY":
        return " (it ran out of memory: raise memGb)";
      case "CANCELLED":
        return " (cancelled with scancel, by an administrator or by the scheduler)";
      case "NODE_FAIL":
        return " (its node failed)";
      case "PREEMPTED":
        return " (preempted by a higher-priority job)";
      case "FAILED":
        return " (the worker JVM exited with an error before writing its status: see the error log; when"
            + " there is none, the nodes may not see this folder: the cache folder and the classpath must be"
            + " on a filesystem the nodes share)";
      case "COMPLETED":
        return " (yet it wrote no status: do the nodes see this folder? it must be on a filesystem they share)";
      case "VANISHED":
        return " (neither squeue, sacct nor scontrol knows it any more, and it wrote no status)";
      default:
        return "";
    }
  }

  /** The last lines of the task's error log(s). */
  private static String tail(Task task) {
    List<String> lines = new ArrayList<>();
    Path log = null;
    try (var files = Files.list(task.folder)) {
      log = files.filter(p -> p.getFileName().toString().endsWith(".err")).sorted().reduce((a, b) -> b).orElse(null);
    } catch (IOException e) {
      return "";
    }
    if (log == null) {
      return "\n  (no error log was written)";
    }
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (String line : all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size())) {
        lines.add("    " + line);
      }
    } catch (IOException | UncheckedIOException e) {
      return "\n  (cannot read " + log + ": " + e.getMessage() + ")";
    }
    return lines.isEmpty() ? "\n  (" + log.getFileName() + " is empty)" : "\n  last lines of " + log.getFileName() + ":\n" + String.join("\n", lines);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "?";
    }
  }
}
