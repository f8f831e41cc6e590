package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;
import static dev.exca.processor.Compilations.source;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated classes compile without a single warning ({@code -Xlint:all}) for every shape of
 * step, and contain the expected pieces.
 */
class GeneratedCodeTest {

  private static StringSubject generated(Compilation compilation, String name) {
    assertThat(compilation).succeededWithoutWarnings();
    return assertThat(compilation).generatedSourceFile(name).contentsAsUtf8String();
  }

  @Test
  void nestedClassesQualifyTheCall() {
    Compilation compilation =
        compile(
            ops(
                "  static final class Inner {",
                "    interface Deeper {",
                "      @Step static double mult(double coeff, @Item double value) { return coeff *"
                    + " value; }",
                "    }",
                "  }"));
    generated(compilation, "test.MultStep").contains("return Ops.Inner.Deeper.mult(coeff, value);");
    generated(compilation, "test.MultStep").contains("\"test.Ops.Inner.Deeper#mult\"");
  }

  @Test
  void defaultPackage() {
    Compilation compilation =
        compile(
            JavaFileObjects.forSourceLines(
                "Ops",
                "import dev.exca.annotations.*;",
                "final class Ops {",
                "  @Step static double mult(@Item double value) { return value; }",
                "}"));
    generated(compilation, "MultStep").contains("\"Ops#mult\"");
  }

  @ParameterizedTest
  @CsvSource({
    "Iterator, Iterator, values",
    "Iterator, Stream, values",
    "Iterator, Iterable, values",
    "Iterator, List, values",
    "Stream, Iterator, toStream(values)",
    "Stream, Stream, toStream(values)",
    "Iterable, Iterable, toIterable(values)",
    "List, List, toList(values)",
  })
  void batchContainers(String input, String output, String argument) {
    Compilation compilation =
        compile(
            ops(
                "  @Step @Batch static " + output + "<String> show(",
                "      @Default(\"x\") String prefix, @Item " + input + "<Double> values) {",
                "    return null;",
                "  }"));
    generated(compilation, "test.ShowStep")
        .contains(
            "protected Iterator<String> computeBatch(Iterator<Double> values) throws Exception {\n"
                + "    return resultsOf(Ops.show(prefix, "
                + argument
                + "));");
  }

  @Test
  void batchInputMayUseAWildcard() {
    Compilation compilation =
        compile(
            ops(
                "  @Step @Batch static List<String> show(@Item Iterator<? extends Path> values) {",
                "    return null;",
                "  }"));
    generated(compilation, "test.ShowStep").contains(".item(Path.class, false)");
  }

  @Test
  void genericTypesUseTypeLiterals() {
    Compilation compilation =
        compile(
            ops(
                "  @Step static Map<String, List<Integer>> count(",
                "      Map<String, Set<Integer>> weights, @Item List<String> tokens) {",
                "    return null;",
                "  }"));
    generated(compilation, "test.CountStep")
        .contains(
            ".item(new TypeLiteral<List<String>>() {}.type(), false)\n"
                + "      .output(new TypeLiteral<Map<String, List<Integer>>>() {}.type())");
  }

  @Test
  void generatorsExtendVoidSteps() {
    Compilation compilation =
        compile(ops("  @Step static int[] range(@Default(\"3\") int n) { return new int[n]; }"));
    generated(compilation, "test.RangeStep").contains("extends GeneratedStep<Void, int[]>");
    generated(compilation, "test.RangeStep")
        .contains("protected int[] generate() throws Exception {\n    return Ops.range(n);");
  }

  @Test
  void aLoneArrayParameterIsOneConfigValue() {
    Compilation compilation =
        compile(ops("  @Step static int count(String[] names, @Item String text) { return 0; }"));
    generated(compilation, "test.CountStep")
        .contains("super(DESCRIPTOR, builder.infra, (Object) builder.names);");
  }

  @Test
  void varargsMethods() {
    Compilation compilation =
        compile(ops("  @Step static int count(@Item String text, int... sizes) { return 0; }"));
    generated(compilation, "test.CountStep").contains("return Ops.count(text, sizes);");
  }

  @Test
  void parameterNamesNeverClashWithGeneratedNames() {
    Compilation compilation =
        compile(
            ops(
                "  enum Color { RED, GREEN }",
                "  @Step static double mult(",
                "      double DESCRIPTOR, String Objects, double valueSet, double value, String"
                    + " Ops,",
                "      double Builder, @Default(\"RED\") Color Color, @Item double items) {",
                "    return items;",
                "  }"));
    StringSubject source = generated(compilation, "test.MultStep");
    source.contains("private static final StepDescriptor DESCRIPTOR_ =");
    source.contains("this.Objects = java.util.Objects.requireNonNull(Objects, \"Objects\");");
    source.contains("this.valueSet_ = true;");
    source.contains(
        "return test.Ops.mult(DESCRIPTOR, Objects, valueSet, value, Ops, Builder, Color, items);");
    source.contains("private Ops.Color Color = test.Ops.Color.RED;");
  }

