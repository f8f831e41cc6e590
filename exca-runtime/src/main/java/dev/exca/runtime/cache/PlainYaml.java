package dev.exca.runtime.cache;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usual step configuration, a mapping (or a list of mappings) of plain words, numbers,
 * booleans and nested mappings, written as {@link PyYaml#dump} writes it, without SnakeYAML.
 *
 * <p>Block YAML of such values has one spelling, so it is written here directly: the first dump
 * through SnakeYAML costs a new JVM about 100 ms of class loading, paid by every run that checks
 * a step folder. Anything that might be spelled otherwise (quoting, escapes, folding, lists,
 * empty containers, long keys) is left to {@link PyYaml}: {@link #dump} then returns null.
 */
final class PlainYaml {
  /** PyYAML writes a key of 128 characters or more as a complex key ({@code ? key}). */
  private static final int MAX_KEY = 100;

  private PlainYaml() {}

  /** The YAML text, or null when the value holds anything but the shapes above. */
  static String dump(Object value) {
    StringBuilder out = new StringBuilder(64);
    if (value instanceof Map<?, ?> map) {
      return mapping(map, 0, false, out) ? out.toString() : null;
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      return null;
    }
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> map)) {
        return null;
      }
      out.append("- ");
      if (!mapping(map, 2, true, out)) {
        return null;
      }
    }
    return out.toString();
  }

  /**
   * Writes the entries of {@code map}, sorted by key, at {@code indent}; the first one on the
   * current line when {@code inline} (the first key of a list item follows its {@code "- "}).
   */
  private static boolean mapping(Map<?, ?> map, int indent, boolean inline, StringBuilder out) {
    if (map.isEmpty()) {
      return false; // {} is written in flow style
    }
    TreeMap<String, Object> sorted = new TreeMap<>(); // ASCII keys: code point order, as PyYAML
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key) || key.length() > MAX_KEY || !plain(key)) {
        return false;
      }
      sorted.put(key, e.getValue());
    }
    boolean first = true;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      if (!first || !inline) {
        out.append(" ".repeat(indent));
      }
      first = false;
      out.append(e.getKey()).append(':');
      Object v = e.getValue();
      if (v instanceof Map<?, ?> nested) {
        out.append('\n');
        if (!mapping(nested, indent + 2, false, out)) {
          return false;
        }
        continue;
      }
      String text = scalar(v);
      if (text == null) {
        return false;
      }
      out.append(' ').append(text).append('\n');
    }
    return true;
  }

  /** A scalar as PyYAML writes it in plain style, or null. */
  private static String scalar(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (v instanceof Double || v instanceof Float) {
      return PyYaml.yamlFloat(((Number) v).doubleValue());
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return Long.toString(((Number) v).longValue());
    }
    if (v instanceof Number || v instanceof Collection<?> || v instanceof Object[]) {
      return null; // other numbers and sequences: PyYaml's general path
    }
    String s = String.valueOf(v); // a Path, an enum, a character: as PyYaml writes them
    return plain(s) ? s : null;
  }

  /**
   * Whether PyYAML writes {@code s} unquoted and reads it back as a string: a letter, {@code _} or
   * {@code /}, then letters, digits and {@code _./-}, and not a YAML 1.1 boolean or null. None of
   * PyYAML's implicit resolvers starts with those characters but the boolean and null ones.
   */
  static boolean plain(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (!(letter(first) || first == '_' || first == '/')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '/' || c == '-')) {
        return false;
      }
    }
    return !RESERVED.contains(s.toLowerCase(Locale.ROOT));
  }

  private static final List<String> RESERVED = List.of("yes", "no", "true", "false", "on", "off", "null");

  private static boolean letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
