package dev.exca.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario runs on a few items and prints one well-formed JSON line whose results are right
 * (each scenario checks the sum of its outputs against the same arithmetic done directly). No
 * timing is asserted.
 */
class ScenariosTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private List<JsonNode> run(String scenarios, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--scenario", scenarios, "--n", "200", "--folder",
        tmp.toString(), "--array-n", "20", "--cpu-n", "4", "--cpu-iterations", "1000", "--job-runs", "1"));
    args.addAll(List.of(extra));
    BenchOptions options = BenchOptions.parse(args.toArray(String[]::new));
    List<String> lines = new ArrayList<>();
    boolean ok;
    try (Scenarios s = new Scenarios(options)) {
      ok = s.runAll(lines::add);
    }
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : lines) {
      assertTrue(!line.contains("\n"), "one line per scenario: " + line);
      parsed.add(JSON.readTree(line));
    }
    assertTrue(ok, "every scenario ok: " + lines);
    return parsed;
  }

  private static void assertShape(JsonNode line, String scenario, int n) {
    assertEquals(scenario, line.path("scenario").asText(), line.toString());
    assertEquals(n, line.path("n").asInt(), line.toString());
    for (String field : List.of("seconds", "items_per_s", "peak_heap_mb")) {
      assertTrue(line.path(field).isNumber(), field + " in " + line);
      assertTrue(line.path(field).asDouble() >= 0, field + " in " + line);
    }
    assertTrue(line.path("ok").asBoolean(), line.toString());
  }

  @Test
  void everyInProcessScenarioPrintsOneCorrectLine() throws IOException {
    List<String> names = new ArrayList<>(Scenarios.ALL);
    names.remove("memory"); // starts JVMs with 1,000,000 items: see memoryChildrenReadWhatTheyWrote
    List<JsonNode> lines = run(String.join(",", names));
    assertEquals(names.size(), lines.size());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      int n = switch (name) {
        case "array_cold", "array_warm" -> 20;
        case "threads_cpu", "pool_cpu" -> 4;
        case "local_process_job" -> 1;
        default -> 200;
      };
      assertShape(lines.get(i), name, n);
    }
  }

  @Test
  void singleStepSumsMatchTheDirectArithmetic() throws IOException {
    double expected = Scenarios.expectedSum(200, Scenarios::mult);
    for (JsonNode line : run("cold,warm_fresh,warm_same,raw_floor")) {
      assertEquals(expected, line.path("sum").asDouble(), 1e-9 * expected, line.toString());
    }
    // each scenario prepares what it needs when run alone
    assertShape(run("warm_same").get(0), "warm_same", 200);
    assertShape(run("chain3_warm_chaininfra").get(0), "chain3_warm_chaininfra", 200);
    assertShape(run("raw_floor").get(0), "raw_floor", 200);
  }

  @Test
  void memoryChildrenReadWhatTheyWrote() throws IOException {
    // the two runs the memory scenario starts in JVMs of their own, here in this one
    List<JsonNode> lines = run("memory_cold_child,memory_warm_child");
    assertShape(lines.get(0), "memory_cold", 200);
    assertShape(lines.get(1), "memory_warm", 200);
  }

  @Test
  void theNewJvmOnlyReadsTheCacheOfCold() throws IOException {
    JsonNode line = run("warm_new_jvm").get(0);
    assertShape(line, "warm_new_jvm", 200);
    assertTrue(line.path("process_seconds").asDouble() >= line.path("seconds").asDouble(), line.toString());
    // read only: over a folder without the cache of cold, the new JVM's run fails
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    BenchOptions options = BenchOptions.parse(new String[] {"--scenario", "warm_new_jvm_child", "--n", "3",
        "--folder", empty.toString(), "--keep"});
    List<String> lines = new ArrayList<>();
    try (Scenarios s = new Scenarios(options)) {
      assertFalse(s.runAll(lines::add), lines.toString());
    }
    assertTrue(lines.get(0).contains("read-only"), lines.get(0));
  }

  @Test
  void repeatPrintsOneLinePerRun() throws IOException {
    List<JsonNode> lines = run("cold", "--repeat", "2");
    assertEquals(2, lines.size());
    assertEquals(2, lines.get(1).path("run").asInt());
  }

  @Test
  void theRunFolderIsRemovedUnlessKept() throws IOException {
    run("cold");
    try (var files = Files.list(tmp)) {
      assertEquals(0, files.count());
    }
    run("cold", "--keep");
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void badOptionsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--n", "5"}));
    assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--scenario", "nope", "--folder", "x"}));
    assertThrows(IllegalArgumentException.class,
        () -> BenchOptions.parse(new String[] {"--scenario", "cold", "--folder", "x", "--n", "0"}));
  }
}
