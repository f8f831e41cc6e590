package dev.exca.runtime.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden case of {@code exca-uids.json}, produced by the Python implementation (exca 0.5.27):
 * the Java port must give the same strings, byte for byte. The typed values are decoded as the
 * fixtures README says.
 */
class UidFixturesTest {
  private static final JsonNode FIXTURES = load();
  private static final Map<String, JsonNode> STEP_FIELD_TYPES = stepFieldTypes();

  static Stream<Arguments> itemUids() {
    return cases("item_uids");
  }

  static Stream<Arguments> stepUids() {
    return cases("step_uids");
  }

  static Stream<Arguments> chainPaths() {
    return cases("chain_paths");
  }

  static Stream<Arguments> shortItemUids() {
    return cases("short_item_uids");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemUids")
  void itemUid(String id, JsonNode c) {
    assertEquals(c.get("uid").asText(), Uids.itemUid(decode(c.get("value"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stepUids")
  void stepUid(String id, JsonNode c) {
    // excluded_params never reach the uid: only the params are given.
    assertEquals(c.get("uid").asText(), segment(c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chainPaths")
  void chainPath(String id, JsonNode c) {
    List<String> segments = new ArrayList<>();
    c.get("steps").forEach(step -> segments.add(segment(step)));
    assertEquals(texts(c.get("segments")), segments);
    assertEquals(c.get("full_length").asInt(), String.join("/", segments).length());
    String path = Uids.path(segments);
    assertEquals(c.get("path").asText(), path);
    assertEquals(c.get("compressed").asBoolean(), !path.equals(String.join("/", segments)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortItemUids")
  void shortItemUid(String id, JsonNode c) {
    assertEquals(
        c.get("uid").asText(), Uids.shorten(c.get("custom").asText(), c.get("max_length").asInt()));
  }

  private static String segment(JsonNode step) {
    return Uids.stepUid(
        discriminator(step),
        step.get("name").asText(),
        params(step.get("params"), step.get("java")));
  }

  // ---- decoding of the typed values (see the fixtures README) ----

  private static Object decode(JsonNode node) {
    JsonNode v = node.get("v");
    switch (node.get("t").asText()) {
      case "float":
        return parseFloat(node.get("repr").asText());
      case "int":
        return v.isIntegralNumber() && v.canConvertToLong()
            ? (Object) v.asLong()
            : new BigInteger(v.asText());
      case "str":
        return v.asText();
      case "bool":
        return v.asBoolean();
      case "none":
        return null;
      case "list":
        List<Object> list = new ArrayList<>();
        v.forEach(item -> list.add(decode(item)));
        return list;
      case "set":
        Set<Object> set = new HashSet<>();
        v.forEach(item -> set.add(decode(item)));
        return set;
      case "dict":
        Map<String, Object> dict = new LinkedHashMap<>();
        v.forEach(pair -> dict.put(pair.get(0).asText(), decode(pair.get(1))));
        return dict;
      case "ndarray":
        return ndarray(node);
      case "step":
        Map<String, Object> step = new LinkedHashMap<>();
        step.put(discriminator(node), node.get("name").asText());
        step.putAll(params(node.get("params"), STEP_FIELD_TYPES.get(node.get("name").asText())));
        return step;
      default:
        throw new IllegalArgumentException("unknown typed value " + node);
    }
  }

  private static double parseFloat(String repr) {
    switch (repr) {
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        return Double.parseDouble(repr);
    }
  }

  private static String discriminator(JsonNode step) {
    return step.has("discriminator") ? step.get("discriminator").asText() : "type";
  }

  /** The params of a step, each converted to the Java type of its field. */
  private static Map<String, Object> params(JsonNode dict, JsonNode javaTypes) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (JsonNode pair : dict.get("v")) {
      String name = pair.get(0).asText();
      String type = javaTypes == null || !javaTypes.has(name) ? "" : javaTypes.get(name).asText();
      params.put(name, asJava(decode(pair.get(1)), type));
    }
    return params;
  }

  private static Object asJava(Object value, String type) {
    if (value == null) {
      return null;
    }
    if (type.startsWith("List<")) {
      String element = type.substring("List<".length(), type.length() - 1);
      List<Object> list = new ArrayList<>();
      ((List<?>) value).forEach(item -> list.add(asJava(item, element)));
      return list;
    }
    if (type.startsWith("Map<String,")) {
      String element = type.substring("Map<String,".length(), type.length() - 1);
      Map<String, Object> map = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> map.put((String) k, asJava(v, element)));
      return map;
    }
    switch (type) {
      case "int":
      case "Integer":
        return ((Number) value).intValue();
      case "long":
        return ((Number) value).longValue();
      case "double":
      case "Double":
        return ((Number) value).doubleValue();
      case "Path":
        return Path.of((String) value);
      default:
        return value; // boolean, String, steps (already maps)
    }
  }

  private static Object ndarray(JsonNode node) {
    String dtype = node.get("dtype").asText();
    JsonNode values = node.get("v");
    JsonNode shape = node.get("shape");
    if (shape.size() <= 1) { // a 0-d array is hashed as shape (1,) by the reference
      return flat(dtype, values, 0, values.size());
    }
    if (shape.size() != 2) {
      throw new IllegalArgumentException("only 1-D and 2-D arrays are decoded: " + node);
    }
    int rows = shape.get(0).asInt();
    int cols = shape.get(1).asInt();
    Object first = flat(dtype, values, 0, 0);
    Object matrix = Array.newInstance(first.getClass(), rows);
    for (int r = 0; r < rows; r++) {
      Array.set(matrix, r, flat(dtype, values, r * cols, cols));
    }
    return matrix;
  }

  private static Object flat(String dtype, JsonNode values, int from, int count) {
    switch (dtype) {
      case "float64":
        double[] doubles = new double[count];
        for (int i = 0; i < count; i++) {
          doubles[i] = values.get(from + i).asDouble();
        }
        return doubles;
      case "float32":
        float[] floats = new float[count];
        for (int i = 0; i < count; i++) {
          floats[i] = (float) values.get(from + i).asDouble();
        }
        return floats;
      case "int32":
        int[] ints = new int[count];
        for (int i = 0; i < count; i++) {
          ints[i] = values.get(from + i).asInt();
        }
        return ints;
      case "int64":
        long[] longs = new long[count];
        for (int i = 0; i < count; i++) {
          longs[i] = values.get(from + i).asLong();
        }
        return longs;
      case "uint8":
        byte[] bytes = new byte[count];
        for (int i = 0; i < count; i++) {
          bytes[i] = (byte) values.get(from + i).asInt();
        }
        return bytes;
      default:
        throw new IllegalArgumentException("unknown dtype " + dtype);
    }
  }

  // ---- loading ----

  private static JsonNode load() {
    try (InputStream in = UidFixturesTest.class.getResourceAsStream("/exca-uids.json")) {
      if (in == null) {
        throw new IllegalStateException("exca-uids.json is missing from the test resources");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For each step class, an object mapping its field names to their Java types. */
  private static Map<String, JsonNode> stepFieldTypes() {
    ObjectMapper mapper = new ObjectMapper();
    Map<String, JsonNode> types = new HashMap<>();
    for (JsonNode stepClass : FIXTURES.get("step_classes")) {
      var fields = mapper.createObjectNode();
      stepClass
          .get("fields")
          .forEach(f -> fields.put(f.get("name").asText(), f.get("java").asText()));
      types.put(stepClass.get("name").asText(), fields);
    }
    return types;
  }

  private static Stream<Arguments> cases(String section) {
    return StreamSupport.stream(FIXTURES.get(section).spliterator(), false)
        .map(c -> Arguments.of(c.get("id").asText(), c));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
