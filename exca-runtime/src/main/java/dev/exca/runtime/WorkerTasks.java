package dev.exca.runtime;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exca.runtime.identity.Uids;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Task files of process and cluster backends: what one job computes, written by the driver into
 * {@code {step folder}/logs/{job id}/task.json} and run by a worker JVM ({@code
 * dev.exca.runtime.worker.WorkerMain}). Internal to exca; public only for the worker entry point.
 */
public final class WorkerTasks {
  static final String TASK = "task.json";
  static final String STATUS = "status.json";

  private WorkerTasks() {}

  /** The encoded steps of a dispatch, the same for all its jobs: encoded and checked once. */
  record Specs(ArrayNode upstream, ArrayNode inline, ObjectNode step) {}

  /** Encodes the steps of a dispatch; refuses steps that would not survive the trip. */
  static Specs specs(Engine.Target t, Carrier input) {
    List<GeneratedStep<?, ?>> prefix = input.upstream.subList(0, input.upstream.size() - input.pending.size());
    ArrayNode upstream = JsonNodeFactory.instance.arrayNode();
    for (GeneratedStep<?, ?> s : prefix) {
      upstream.add(StepSpecs.encodeChecked(s));
    }
    ArrayNode inline = JsonNodeFactory.instance.arrayNode();
    for (GeneratedStep<?, ?> s : input.pending) {
      inline.add(StepSpecs.encodeChecked(s));
    }
    return new Specs(upstream, inline, StepSpecs.encodeChecked(t.step()));
  }

  /** Writes the task of one job; refuses inputs that would not survive the trip. */
  static Path write(Path jobFolder, String jobId, Engine.Target t, Carrier input, List<String> uids) throws IOException {
    return write(jobFolder, jobId, t, input, uids, specs(t, input));
  }

