package dev.exca.runtime.cache;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * {@code yaml.safe_dump(value, sort_keys=True)} of PyYAML, byte for byte, for JSON-like values.
 *
 * <p>SnakeYAML's emitter is a line-by-line port of PyYAML's, so quoting, escaping and folding of
 * long strings at 80 columns come out the same. Two things differ and are replaced here: the
 * implicit resolvers (SnakeYAML's float pattern accepts {@code 1e5} and {@code _}, PyYAML's does
 * not, and the resolver decides whether a string needs quotes) and float formatting (PyYAML
 * writes {@code repr(x)}, the shortest round-trip digits, e.g. {@code 1.0e-05}; Java 17's {@code
 * Double.toString} is not always shortest). We build the node tree ourselves so that no Java type
 * reaches SnakeYAML's representers.
 */
final class PyYaml {
  private static final MathContext[] PRECISIONS = new MathContext[18];

  static {
    for (int p = 1; p < PRECISIONS.length; p++) {
      PRECISIONS[p] = new MathContext(p, RoundingMode.HALF_EVEN);
    }
  }

  private PyYaml() {}

  /**
   * Dumps a value as PyYAML's {@code safe_dump(value, sort_keys=True)} would.
   *
   * <p>Maps (keys as strings, sorted by code point), collections and object arrays, strings,
   * numbers, booleans and null are supported; {@link Path}, enums and characters become strings;
   * any other value is written as its {@code toString()}.
   */
  static String dump(Object value) {
    String plain = PlainYaml.dump(value);
    return plain != null ? plain : dumpWithSnakeYaml(value);
  }

  /** {@link #dump} through SnakeYAML's emitter, for any value (tests compare the two paths). */
  static String dumpWithSnakeYaml(Object value) {
    StringWriter out = new StringWriter();
    Map<String, String> placeholders = new HashMap<>();
    yaml().serialize(node(value, placeholders), new UpperHexEscapes(out));
    String text = out.toString();
    for (Map.Entry<String, String> p : placeholders.entrySet()) {
      text = text.replace(p.getKey(), p.getValue());
    }
    return text;
  }

  /** Loads YAML with PyYAML's implicit typing (so {@code 1e5} stays a string, as in Python). */
  static Object load(String text) {
    return yaml().load(text);
  }

  private static Yaml yaml() {
    // Yaml instances are not thread-safe; they are cheap next to the file I/O around them.
    DumperOptions dumper = new DumperOptions();
    dumper.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    dumper.setAllowUnicode(false);
    dumper.setWidth(80);
    dumper.setIndent(2);
    dumper.setSplitLines(true);
    dumper.setLineBreak(DumperOptions.LineBreak.UNIX);
    dumper.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
    LoaderOptions loader = new LoaderOptions();
    return new Yaml(
        new SafeConstructor(loader), new Representer(dumper), dumper, loader, new PyResolver());
  }

  private static Node node(Object value, Map<String, String> placeholders) {
    if (value == null) {
      return scalar(Tag.NULL, "null");
    }
    if (value instanceof Map<?, ?> map) {
      // sort_keys=True: Python sorts str keys by code point, TreeMap by UTF-16 unit; the two agree
      // except around surrogate pairs, hence the explicit comparator.
      Map<String, Object> sorted = new TreeMap<>(PyYaml::compareCodePoints);
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      List<NodeTuple> tuples = new ArrayList<>();
      sorted.forEach(
          (k, v) -> tuples.add(new NodeTuple(string(k, placeholders), node(v, placeholders))));
      return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
    }
    if (value instanceof Collection<?> || value instanceof Object[]) {
      Iterable<?> items = value instanceof Object[] array ? List.of(array) : (Collection<?>) value;
      List<Node> nodes = new ArrayList<>();
      for (Object item : items) {
        nodes.add(node(item, placeholders));
      }
      return new SequenceNode(Tag.SEQ, nodes, DumperOptions.FlowStyle.BLOCK);
    }
    if (value instanceof Boolean b) {
      return scalar(Tag.BOOL, b ? "true" : "false");
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return scalar(Tag.FLOAT, yamlFloat(((Number) value).doubleValue()));
    }
    if (value instanceof Number n) {
      String digits = n instanceof BigInteger ? n.toString() : Long.toString(n.longValue());
      return scalar(Tag.INT, digits);
    }
    return string(String.valueOf(value), placeholders);
  }

  /**
   * A string scalar. SnakeYAML quotes every string of a leading 0 and digits ({@code 019}) lest a
   * YAML 1.1 reader take it for an octal number; PyYAML writes it plain when its resolvers do not
   * read it as a number. Such a string goes through SnakeYAML as a random plain-safe token that is
   * replaced afterwards: a word of digits is never folded nor escaped, so nothing else changes.
   */
  private static Node string(String text, Map<String, String> placeholders) {
    if (leadingZeroDigits(text) && PyResolver.implicitTag(text) == Tag.STR) {
      String token = "excaplain" + UUID.randomUUID().toString().replace("-", "");
      placeholders.put(token, text);
      return scalar(Tag.STR, token);
    }
    return scalar(Tag.STR, text);
  }

