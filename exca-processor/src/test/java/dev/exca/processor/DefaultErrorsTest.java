package dev.exca.processor;

import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors about {@code @Default}. */
class DefaultErrorsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "double     | abc          | a number such as 2.5, NaN or Infinity",
        "double     | ' 2.0'       | a number such as 2.5, NaN or Infinity",
        "double     | 2.0f         | a number such as 2.5, NaN or Infinity",
        "float      | 1e50         | a number such as 2.5 (the f suffix is optional), NaN or"
            + " Infinity",
        "int        | 2.5          | an integer from -2147483648 to 2147483647",
        "int        | 99999999999  | an integer from -2147483648 to 2147483647",
        "byte       | 200          | an integer from -128 to 127",
        "short      | x            | an integer from -32768 to 32767",
        "long       | 10x          | an integer such as 10 (the L suffix is optional)",
        "boolean    | yes          | true or false",
        "char       | ab           | exactly one character",
        "Integer    | nil          | an integer from -2147483648 to 2147483647, or null",
        "Color      | PURPLE       | one of the constants RED, GREEN",
        "BigDecimal | 1,5          | a decimal number such as 1.25",
        "BigInteger | 1.5          | an integer such as 12345678901234567890",
      })
  void invalidLiteral(String type, String literal, String hint) {
    JavaFileObject ops =
        ops(
            "  enum Color { RED, GREEN }",
            "  @Step static double mult(",
            "      @Default(\"" + literal + "\") " + type + " config,",
            "      @Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaDefaultInvalid] @Default(\""
            + literal
            + "\") of parameter config is not a valid "
            + (type.equals("Color")
                ? "test.Ops.Color"
                : type.startsWith("Big")
                    ? "java.math." + type
                    : type.equals("Integer") ? "java.lang.Integer" : type)
            + "; write "
            + hint,
        "@Default(\"" + literal + "\")");
  }

  @Test
  void reportedOnTheAnnotationValue() {
    JavaFileObject ops =
        ops(
            "  @Step static double mult(",
            "      @Default(",
            "          \"abc\")",
            "      double coeff,",
            "      @Item double value) { return value; }");
    assertOnlyError(compile(ops), ops, "[ExcaDefaultInvalid]", "\"abc\")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"List<String>", "Point", "double[]", "Map<String, Integer>"})
  void unsupportedType(String type) {
    JavaFileObject ops =
        ops(
            "  record Point(int x, int y) {}",
            "  @Step static double mult(",
            "      @Default(\"x\") " + type + " config,",
            "      @Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaDefaultUnsupported] @Default is not supported for parameter config of type",
        "@Default(\"x\") " + type);
  }

  @Test
  void onItem() {
    JavaFileObject ops =
        ops(
            "  @Step static double mult(",
            "      @Item @Default(\"1.0\") double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaDefaultOnItem] @Default on the @Item parameter value has no effect: items are inputs,"
            + " not configuration; remove @Default",
        "@Item @Default(\"1.0\") double value");
  }

  @Test
  void withoutStep() {
    JavaFileObject ops =
        ops("  static double mult(@Default(\"2.0\") double coeff) { return coeff; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaParamWithoutStep] @Default on parameter coeff has no effect: mult is not a @Step"
            + " method; add @Step to it or remove @Default",
        "double mult(");
  }
}
