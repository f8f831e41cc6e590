package dev.exca.runtime.worker;

import dev.exca.runtime.WorkerTasks;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The entry point of worker JVMs started by the process backends (and Slurm tasks): {@code
 * --task <task.json>} runs one job and exits ({@code 0} when every item was computed); {@code
 * --serve} reads task paths from stdin, one per line, and answers {@code done <path> ok|failed}
 * on stdout, for a long-lived pool. Each task's output goes to {@code stdout.log} and {@code
 * stderr.log} next to its task file.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /**
   * Runs tasks.
   *
   * @param args {@code --task <file>} or {@code --serve}
   * @throws IOException if a task file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("--task")) {
      boolean ok = WorkerTasks.run(Path.of(args[1]));
      System.out.flush();
      System.err.flush();
      System.exit(ok ? 0 : 1);
    } else if (args.length == 1 && args[0].equals("--serve")) {
      serve();
    } else {
      System.err.println("usage: WorkerMain --task <task.json> | --serve");
      System.exit(2);
    }
  }

  private static void serve() throws IOException {
    PrintStream protocol = System.out;
    PrintStream originalErr = System.err;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      Path task = Path.of(line.strip());
      boolean ok;
      try (PrintStream out = new PrintStream(new FileOutputStream(task.resolveSibling("stdout.log").toFile(), true), true, StandardCharsets.UTF_8);
          PrintStream err = new PrintStream(new FileOutputStream(task.resolveSibling("stderr.log").toFile(), true), true, StandardCharsets.UTF_8)) {
        System.setOut(out);
        System.setErr(err);
        ok = WorkerTasks.run(task);
      } catch (IOException | RuntimeException e) {
        e.printStackTrace(originalErr);
        ok = false;
      } finally {
        System.setOut(protocol);
        System.setErr(originalErr);
      }
      protocol.println("done " + task + " " + (ok ? "ok" : "failed"));
      protocol.flush();
    }
  }
}
