package dev.exca.runtime.identity;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Port of exca's {@code confdict.UidMaker} (uid version 3). Every value becomes a {@link #string}
 * (readable, filtered, capped at 128 characters per level) and a {@link #hash} (the full content,
 * tagged with its type); the uid is the string followed by 8 hex digits of the md5 of the hash.
 */
final class UidMaker {
  private static final int MAX_STRING_LENGTH = 128;
  private static final String UNSAFE = "/\\\n\t ";

  /** Readable part, brackets included. */
  final String string;

  /** Collision-proof part: {@code typestr:content}, brackets included. */
  final String hash;

  private final boolean bracketed;

  private UidMaker(String rawString, String rawHash, String type, String open, String close) {
    String clean = clean(rawString);
    if (clean.length() > MAX_STRING_LENGTH) { // clean is ASCII: chars are code points
      clean = clean.substring(0, MAX_STRING_LENGTH) + "..." + (clean.length() - MAX_STRING_LENGTH);
    }
    this.bracketed = open != null;
    this.string = bracketed ? open + clean + close : clean;
    this.hash = type + ":" + (bracketed ? open + rawHash + close : rawHash);
  }

  /**
   * The uid maker of {@code value}.
   *
   * @param fix how to get around an unsupported type, appended to the error message
   * @throws IllegalArgumentException if {@code value} holds a type with no uid mapping
   */
  static UidMaker of(Object value, String fix) {
    if (value == null) {
      return scalar("None", "int");
    }
    if (value instanceof Boolean b) {
      return scalar(b ? "True" : "False", "int"); // Python bools are ints
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return number(((Number) value).doubleValue());
    }
    if (value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long
        || value instanceof BigInteger) {
      return scalar(value.toString(), "int");
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return scalar(value.toString(), "str");
    }
    if (value instanceof Enum<?> e) {
      return scalar(e.name(), "str");
    }
    if (value instanceof Path p) {
      return scalar(p.toString(), "str");
    }
    if (value instanceof Map<?, ?> map) {
      List<Map.Entry<String, ?>> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(new SimpleImmutableEntry<>(keyString(k), v)));
      return dict(entries, fix);
    }
    if (value instanceof Record r) {
      return dict(recordEntries(r), fix);
    }
    if (NdArray.accepts(value)) {
      NdArray array = NdArray.of(value);
      String h = array.shape + "-" + array.md5Short8();
      return new UidMaker("data-" + h, h, "array", null, null);
    }
    if (value instanceof Set<?> set) {
      // Python sets iterate in hash order, so exca sorts them by their readable string; the hash
      // breaks ties between equal strings (1 and "1"), which Python leaves to iteration order.
      List<UidMaker> items = children(set, fix);
      items.sort(Comparator.comparing((UidMaker m) -> m.string).thenComparing(m -> m.hash));
      return seq(items);
    }
    if (value instanceof Collection<?> collection) {
      return seq(children(collection, fix));
    }
    if (value instanceof Object[] array) {
      return seq(children(Arrays.asList(array), fix));
    }
    throw new IllegalArgumentException(
        "Cannot compute a uid for a value of type "
            + value.getClass().getName()
            + ": uids support numbers, booleans, null, strings, chars, enums, Paths, lists, sets,"
            + " arrays, maps and records of these. "
            + fix);
  }

  /**
   * The uid: the readable string without its outer brackets, a dash and 8 hex digits of the md5 of
   * the hash; {@code ""} when the readable string is empty (empty string, list, set or map).
   */
  String format() {
    String s = bracketed ? string.substring(1, string.length() - 1) : string;
    return s.isEmpty() ? "" : s + "-" + Md5.short8(hash);
  }

  /** The components of a record, in declaration order, as map entries. */
  static List<Map.Entry<String, ?>> recordEntries(Record record) {
    List<Map.Entry<String, ?>> entries = new ArrayList<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        var accessor = component.getAccessor();
        accessor.setAccessible(true); // records nested in non-public classes
        entries.add(new SimpleImmutableEntry<>(component.getName(), accessor.invoke(record)));
      } catch (IllegalAccessException | RuntimeException e) {
        throw new IllegalArgumentException(
            "Cannot read component "
                + component.getName()
                + " of record "
                + record.getClass().getName()
                + " to compute its uid; make the record public",
            e);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(
            "Accessor of component "
                + component.getName()
                + " of record "
                + record.getClass().getName()
                + " failed while computing its uid",
            e.getCause());
      }
    }
    return entries;
  }

  /** Python's {@code str(key)} for the usual key types. */
  static String keyString(Object key) {
    if (key == null) {
      return "None";
    }
    if (key instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (key instanceof Enum<?> e) {
      return e.name();
    }
    return key.toString();
  }

  private static UidMaker scalar(String text, String type) {
    return new UidMaker(text, text, type, null, null);
  }

  private static UidMaker number(double x) {
    if (PythonFloats.isInteger(x)) {
      return scalar(PythonFloats.intString(x), "int"); // 5.0 and 5 share a uid
    }
    double magnitude = Math.abs(x);
    String text =
        magnitude >= 1e-3 && magnitude <= 1e4 ? PythonFloats.fixed2(x) : PythonFloats.exponent2(x);
    return new UidMaker(text, Long.toString(PythonFloats.hash(x)), "float", null, null);
  }

  private static UidMaker dict(List<Map.Entry<String, ?>> entries, String fix) {
    List<Map.Entry<String, UidMaker>> children = new ArrayList<>();
    for (Map.Entry<String, ?> entry : entries) {
      children.add(new SimpleImmutableEntry<>(entry.getKey(), of(entry.getValue(), fix)));
    }
    // Shortest "key=value" first, then by key, both in code points (Python str semantics).
    children.sort(
        Comparator.comparingInt(
                (Map.Entry<String, UidMaker> e) ->
                    PythonStrings.length(e.getValue().string) + PythonStrings.length(e.getKey()))
            .thenComparing(Map.Entry::getKey, PythonStrings::compare));
    String string =
        children.stream()
            .map(e -> e.getKey() + "=" + e.getValue().string)
            .collect(Collectors.joining(","));
    String hash =
        children.stream()
            .map(e -> e.getKey() + "=" + e.getValue().hash)
            .collect(Collectors.joining(","));
    return new UidMaker(string, hash, "dict", "{", "}");
  }

  private static List<UidMaker> children(Collection<?> values, String fix) {
    List<UidMaker> items = new ArrayList<>();
    for (Object value : values) {
      items.add(of(value, fix));
    }
    return items;
  }

  private static UidMaker seq(List<UidMaker> items) {
    String string = items.stream().map(m -> m.string).collect(Collectors.joining(","));
    String hash = items.stream().map(m -> m.hash).collect(Collectors.joining(","));
    return new UidMaker(string, hash, "seq", "(", ")");
  }

  /**
   * Unsafe path characters become dashes, then everything outside {@code [a-zA-Z0-9{}-=,_.()]}
   * goes.
   */
  private static String clean(String text) {
    // Every unsafe or kept character is ASCII, so walking chars instead of code points is the
    // same: a surrogate (half of a supplementary code point) is dropped like the code point.
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (UNSAFE.indexOf(c) >= 0) {
        out.append('-');
      } else if (isKept(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isKept(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "{}-=,_.()".indexOf(c) >= 0;
  }
}
