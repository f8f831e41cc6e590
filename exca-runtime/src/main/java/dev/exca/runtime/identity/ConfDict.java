package dev.exca.runtime.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config tree of a step uid, as exca builds it with {@code ConfDict.from_model(step, uid=True,
 * exclude_defaults=True).to_uid()}: pydantic's JSON dump (non-finite floats become {@code None}),
 * dotted keys split into nested maps ({@code ConfDict}), then {@code _to_simplified_dict}, which
 * merges every single-key nested map into its parent key ({@code weights.x=3}).
 */
final class ConfDict {
  private ConfDict() {}

  /** The simplified config of one step: its params plus {@code discriminator=name}. */
  static Object of(String discriminator, String name, Map<String, ?> params) {
    Map<String, Object> config = new LinkedHashMap<>();
    params.forEach((key, value) -> set(config, key, normalize(value)));
    config.put(discriminator, name);
    return simplify(config);
  }

  /** JSON-mode values, every nested map (records included) split on dots. */
  private static Object normalize(Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      return null; // pydantic's JSON mode writes NaN and infinities as null
    }
    if (value instanceof Float f && !Float.isFinite(f)) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> dict = new LinkedHashMap<>();
      map.forEach((k, v) -> set(dict, UidMaker.keyString(k), normalize(v)));
      return dict;
    }
    if (value instanceof Record record) {
      Map<String, Object> dict = new LinkedHashMap<>();
      UidMaker.recordEntries(record).forEach(e -> set(dict, e.getKey(), normalize(e.getValue())));
      return dict;
    }
    if (NdArray.accepts(value)) {
      return value; // double[][] is also an Object[]: keep it one ndarray
    }
    if (value instanceof Set<?> set) {
      Set<Object> out = new LinkedHashSet<>();
      set.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Collection<?> collection) {
      return normalizeAll(collection);
    }
    if (value instanceof Object[] array) {
      return normalizeAll(Arrays.asList(array));
    }
    return value;
  }

  private static List<Object> normalizeAll(Collection<?> values) {
    List<Object> out = new ArrayList<>();
    values.forEach(v -> out.add(normalize(v)));
    return out;
  }

  /**
   * Python's {@code ConfDict.__setitem__}: {@code "a.b"} sets {@code b} in the map at {@code a}
   * (created, or replacing a non-map); a map value is merged into an existing map rather than
   * replacing it.
   */
  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> dict, String key, Object value) {
    int dot = key.indexOf('.');
    String head = dot < 0 ? key : key.substring(0, dot);
    if (dot < 0 && !(value instanceof Map)) {
      dict.put(head, value); // an existing key keeps its position, as in a Python dict
      return;
    }
    Object sub = dict.get(head);
    if (dot >= 0 && sub instanceof List) {
      throw new IllegalArgumentException(
          "Config key "
              + key
              + " goes through a list, which step uids do not support in Java;"
              + " put the value in the list itself");
    }
    if (!(sub instanceof Map)) {
      sub = new LinkedHashMap<String, Object>();
      dict.put(head, sub);
    }
    Map<String, Object> subDict = (Map<String, Object>) sub;
    if (dot >= 0) {
      set(subDict, key.substring(dot + 1), value);
    } else {
      ((Map<String, Object>) value).forEach((k, v) -> set(subDict, k, v));
    }
  }

  /** Python's {@code _to_simplified_dict}, children first. */
  private static Object simplify(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            String key = (String) k;
            Object child = simplify(v);
            if (child instanceof Map<?, ?> only && only.size() == 1) {
              Map.Entry<?, ?> entry = only.entrySet().iterator().next();
              key = key + "." + entry.getKey();
              child = entry.getValue();
            }
            out.put(key, child);
          });
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(simplify(v)));
      return out;
    }
    if (value instanceof Set<?> set) {
      Set<Object> out = new LinkedHashSet<>();
      set.forEach(v -> out.add(simplify(v)));
      return out;
    }
    return value;
  }
}
