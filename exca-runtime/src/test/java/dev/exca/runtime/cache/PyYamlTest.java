package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyYamlTest {

  @Test
  void pinnedExcaTexts() {
    // spec §4.1: Mult(coeff=3) and Chain([Add(value=1), Mult(coeff=2)])
    assertEquals("- coeff: 3.0\n  type: Mult\n", PyYaml.dump(List.of(map("type", "Mult", "coeff", 3.0))));
    assertEquals(
        "- type: Add\n  value: 1.0\n- type: Mult\n",
        PyYaml.dump(List.of(map("value", 1.0, "type", "Add"), map("type", "Mult"))));
  }

  @Test
  void nestedStructuresAndScalars() {
    Map<String, Object> infra = new HashMap<>();
    infra.put("folder", Path.of("/tmp/x y"));
    infra.put("keep_in_ram", false);
    infra.put("mode", "cached");
    infra.put("backend", "Cached");
    infra.put("max_jobs", 128);
    infra.put("none", null);
    Map<String, Object> step = map("type", "Mult", "infra", infra, "values", List.of(1, 2.5, "3"),
        "empty", List.of(), "nothing", Map.of());
    assertEquals(
        "- empty: []\n"
            + "  infra:\n"
            + "    backend: Cached\n"
            + "    folder: /tmp/x y\n"
            + "    keep_in_ram: false\n"
            + "    max_jobs: 128\n"
            + "    mode: cached\n"
            + "    none: null\n"
            + "  nothing: {}\n"
            + "  type: Mult\n"
            + "  values:\n"
            + "  - 1\n"
            + "  - 2.5\n"
            + "  - '3'\n",
        PyYaml.dump(List.of(step)));
  }

  @Test
  void floatsAsPythonRepr() {
    assertEquals("1.0e-05", PyYaml.yamlFloat(1e-5));
    assertEquals("0.0001", PyYaml.yamlFloat(1e-4));
    assertEquals("1.0e+16", PyYaml.yamlFloat(1e16));
    assertEquals("1000000000000000.0", PyYaml.yamlFloat(1e15));
    assertEquals("0.1", PyYaml.yamlFloat(0.1));
    assertEquals("-0.0", PyYaml.yamlFloat(-0.0));
    assertEquals("2.82879384806159e+17", PyYaml.yamlFloat(2.82879384806159E17)); // Java 17: ...008E17
    assertEquals(".nan", PyYaml.yamlFloat(Double.NaN));
    assertEquals("-.inf", PyYaml.yamlFloat(Double.NEGATIVE_INFINITY));
    assertEquals("1.5e-07", PyYaml.pythonRepr(1.5e-7));
  }

  @Test
  void quotingFollowsPyYamlResolvers() {
    // SnakeYAML alone would quote '1e5' and '_' (its float pattern is laxer than PyYAML's)
    assertEquals("- 1e5\n- _\n- '1.0'\n- 'yes'\n- ''\n- '2024-01-01'\n- 'a: b'\n",
        PyYaml.dump(List.of("1e5", "_", "1.0", "yes", "", "2024-01-01", "a: b")));
    // SnakeYAML alone would quote 019 too; PyYAML quotes only what reads as a number (octal 017)
    assertEquals("- 019\n- '017'\n- 0_9\n- '00'\n- x: 08\n", PyYaml.dump(
        List.of("019", "017", "0_9", "00", Map.of("x", "08"))));
  }

  @Test
  void escapesAndLineBreaksAsPyYaml() {
    // PyYAML: upper-case hex escapes, never a plain scalar with a line break
    assertEquals("- \"caf\\xE9\"\n- 'a\n\n  b'\n- \"\\u03B1\"\n",
        PyYaml.dump(List.of("caf\u00e9", "a\nb", "\u03b1")));
  }

  @Test
  void sameAsPyYamlOnRandomInputs(@TempDir Path tmp) throws Exception {
    assumeTrue(python("import yaml"), "python3 with PyYAML not available");
    Random random = new Random(11);
    String alphabet = "ab xyz019.-_:#,'\"!&*?|>%@`{}[]=<~\\/\t\n\u00e9\u2603\u0001\u007f\u00a0eE+";
    String digits = "0123456789_.:-+";
    String[] words = {"yes", "no", "null", "true", "1.5", "0x1", "1e3", "2024-01-01", "~", "-",
        "---", "a: b", " #"};
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      StringBuilder s = new StringBuilder();
      int n = random.nextInt(5) == 0 ? random.nextInt(4) : new int[] {1, 2, 5, 12, 45, 95}[random.nextInt(6)];
      for (int j = 0; j < n; j++) {
        if (random.nextInt(6) == 0) {
          s.append(words[random.nextInt(words.length)]);
        } else {
          s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      values.add(s.toString());
      StringBuilder number = new StringBuilder(random.nextBoolean() ? "0" : "");
      for (int j = random.nextInt(4); j >= 0; j--) {
        number.append(digits.charAt(random.nextInt(random.nextBoolean() ? 10 : digits.length())));
      }
      values.add(number.toString()); // octal, leading zeros, sexagesimal, dates...
      values.add(Double.longBitsToDouble(random.nextLong()));
      values.add(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
    }
    values.removeIf(v -> v instanceof Double d && !Double.isFinite(d)); // JSON has no NaN/inf
    List<Object> data = List.of(map("type", "Fuzz", "values", values), map("k", values.get(0)));
    Path json = tmp.resolve("data.json");
    Files.writeString(json, FileStepCache.MAPPER.writeValueAsString(data));
    Path out = tmp.resolve("py.yaml");
    String script = "import json,sys,yaml\n"
        + "d=json.load(open(sys.argv[1],encoding='utf8'))\n"
        + "open(sys.argv[2],'w',encoding='utf8',newline='\\n').write(yaml.safe_dump(d,sort_keys=True))\n";
    assertEquals(0, run("python3", "-c", script, json.toString(), out.toString()));
    String expected = Files.readString(out, StandardCharsets.UTF_8);
    String actual = PyYaml.dump(data);
    if (!expected.equals(actual)) {
      List<String> e = Arrays.asList(expected.split("\n"));
      List<String> a = Arrays.asList(actual.split("\n"));
      for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
        assertEquals(e.get(i), a.get(i), "first difference at line " + (i + 1));
      }
      assertEquals(expected, actual);
    }
  }

  static boolean python(String statement) {
    try {
      return run("python3", "-c", statement) == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    if (p.exitValue() != 0) {
      System.err.println(output);
    }
    return p.exitValue();
  }
}
