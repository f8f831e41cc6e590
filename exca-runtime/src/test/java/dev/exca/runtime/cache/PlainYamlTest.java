package dev.exca.runtime.cache;

import static dev.exca.runtime.cache.CacheFixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlainYamlTest {

  @Test
  void aStepConfigIsWrittenWithoutSnakeYaml() {
    Map<String, Object> infra = map("mode", TimeUnit.SECONDS, "folder", Path.of("/tmp/a-b/c.d"),
        "keep_in_ram", false, "max_jobs", 128, "none", null);
    List<Map<String, Object>> config = List.of(
        map("type", "Mult", "coeff", 3.0, "infra", infra, "ratio", 1e-5f, "big", 1e16, "neg", -0.0),
        map("type", "Square", "_private", 'c', "count", 12L));
    String text = PlainYaml.dump(config);
    assertEquals("- big: 1.0e+16\n"
        + "  coeff: 3.0\n"
        + "  infra:\n"
        + "    folder: /tmp/a-b/c.d\n"
        + "    keep_in_ram: false\n"
        + "    max_jobs: 128\n"
        + "    mode: SECONDS\n"
        + "    none: null\n"
        + "  neg: -0.0\n"
        + "  ratio: 9.999999747378752e-06\n"
        + "  type: Mult\n"
        + "- _private: c\n"
        + "  count: 12\n"
        + "  type: Square\n", text);
    assertEquals(PyYaml.dumpWithSnakeYaml(config), text);
    assertEquals(PyYaml.dumpWithSnakeYaml(infra), PlainYaml.dump(infra));
  }

  @Test
  void anythingSpelledOtherwiseIsLeftToSnakeYaml() {
    for (Object value : new Object[] {"yes", "No", "null", "1.5", "a b", "", "caf\u00e9", "-x",
        ".5", "a:b", "x#", "'q'", List.of(1), new Object[] {1}, Map.of(), new BigDecimal("1.5"),
        Path.of("/tmp/x y"), "a\nb"}) {
      assertNull(PlainYaml.dump(List.of(map("k", value))), () -> "value " + value);
    }
    assertNull(PlainYaml.dump(List.of(map("k".repeat(101), 1))), "a long key");
    assertNull(PlainYaml.dump(List.of(map("on", 1))), "a key read as a boolean");
    assertNull(PlainYaml.dump(List.of()), "an empty list");
    assertNull(PlainYaml.dump(List.of("Mult")), "a list of strings");
    Map<Object, Object> numericKey = new HashMap<>();
    numericKey.put(1, "a");
    assertNull(PlainYaml.dump(numericKey), "a key that is not a string");
  }

  @Test
  void sameTextAsSnakeYamlOnRandomConfigs() {
    Random random = new Random(5);
    int plain = 0;
    int fallback = 0;
    for (int i = 0; i < 3000; i++) {
      Object value = random.nextInt(4) == 0 ? randomMap(random, 0) : randomList(random);
      String expected = PyYaml.dumpWithSnakeYaml(value);
      String actual = PlainYaml.dump(value);
      if (actual == null) {
        fallback++;
        assertEquals(expected, PyYaml.dump(value));
      } else {
        plain++;
        assertEquals(expected, actual, () -> "value " + value);
      }
    }
    // both paths are exercised, the direct one most
    assertTrue(plain > 1000, "plain " + plain);
    assertTrue(fallback > 300, "fallback " + fallback);
  }

  private static final String[] KEYS = {"a", "type", "coeff", "b_c", "x.y", "max-jobs", "Z9", "_",
      "/k", "yes", "1a", "a b", "k".repeat(100), "k".repeat(101)};
  private static final Object[] SCALARS = {null, true, false, 0, -7, 1234567890123L, (short) 3,
      (byte) -1, 0.1, -0.0, 1e-5, 1e16, 1e15, 2.5f, Double.NaN, Double.NEGATIVE_INFINITY,
      "Mult", "abc_def", "a.b-c/d", "/tmp/x", "_x", "True", "off", "Null", "nulls", "onward",
      "x".repeat(200), "caf\u00e9", "", "a b", "019", "1e5", "-", "~", "a: b", 'q', TimeUnit.DAYS,
      Path.of("/data/run-1/out.txt"), Path.of("rel/p"), Path.of("/x y"), new BigDecimal("2.5")};

  private static Map<String, Object> randomMap(Random random, int depth) {
    Map<String, Object> m = new HashMap<>();
    int n = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      // mostly keys and values of the direct path, so that whole configs take it
      String key = random.nextInt(10) < 8 ? KEYS[random.nextInt(9)] : KEYS[random.nextInt(KEYS.length)];
      m.put(key, randomValue(random, depth));
    }
    return m;
  }

  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(20);
    if (kind == 0 && depth < 3) {
      return randomMap(random, depth + 1);
    }
    if (kind == 1) {
      return List.of(SCALARS[6], SCALARS[16]);
    }
    int pool = random.nextInt(10) < 8 ? 21 : SCALARS.length; // the first 21 are plain
    return SCALARS[random.nextInt(pool)];
  }

  private static List<Object> randomList(Random random) {
    List<Object> list = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      list.add(random.nextInt(30) == 0 ? "Mult" : randomMap(random, 0));
    }
    return list;
  }

  @Test
  void plainWordsAreThoseThatReadBackAsStrings() {
    assertTrue(PlainYaml.plain("Mult"));
    assertTrue(PlainYaml.plain("/tmp/a.b-c_d"));
    assertTrue(PlainYaml.plain("_"));
    assertTrue(PlainYaml.plain("yess"));
    assertFalse(PlainYaml.plain("YES"));
    assertFalse(PlainYaml.plain("Off"));
    assertFalse(PlainYaml.plain("0x1"));
    assertFalse(PlainYaml.plain(".inf"));
    assertFalse(PlainYaml.plain("a,b"));
    // what the direct path writes, PyYaml reads back as the same string
    for (String s : List.of("Mult", "/tmp/a.b-c_d", "_", "yess", "nullable", "On1")) {
      assertEquals(Map.of("k", s), PyYaml.load(PlainYaml.dump(Map.of("k", s))));
    }
    assertNotNull(PlainYaml.dump(Map.of("k", "On1")));
  }
}
