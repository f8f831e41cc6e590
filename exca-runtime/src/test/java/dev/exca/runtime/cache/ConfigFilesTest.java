package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.map;
import static dev.exca.runtime.cache.CacheFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uid.yaml, full-uid.yaml and config.yaml (exca spec §4.1). */
class ConfigFilesTest {
  @TempDir Path tmp;

  private static Map<String, Object> infra(Path folder) {
    Map<String, Object> infra = new HashMap<>();
    infra.put("backend", "Cached");
    infra.put("folder", folder.toString());
    infra.put("keep_in_ram", false);
    infra.put("mode", "cached");
    return infra;
  }

  @Test
  void writesTheThreeFilesAsPyYamlDoes() throws IOException {
    Path step = tmp.resolve("coeff=3,type=Mult-4c6b8f5f");
    List<Map<String, Object>> uid = List.of(map("type", "Mult", "coeff", 3.0));
    List<Map<String, Object>> config =
        List.of(map("type", "Mult", "coeff", 3.0, "infra", infra(Path.of("/data/F"))));
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(uid, uid, config);
    }
    assertEquals("- coeff: 3.0\n  type: Mult\n", text(step.resolve("uid.yaml")));
    assertEquals("- coeff: 3.0\n  type: Mult\n", text(step.resolve("full-uid.yaml")));
    assertEquals(
        "- coeff: 3.0\n  infra:\n    backend: Cached\n    folder: /data/F\n    keep_in_ram: false\n"
            + "    mode: cached\n  type: Mult\n",
        text(step.resolve("config.yaml")));
    try (var files = Files.list(step)) {
      assertEquals(3, files.count(), "no temporary file left");
    }
  }

  @Test
  void chainUidYaml() throws IOException {
    Path step = tmp.resolve("chain");
    List<Map<String, Object>> uid = List.of(map("type", "Add", "value", 1.0), map("type", "Mult"));
    List<Map<String, Object>> full =
        List.of(map("type", "Add", "value", 1.0), map("type", "Mult", "coeff", 2.0));
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(uid, full, full);
    }
    assertEquals("- type: Add\n  value: 1.0\n- type: Mult\n", text(step.resolve("uid.yaml")));
    assertEquals(
        "- type: Add\n  value: 1.0\n- coeff: 2.0\n  type: Mult\n", text(step.resolve("full-uid.yaml")));
  }

  @Test
  void differentUidYamlIsAnErrorNamingBothVersionsAndTheFix() throws IOException {
    Path step = tmp.resolve("step");
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(List.of(map("type", "Mult", "coeff", 3.0)),
          List.of(map("type", "Mult", "coeff", 3.0)), List.of(map("type", "Mult")));
    }
    try (StepCache c = StepCache.open(step, false)) {
      List<Map<String, Object>> other = List.of(map("type", "Mult", "coeff", 4.0));
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> c.checkAndWriteConfigs(other, other, other));
      String m = e.getMessage();
      assertTrue(m.contains("coeff: 3.0") && m.contains("coeff: 4.0"), m);
      assertTrue(m.contains(step.resolve("uid.yaml").toString()), m);
      assertTrue(m.contains("another cache folder") && m.contains("delete"), m);
    }
    assertEquals("- coeff: 3.0\n  type: Mult\n", text(step.resolve("uid.yaml")), "left untouched");
  }

  @Test
  void sameContentSpelledDifferentlyIsConsistent() throws IOException {
    Path step = tmp.resolve("step");
    Files.createDirectories(step);
    Files.writeString(step.resolve("uid.yaml"), "- {coeff: 3.0, type: \"Mult\"}\n");
    List<Map<String, Object>> uid = List.of(map("type", "Mult", "coeff", 3.0));
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(uid, uid, uid);
    }
    assertEquals("- {coeff: 3.0, type: \"Mult\"}\n", text(step.resolve("uid.yaml")));
  }

  @Test
  void writeRules() throws IOException {
    Path step = tmp.resolve("step");
    Files.createDirectories(step);
    // full-uid.yaml present: neither it nor config.yaml is written; uid.yaml is (it was absent)
    Files.writeString(step.resolve("full-uid.yaml"), "- coeff: 3.0\n  type: Mult\n");
    List<Map<String, Object>> uid = List.of(map("type", "Mult", "coeff", 3.0));
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(uid, uid, List.of(map("type", "Mult", "x", 1)));
    }
    assertTrue(Files.exists(step.resolve("uid.yaml")));
    assertFalse(Files.exists(step.resolve("config.yaml")));
  }

  @Test
  void changedDefaultIsAnError() throws IOException {
    Path step = tmp.resolve("type=Mult-x");
    List<Map<String, Object>> uid = List.of(map("type", "Mult"));
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(uid, List.of(map("type", "Mult", "coeff", 2.0)), uid);
    }
    try (StepCache c = StepCache.open(step, false)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> c.checkAndWriteConfigs(uid, List.of(map("type", "Mult", "coeff", 5.0)), uid));
      assertTrue(e.getMessage().contains("Default 5.0 for coeff seems incompatible (was 2.0"),
          e.getMessage());
    }
  }

  @Test
  void unparsableYamlIsReplaced() throws IOException {
    Path step = tmp.resolve("step");
    Files.createDirectories(step);
    Files.writeString(step.resolve("uid.yaml"), "just a string\n");
    List<Map<String, Object>> uid = List.of(map("type", "Mult"));
    try (StepCache c = StepCache.open(step, false)) {
      c.checkAndWriteConfigs(uid, uid, uid);
    }
    assertEquals("- type: Mult\n", text(step.resolve("uid.yaml")));
  }
}