  /** SnakeYAML's {@code Emitter.hasLeadingZero}. */
  private static boolean leadingZeroDigits(String text) {
    if (text.length() < 2 || text.charAt(0) != '0') {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static ScalarNode scalar(Tag tag, String text) {
    // PyYAML never writes a string with a line break as a plain scalar (analyze_scalar), SnakeYAML
    // does; asking for single quotes gives PyYAML's choice: single quotes, or double quotes when
    // the string also needs escapes.
    DumperOptions.ScalarStyle style =
        tag == Tag.STR && hasLineBreak(text)
            ? DumperOptions.ScalarStyle.SINGLE_QUOTED
            : DumperOptions.ScalarStyle.PLAIN;
    return new ScalarNode(tag, text, null, null, style);
  }

  private static boolean hasLineBreak(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return true;
      }
    }
    return false;
  }

  /** PyYAML's {@code represent_float}: {@code repr(x).lower()} with {@code .0} added before e. */
  static String yamlFloat(double x) {
    if (Double.isNaN(x)) {
      return ".nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? ".inf" : "-.inf";
    }
    String repr = pythonRepr(x);
    if (repr.indexOf('.') < 0 && repr.indexOf('e') >= 0) {
      repr = repr.replaceFirst("e", ".0e");
    }
    return repr;
  }

  /** CPython's {@code repr(float)} for a finite double: shortest round-trip digits. */
  static String pythonRepr(double x) {
    if (x == 0) {
      return (1 / x < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal shortest = exact;
    for (int p = 1; p < PRECISIONS.length; p++) {
      BigDecimal rounded = exact.round(PRECISIONS[p]);
      if (rounded.doubleValue() == x) {
        shortest = rounded;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    // value = 0.d1d2...dn * 10^decpt, the convention of CPython's float_repr
    int decpt = digits.length() - shortest.scale();
    String sign = x < 0 ? "-" : "";
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        return sign + "0." + "0".repeat(-decpt) + digits;
      }
      if (decpt >= digits.length()) {
        return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
      }
      return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
    int exponent = decpt - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String expDigits = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + expDigits;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * PyYAML writes the hex digits of {@code \\x}, {@code \\u} and {@code \\U} escapes in upper case,
   * SnakeYAML in lower case. SnakeYAML's emitter hands each escape to {@code write(String)} on
   * its own (plain and quoted text go through {@code write(String, int, int)}), so the escapes can
   * be recognised exactly; {@code PyYamlTest} pins this against PyYAML's output.
   */
  private static final class UpperHexEscapes extends FilterWriter {
    private static final Pattern ESCAPE = Pattern.compile("\\\\[xuU][0-9a-f]+");

    UpperHexEscapes(Writer out) {
      super(out);
    }

    @Override
    public void write(String text) throws IOException {
      if (ESCAPE.matcher(text).matches()) {
        text = text.charAt(0) + text.substring(1, 2) + text.substring(2).toUpperCase(Locale.ROOT);
      }
      out.write(text);
    }
  }

  /**
   * PyYAML's {@code Resolver}: same patterns and first characters. Python's {@code re.match}
   * anchors at the start and its {@code $} also matches before a final newline; {@code
   * lookingAt} with {@link Pattern#UNIX_LINES} behaves the same.
   */
  private static final class PyResolver extends Resolver {
    private static final Pattern PY_BOOL =
        py("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$");
    private static final Pattern PY_FLOAT =
        py(
            "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)"
                + "|\\.(?:nan|NaN|NAN))$");
    private static final Pattern PY_INT =
        py(
            "^(?:[-+]?0b[0-1_]+"
                + "|[-+]?0[0-7_]+"
                + "|[-+]?(?:0|[1-9][0-9_]*)"
                + "|[-+]?0x[0-9a-fA-F_]+"
                + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$");
    private static final Pattern PY_MERGE = py("^(?:<<)$");
    private static final Pattern PY_NULL = py("^(?:~|null|Null|NULL|)$");
    private static final Pattern PY_TIMESTAMP =
        py(
            "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
                + "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                + "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
                + ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
                + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$");
    private static final Pattern PY_VALUE = py("^(?:=)$");
    private static final Pattern PY_YAML = py("^(?:!|&|\\*)$");

    private static Pattern py(String regex) {
      return Pattern.compile(regex, Pattern.UNIX_LINES);
    }

    /** (first characters, pattern, tag), in PyYAML's registration order. */
    private static final List<Object[]> RESOLVERS =
        List.of(
            new Object[] {"yYnNtTfFoO", PY_BOOL, Tag.BOOL},
            new Object[] {"-+0123456789.", PY_FLOAT, Tag.FLOAT},
            new Object[] {"-+0123456789", PY_INT, Tag.INT},
            new Object[] {"<", PY_MERGE, Tag.MERGE},
            new Object[] {"~nN", PY_NULL, Tag.NULL},
            new Object[] {"0123456789", PY_TIMESTAMP, Tag.TIMESTAMP},
            new Object[] {"=", PY_VALUE, new Tag("tag:yaml.org,2002:value")},
            new Object[] {"!&*", PY_YAML, Tag.YAML});

    @Override
    protected void addImplicitResolvers() {
      // resolve() below does the implicit resolution; SnakeYAML's own table stays empty.
    }

    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      if (kind != NodeId.scalar || !implicit) {
        return super.resolve(kind, value, implicit);
      }
      return implicitTag(value);
    }

    /** The tag PyYAML gives a plain scalar of this text. */
    static Tag implicitTag(String value) {
      if (value.isEmpty()) {
        return Tag.NULL; // PyYAML registers the null resolver for the empty first character
      }
      char first = value.charAt(0);
      for (Object[] resolver : RESOLVERS) {
        if (((String) resolver[0]).indexOf(first) >= 0
            && ((Pattern) resolver[1]).matcher(value).lookingAt()) {
          return (Tag) resolver[2];
        }
      }
      return Tag.STR;
    }
  }
}
