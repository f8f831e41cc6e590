package dev.exca.runtime.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm commands the SLURM backend uses ({@code sbatch}, {@code squeue}, {@code sacct}, {@code
 * scontrol}, {@code scancel}), run as subprocesses with a time limit, and the parsing of their
 * output. Internal to exca; public for the runtime's packages and the integration tests.
 */
public final class Slurm {
  /** The prefix of claim labels that name a Slurm job, as in {@code slurm:1234_5}. */
  public static final String LABEL_PREFIX = "slurm:";

  /** Job states after which a job never runs again. */
  public static final Set<String> TERMINAL =
      Set.of(
          "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED",
          "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT");

  private static final long COMMAND_TIMEOUT_SECONDS = 60;
  private static final long ACTIVE_TTL_MILLIS = 2_000;
  private static final Map<String, Cached> ACTIVE = new ConcurrentHashMap<>();
  private static volatile Boolean available;

  private Slurm() {}

  /** The outcome of a command: exit code, stdout and stderr. */
  public record Result(int exitCode, String out, String err) {
    /** @return whether the command exited with 0 */
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private record Cached(Boolean active, long time) {}

  /**
   * Whether the Slurm client commands are on the PATH (checked once per JVM).
   *
   * @return true when {@code sinfo} and {@code sbatch} can be run
   */
  public static boolean available() {
    Boolean a = available;
    if (a == null) {
      a = onPath("sbatch") && onPath("squeue");
      available = a;
    }
    return a;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs a command and waits for it, for at most a minute.
   *
   * @param command the command and its arguments
   * @param env variables to set ({@code null} value: remove), or null
   * @return the outcome; exit code 127 when the command cannot be started
   * @throws InterruptedException if interrupted while waiting (the command is killed)
   */
  public static Result run(List<String> command, Map<String, String> env) throws InterruptedException {
    return execute(command, env, true);
  }

  private static Result execute(List<String> command, Map<String, String> env, boolean interruptible)
      throws InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (env != null) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (e.getValue() == null) {
          pb.environment().remove(e.getKey());
        } else {
          pb.environment().put(e.getKey(), e.getValue());
        }
      }
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(127, "", "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    try {
      p.getOutputStream().close();
      StreamReader out = new StreamReader(p.getInputStream());
      StreamReader err = new StreamReader(p.getErrorStream());
      out.start();
      err.start();
      if (!waitFor(p, interruptible)) {
        p.destroyForcibly();
        return new Result(124, out.text(), "timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + String.join(" ", command));
      }
      joinQuietly(out);
      joinQuietly(err);
      return new Result(p.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  private static void joinQuietly(Thread t) {
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          t.join(5_000); // the process ended: its pipes close at once
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the process up to the time limit; an uninterruptible wait re-asserts interrupts after. */
  private static boolean waitFor(Process p, boolean interruptible) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMAND_TIMEOUT_SECONDS);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          if (interruptible) {
            throw e;
          }
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Drains a stream in the background, so that a chatty command never blocks on a full pipe. */
  private static final class StreamReader extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StreamReader(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (in) {
        in.transferTo(buffer);
      } catch (IOException e) {
        // the process died; what was read is kept
      }
    }

    String text() {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs a command to its end even when the calling thread is interrupted meanwhile (the
   * interrupt is kept for the caller): a job must never be submitted without its id being known.
   */
  private static Result runToEnd(List<String> command, Map<String, String> env) {
    boolean interrupted = Thread.interrupted();
    try {
      return execute(command, env, false);
    } catch (InterruptedException e) {
      throw new AssertionError(e); // not interruptible
    } finally {
      if (interrupted || Thread.interrupted()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Submits a batch script with {@code sbatch --parsable}. Runs to its end even if the thread is
   * interrupted meanwhile (the interrupt stays set), so that the id of a submitted job is never lost.
   *
   * @param options the sbatch options, each a full {@code --key=value} argument
   * @param script the batch script
   * @param env variables to set or remove for sbatch
   * @return the job id (for an array, the array's id)
   * @throws IllegalStateException with sbatch's message when it refuses the job
   */
  public static String submit(List<String> options, Path script, Map<String, String> env) {
    List<String> cmd = new ArrayList<>();
    cmd.add("sbatch");
    cmd.add("--parsable");
    cmd.addAll(options);
    cmd.add(script.toString());
    Result r = runToEnd(cmd, env);
    String id = r.out().strip();
    int semi = id.indexOf(';'); // "1234;cluster" on multi-cluster setups
    if (semi >= 0) {
      id = id.substring(0, semi);
    }
    if (!r.ok() || !id.matches("[0-9]+")) {
      throw new IllegalStateException(
          "sbatch refused the job (exit code " + r.exitCode() + "): " + (r.err().strip() + " " + r.out().strip()).strip()
              + "\n  command: " + shellJoin(cmd));
    }
    return id;
  }

  /**
   * Cancels jobs with {@code scancel}; failures are returned, not thrown.
   *
   * @param jobIds job ids, array ids ({@code 1234}) or array tasks ({@code 1234_5})
   * @return the outcome of scancel
   */
  public static Result cancel(List<String> jobIds) {
    if (jobIds.isEmpty()) {
      return new Result(0, "", "");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add("scancel");
    cmd.addAll(jobIds);
    try {
      return runToEnd(cmd, null); // even from an interrupted thread
    } finally {
      for (String id : jobIds) {
        ACTIVE.remove(id);
      }
    }
  }

  /**
   * States of the queued and running tasks of an array, from {@code squeue} (pending, running,
   * completing, suspended, requeued...; not the finished ones).
   *
   * @param arrayId the array's job id
   * @return task index to state, or null when squeue failed
   * @throws InterruptedException if interrupted
   */
  public static Map<Integer, String> squeue(String arrayId) throws InterruptedException {
    return squeue(arrayId, false);
  }

  /**
   * States of the tasks of an array from {@code squeue}.
   *
   * @param arrayId the array's job id
   * @param all also the finished tasks the controller still remembers ({@code -t all}; kept for
   *     the cluster's {@code MinJobAge}, 300 s by default)
   * @return task index to state, or null when squeue failed
   * @throws InterruptedException if interrupted
   */
  public static Map<Integer, String> squeue(String arrayId, boolean all) throws InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("squeue", "-h", "-r", "-j", arrayId, "-o", "%i|%T"));
    if (all) {
      cmd.addAll(List.of("-t", "all"));
    }
    Result r = run(cmd, null);
    if (!r.ok()) {
      // "Invalid job id specified": the controller forgot the whole array
      return r.err().contains("Invalid job id") ? new LinkedHashMap<>() : null;
    }
    return parseTable(arrayId, r.out());
  }

  /**
   * States of the tasks of an array from accounting, {@code sacct -X -n -P -j <array>}.
   *
   * @param arrayId the array's job id
   * @return task index to state, or null when accounting is off or sacct failed
   * @throws InterruptedException if interrupted
   */
  public static Map<Integer, String> sacct(String arrayId) throws InterruptedException {
    Result r = run(List.of("sacct", "-X", "-n", "-P", "-j", arrayId, "-o", "JobID,State"), null);
    if (!r.ok() || r.err().contains("disabled")) {
      return null;
    }
    return parseTable(arrayId, r.out());
  }

  /**
   * States of the tasks of an array from {@code scontrol show job -o}, for clusters without
   * accounting.
   *
   * @param arrayId the array's job id
   * @return task index to state, or null when scontrol failed
   * @throws InterruptedException if interrupted
   */
  public static Map<Integer, String> scontrol(String arrayId) throws InterruptedException {
    Result r = run(List.of("scontrol", "show", "job", "-o", arrayId), null);
    if (!r.ok()) {
      return r.err().contains("Invalid job id") ? new LinkedHashMap<>() : null;
    }
    return parseScontrol(r.out());
  }

  /**
   * Parses {@code scontrol show job -o} lines: {@code ArrayTaskId} (a number or a range of pending
   * tasks) and {@code JobState}.
   *
   * @param out the output
   * @return task index to state
   */
  public static Map<Integer, String> parseScontrol(String out) {
    Map<Integer, String> states = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String tasks = field(line, "ArrayTaskId");
      String state = field(line, "JobState");
      if (tasks != null && state != null) {
        for (int i : indices(tasks)) {
          states.put(i, state);
        }
      }
    }
    return states;
  }

  /**
   * One field of an {@code scontrol show -o} line.
   *
   * @param line the line
   * @param key the field name
   * @return its value, or null when absent
   */
  public static String field(String line, String key) {
    int at = (" " + line).indexOf(" " + key + "=");
    if (at < 0) {
      return null;
    }
    int start = at + key.length() + 1;
    int end = line.indexOf(' ', start);
    return line.substring(start, end < 0 ? line.length() : end);
  }

  /**
   * Parses {@code <id>|<state>} lines of squeue or sacct for one array: {@code 1234_5|RUNNING},
   * {@code 1234_[6-9%4]|PENDING}, {@code 1234_2|CANCELLED by 0}.
   */
  static Map<Integer, String> parseTable(String arrayId, String out) {
    Map<Integer, String> states = new LinkedHashMap<>();
    String prefix = arrayId + "_";
    for (String line : out.split("\n")) {
      int bar = line.indexOf('|');
      if (bar < 0 || !line.startsWith(prefix)) {
        continue;
      }
      String state = line.substring(bar + 1).strip();
      int space = state.indexOf(' ');
      state = (space < 0 ? state : state.substring(0, space)).toUpperCase(Locale.ROOT);
      for (int i : indices(line.substring(prefix.length(), bar))) {
        states.put(i, state);
      }
    }
    return states;
  }

  /** Task indices of {@code 5}, {@code [6-9]}, {@code 1,3-4}, {@code [6-9%4]}. */
  private static List<Integer> indices(String spec) {
    List<Integer> list = new ArrayList<>();
    String s = spec.replace("[", "").replace("]", "");
    int pct = s.indexOf('%');
    if (pct >= 0) {
      s = s.substring(0, pct);
    }
    for (String part : s.split(",")) {
      try {
        int dash = part.indexOf('-');
        if (dash < 0) {
          list.add(Integer.parseInt(part.strip()));
        } else {
          int from = Integer.parseInt(part.substring(0, dash).strip());
          int to = Integer.parseInt(part.substring(dash + 1).strip());
          for (int i = from; i <= to; i++) {
            list.add(i);
          }
        }
      } catch (NumberFormatException e) {
        // "N/A" and the like: not a task
      }
    }
    return list;
  }

  /**
   * Whether a job or array task is still queued or running, from {@code squeue}; answers are
   * cached for two seconds.
   *
   * @param jobId a job id such as {@code 1234_5}
   * @return true while pending, running or being requeued; false once finished or unknown to
   *     the controller; null when Slurm cannot be asked
   */
  public static Boolean active(String jobId) {
    long now = System.currentTimeMillis();
    Cached c = ACTIVE.get(jobId);
    if (c != null && now - c.time() < ACTIVE_TTL_MILLIS) {
      return c.active();
    }
    Boolean answer;
    if (!available()) {
      answer = null;
    } else {
      try {
        Result r = run(List.of("squeue", "-h", "-t", "all", "-j", jobId, "-o", "%T"), null);
        if (r.ok()) {
          String out = r.out().strip();
          answer = !out.isEmpty() && !TERMINAL.contains(firstWord(out.split("\n")[0]));
        } else if (r.err().contains("Invalid job id")) {
          answer = false;
        } else {
          answer = null;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer = null;
      }
    }
    ACTIVE.put(jobId, new Cached(answer, now));
    return answer;
  }

  private static String firstWord(String s) {
    String t = s.strip();
    int sp = t.indexOf(' ');
    return (sp < 0 ? t : t.substring(0, sp)).toUpperCase(Locale.ROOT);
  }

  /**
   * The Slurm job id in a claim label.
   *
   * @param label a claim's job label
   * @return {@code 1234_5} for {@code slurm:1234_5}, or null for other labels
   */
  public static String jobOfLabel(String label) {
    return label != null && label.startsWith(LABEL_PREFIX) ? label.substring(LABEL_PREFIX.length()) : null;
  }

  /**
   * Quotes arguments for a POSIX shell.
   *
   * @param args the arguments
   * @return them joined by spaces, each quoted when needed
   */
  public static String shellJoin(List<String> args) {
    StringBuilder sb = new StringBuilder();
    for (String a : args) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(shellQuote(a));
    }
    return sb.toString();
  }

  /**
   * Quotes one argument for a POSIX shell.
   *
   * @param s the argument
   * @return it unchanged when safe, else single-quoted
   */
  public static String shellQuote(String s) {
    if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
