package dev.exca.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.exca.processor.model.DefaultValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Writes a {@link DefaultValue} as a Java expression of the parameter type, which also has the
 * parameter's boxed type when passed as an {@code Object} ({@code 2.0}, {@code (short) 3}, {@code
 * 'x'}, {@code Color.RED}, {@code new BigDecimal("1.5")}).
 */
final class DefaultValues {
  private DefaultValues() {}

  /**
   * @param typeReference writes a type in an expression, such as the enum type of a constant
   */
  static CodeBlock expression(DefaultValue value, Function<ClassName, CodeBlock> typeReference) {
    if (value instanceof DefaultValue.Primitive p) {
      return primitive(p.value());
    }
    if (value instanceof DefaultValue.Null) {
      return CodeBlock.of("null");
    }
    if (value instanceof DefaultValue.Text t) {
      return CodeBlock.of("$S", t.value());
    }
    if (value instanceof DefaultValue.EnumConstant e) {
      return CodeBlock.of("$L.$N", typeReference.apply(e.enumType()), e.name());
    }
    if (value instanceof DefaultValue.BigDecimalText d) {
      return CodeBlock.of("new $T($S)", BigDecimal.class, d.text());
    }
    if (value instanceof DefaultValue.BigIntegerText i) {
      return CodeBlock.of("new $T($S)", BigInteger.class, i.text());
    }
    if (value instanceof DefaultValue.PathText p) {
      return CodeBlock.of("$T.of($S)", Path.class, p.text());
    }
    throw new IllegalArgumentException("unknown default value " + value);
  }

  private static CodeBlock primitive(Object value) {
    if (value instanceof Boolean || value instanceof Integer) {
      return CodeBlock.of("$L", value);
    }
    if (value instanceof Byte) {
      return CodeBlock.of("(byte) $L", value);
    }
    if (value instanceof Short) {
      return CodeBlock.of("(short) $L", value);
    }
    if (value instanceof Long) {
      return CodeBlock.of("$LL", value);
    }
    if (value instanceof Character c) {
      return CodeBlock.of("$L", charLiteral(c));
    }
    if (value instanceof Float f) {
      return floating(Float.class, f.isNaN(), f.isInfinite(), f < 0, Float.toString(f) + "f");
    }
    if (value instanceof Double d) {
      return floating(Double.class, d.isNaN(), d.isInfinite(), d < 0, Double.toString(d));
    }
    throw new IllegalArgumentException("not a primitive box: " + value);
  }

  private static CodeBlock floating(
      Class<?> box, boolean nan, boolean infinite, boolean negative, String literal) {
    ClassName type = ClassName.get(box);
    if (nan) {
      return CodeBlock.of("$T.NaN", type);
    }
    if (infinite) {
      return CodeBlock.of(negative ? "$T.NEGATIVE_INFINITY" : "$T.POSITIVE_INFINITY", type);
    }
    return CodeBlock.of("$L", literal);
  }

  /**
   * A char literal. Line terminators, the quote and the backslash need their escapes: a unicode
   * escape of them would be translated before lexing and break the literal.
   */
  static String charLiteral(char c) {
    String body =
        switch (c) {
          case '\'' -> "\\'";
          case '\\' -> "\\\\";
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          case '\b' -> "\\b";
          case '\f' -> "\\f";
          default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
        };
    return "'" + body + "'";
  }
}