  /** Writes the task of one job with the dispatch's encoded steps. */
  static Path write(Path jobFolder, String jobId, Engine.Target t, Carrier input, List<String> uids, Specs specs)
      throws IOException {
    Files.createDirectories(jobFolder);
    ObjectNode task = JsonNodeFactory.instance.objectNode();
    task.put("job", jobId);
    task.put("root", t.root().toAbsolutePath().toString());
    task.put("stepFolder", t.stepFolder().toAbsolutePath().toString());
    task.set("upstream", specs.upstream());
    task.set("inline", specs.inline());
    task.set("step", specs.step());
    GeneratedStep<?, ?> receiver = input.pending.isEmpty() ? t.step().firstLeaf() : input.pending.get(0);
    JavaType type = inputType(receiver);
    ArrayNode ids = task.putArray("uids");
    ArrayNode values = task.putArray("inputs");
    for (String uid : uids) {
      Object v = input.source.apply(uid);
      JsonNode encoded = StepSpecs.JSON.valueToTree(v);
      checkRoundTrip(t, uid, v, encoded, type);
      ids.add(uid);
      values.add(encoded);
    }
    Path file = jobFolder.resolve(TASK);
    Path tmp = jobFolder.resolve(TASK + ".part");
    StepSpecs.JSON.writeValue(tmp.toFile(), task);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private static JavaType inputType(GeneratedStep<?, ?> receiver) {
    Type t = receiver.stepDescriptor().itemType();
    return StepSpecs.JSON.getTypeFactory().constructType(t == null ? Object.class : t);
  }

  private static void checkRoundTrip(Engine.Target t, String uid, Object v, JsonNode encoded, JavaType type) {
    Object back;
    try {
      back = encoded.isNull() ? null : StepSpecs.JSON.convertValue(encoded, type);
    } catch (IllegalArgumentException e) {
      throw refuse(t, uid, v, e.getMessage());
    }
    boolean same;
    try {
      same = Uids.itemUid(v).equals(Uids.itemUid(back));
    } catch (IllegalArgumentException e) {
      same = Objects.deepEquals(v, back);
    }
    if (!same) {
      throw refuse(t, uid, v, "it comes back as " + (back == null ? "null" : back.getClass().getName()) + " " + back);
    }
  }

  private static IllegalArgumentException refuse(Engine.Target t, String uid, Object v, String why) {
    return new IllegalArgumentException(
        "step " + t.path() + ": item " + uid + " (" + (v == null ? "null" : v.getClass().getName())
            + ") cannot be sent to another process: " + why
            + "; use records, lists, maps, strings, numbers or arrays as items, or backend THREAD_POOL");
  }

  /**
   * Runs one task in this JVM: rebuilds the steps, computes the items and writes them to the
   * shared cache, then writes {@code status.json} next to the task.
   *
   * @param taskFile the task
   * @return true when every item was computed
   * @throws IOException if the task cannot be read
   */
  public static boolean run(Path taskFile) throws IOException {
    JsonNode task = StepSpecs.JSON.readTree(taskFile.toFile());
    Path status = taskFile.resolveSibling(STATUS);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("job", task.get("job").asText());
    out.put("pid", ProcessHandle.current().pid());
    long start = System.nanoTime();
    try {
      Decoded steps =
          DECODED.computeIfAbsent(
              task.get("upstream").toString() + task.get("inline") + task.get("step"),
              key -> decodeSteps(task));
      List<GeneratedStep<?, ?>> upstream = steps.upstream();
      List<GeneratedStep<?, ?>> inline = steps.inline();
      AbstractStep<?, ?> step = steps.step();
      GeneratedStep<?, ?> receiver = inline.isEmpty() ? step.firstLeaf() : inline.get(0);
      JavaType type = inputType(receiver);
      List<String> uids = new ArrayList<>();
      Map<String, Object> values = new HashMap<>();
      JsonNode inputs = task.get("inputs");
      int i = 0;
      for (JsonNode u : task.get("uids")) {
        JsonNode v = inputs.get(i++);
        uids.add(u.asText());
        values.put(u.asText(), v.isNull() ? null : StepSpecs.JSON.convertValue(v, type));
      }
      List<GeneratedStep<?, ?>> all = new ArrayList<>(upstream);
      all.addAll(inline);
      Engine.Target t = Engine.target(step, all, Path.of(task.get("root").asText()));
      Path expected = Path.of(task.get("stepFolder").asText());
      if (!t.stepFolder().toAbsolutePath().equals(expected)) {
        throw new IllegalStateException("the rebuilt step folder " + t.stepFolder() + " differs from the driver's " + expected);
      }
      // A requeued (preempted, node-failed) Slurm task runs again: skip what its first run cached.
      String restarts = System.getenv("SLURM_RESTART_COUNT");
      if (restarts != null && !restarts.isBlank() && !restarts.strip().equals("0")) {
        uids.removeIf(t.cache()::contains);
      }
      // a job's uids are distinct: the driver sends a slice of its pending items
      Carrier carrier =
          new Carrier(CompactUids.of(uids), values::get, List.copyOf(all), List.copyOf(inline), Mode.CACHED, () -> {}, true);
      if (!uids.isEmpty()) {
        Engine.computeChunk(t, carrier, null, true);
      }
      out.put("state", "COMPLETED");
      out.put("items", uids.size());
      return true;
    } catch (RuntimeException | Error e) {
      out.put("state", "FAILED");
      out.put("errorType", errorType(e));
      out.put("message", String.valueOf(e.getMessage()));
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      out.put("stackTrace", sw.toString());
      e.printStackTrace();
      return false;
    } finally {
      out.put("seconds", (System.nanoTime() - start) / 1e9);
      Path tmp = status.resolveSibling(STATUS + ".part");
      StepSpecs.JSON.writeValue(tmp.toFile(), out);
      Files.move(tmp, status, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Steps rebuilt from their specs; a pool worker keeps them across the tasks of a dispatch. */
  private record Decoded(List<GeneratedStep<?, ?>> upstream, List<GeneratedStep<?, ?>> inline, AbstractStep<?, ?> step) {}

  private static final Map<String, Decoded> DECODED = new java.util.concurrent.ConcurrentHashMap<>();

  private static Decoded decodeSteps(JsonNode task) {
    List<GeneratedStep<?, ?>> upstream = new ArrayList<>();
    for (JsonNode n : task.get("upstream")) {
      upstream.add((GeneratedStep<?, ?>) StepSpecs.decode(n));
    }
    List<GeneratedStep<?, ?>> inline = new ArrayList<>();
    for (JsonNode n : task.get("inline")) {
      inline.add((GeneratedStep<?, ?>) StepSpecs.decode(n));
    }
    return new Decoded(List.copyOf(upstream), List.copyOf(inline), StepSpecs.decode(task.get("step")));
  }

  private static String errorType(Throwable e) {
    if (e instanceof StepFailedException) {
      return ((StepFailedException) e).errorType();
    }
    return e.getClass().getName();
  }

  /** The items of a job that are not cached (after it ended: what it did not finish). */
  static List<String> unfinished(Engine.Target t, List<String> uids) {
    List<String> list = new ArrayList<>();
    for (String uid : uids) {
      if (!t.cache().contains(uid)) {
        list.add(uid);
      }
    }
    return list;
  }

  /**
   * The failure a worker reported in its {@code status.json}, with the original exception's type
   * and stack trace.
   *
   * @param job how to name the job in the message, e.g. {@code "Slurm job 12_3"}
   * @param extra appended to the message (other failed tasks), or {@code ""}
   */
  static JobFailedException reportedFailure(
      Engine.Target t, JsonNode status, String job, String jobId, Path folder, List<String> unfinished, String extra) {
    String type = status.path("errorType").asText(JobFailedException.class.getName());
    String message = status.path("message").asText();
    return new JobFailedException(
        "step " + t.last().stepDescriptor().name() + " failed in " + job + ": " + type + ": " + message
            + (message.contains("\n  step: ") ? "" : "\n  step: " + t.path()) + "\n  logs: " + folder + extra,
        t.path(), unfinished, type, jobId, folder, new RecordedFailure(status.path("stackTrace").asText()));
  }

  /** The final status of a job, or null when the worker never wrote one (it died). */
  static JsonNode status(Path jobFolder) {
    Path status = jobFolder.resolve(STATUS);
    if (!Files.exists(status)) {
      return null;
    }
    try {
      return StepSpecs.JSON.readTree(status.toFile());
    } catch (IOException e) {
      return null;
    }
  }
}