  @Test
  void checkedExceptionsPassThrough() {
    Compilation compilation =
        compile(
            ops(
                "  @Step static String read(@Item Path file) throws java.io.IOException {",
                "    return java.nio.file.Files.readString(file);",
                "  }"));
    generated(compilation, "test.ReadStep")
        .contains("protected String compute(Path file) throws Exception");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "boolean    | true          | true",
        "byte       | -3            | (byte) -3",
        "short      | 12            | (short) 12",
        "int        | -2147483648   | -2147483648",
        "long       | 10L           | 10L",
        "float      | 2.5           | 2.5f",
        "float      | NaN           | Float.NaN",
        "double     | 2             | 2.0",
        "double     | -Infinity     | Double.NEGATIVE_INFINITY",
        "double     | 1e10          | 1.0E10",
        "char       | '             | '\\''",
        "char       | é             | '\\u00e9'",
        "Boolean    | false         | false",
        "Character  | x             | 'x'",
        "Long       | 7             | 7L",
        "Double     | null          | null",
        "String     | ` a \"b\" `   | \" a \\\"b\\\" \"",
        "String     | ``            | \"\"",
        "Color      | GREEN         | Ops.Color.GREEN",
        "BigDecimal | 1.50          | new BigDecimal(\"1.50\")",
        "BigInteger | -12345678901234567890 | new BigInteger(\"-12345678901234567890\")",
        "Path       | data/in.txt   | Path.of(\"data/in.txt\")",
      })
  void defaults(String type, String literal, String expression) {
    Compilation compilation =
        compile(
            ops(
                "  enum Color { RED, GREEN }",
                "  @Step static double mult(",
                "      @Default(\""
                    + literal.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\") "
                    + type
                    + " config,",
                "      @Item double value) { return value; }"));
    StringSubject source = generated(compilation, "test.MultStep");
    source.contains(".paramWithDefault(\"config\", " + expression + ", false)");
    source.contains(" config = " + expression + ";");
    source.contains("public static MultStep create()");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "boolean",
        "byte",
        "short",
        "int",
        "long",
        "float",
        "double",
        "char",
        "Boolean",
        "Integer",
        "Character",
        "String",
        "BigDecimal",
        "BigInteger",
        "Path",
        "Color",
        "int[]",
        "double[][]",
        "boolean[]",
        "String[]",
        "List<String>",
        "Set<Color>",
        "Collection<Long>",
        "Map<String, List<Double>>",
        "List<? extends Point>",
        "Point",
        "Pair<String, Point>",
        "Tree",
        "MultStep",
        "dev.exca.runtime.Step<Double, Double>",
        "List<MultStep>"
      })
  void acceptedConfigTypes(String type) {
    Compilation compilation =
        compile(
            ops(
                "  enum Color { RED, GREEN }",
                "  record Point(int x, double y) {}",
                "  record Pair<A, B>(A first, B second) {}",
                "  record Tree(String label, List<Tree> children) {}",
                "  @Step static double mult(@Item double value) { return value; }",
                "  @Step static double apply("
                    + type
                    + " config, @Item double value) { return value; }"));
    generated(compilation, "test.ApplyStep").contains(".param(\"config\", false)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "double",
        "Object",
        "String",
        "Path",
        "Color",
        "List<Object>",
        "Map<String, Object>",
        "float[]",
        "Point",
        "Set<List<Integer>>"
      })
  void acceptedItemTypes(String type) {
    Compilation compilation =
        compile(
            ops(
                "  enum Color { RED, GREEN }",
                "  record Point(int x, double y) {}",
                "  @Step static int apply(@Item " + type + " value) { return 0; }"));
    generated(compilation, "test.ApplyStep").contains("protected Integer compute(");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "double",
        "char",
        "Boolean",
        "String",
        "Path",
        "BigDecimal",
        "Color",
        "double[]",
        "float[][]",
        "char[]",
        "String[]",
        "List<String>",
        "Set<Color>",
        "Map<String, Double>",
        "Map<Color, List<Integer>>",
        "Map<Long, String>",
        "Point",
        "Bean",
        "Box<String>",
        "StringBuilder",
        "Tree"
      })
  void acceptedResultTypes(String type) {
    String zero = type.equals("double") || type.equals("char") ? "0" : "null";
    Compilation compilation =
        compile(
            ops(
                "  enum Color { RED, GREEN }",
                "  record Point(int x, double y) {}",
                "  record Tree(String label, List<Tree> children) {}",
                "  public static final class Bean { public Bean() {} public int x; }",
                "  public static final class Box<T> { public T value; }",
                "  @Step static " + type + " make(@Item double value) { return " + zero + "; }"));
    generated(compilation, "test.MakeStep").contains("protected ");
  }

  @Test
  void stepsOfSeveralClassesAndPackages() {
    Compilation compilation =
        compile(
            ops("  @Step static double mult(@Item double value) { return value; }"),
            source(
                "More",
                "final class More {",
                "  @Step static double add(@Item double value) { return value; }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.MultStep");
    assertThat(compilation).generatedSourceFile("test.AddStep");
  }
}
