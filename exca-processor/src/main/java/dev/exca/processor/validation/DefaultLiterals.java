package dev.exca.processor.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Parses the text of {@code @Default} for a parameter type. Supported: primitives and their boxes
 * (boxes also accept {@code null}), {@code String} (the text as is), enum constant names, {@code
 * BigDecimal}, {@code BigInteger} and {@code Path}.
 */
public final class DefaultLiterals {

  /** The kinds of default values. */
  public enum Kind {
    /**
     * A primitive value; {@link Parsed#value()} is its box ({@code Double}, {@code Character}...).
     */
    PRIMITIVE,
    /** {@code null}, for a boxed type. */
    NULL,
    /** A {@code String}, the text as is. */
    STRING,
    /** An enum constant; the value is its name. */
    ENUM,
    /** A {@code BigDecimal}; the value is its text. */
    BIG_DECIMAL,
    /** A {@code BigInteger}; the value is its text. */
    BIG_INTEGER,
    /** A {@code Path}; the value is its text. */
    PATH
  }

  /** The outcome of parsing a literal. */
  public sealed interface Result permits Parsed, Invalid, Unsupported {}

  /** A valid literal. */
  public record Parsed(Kind kind, Object value) implements Result {}

  /** A literal that does not parse; {@code hint} says what to write instead. */
  public record Invalid(String hint) implements Result {}

  /** A parameter type that has no literal form. */
  public record Unsupported() implements Result {}

  private DefaultLiterals() {}

  /** Parses {@code text} as a default value of {@code type}. */
  public static Result parse(TypeMirror type, String text) {
    if (type.getKind().isPrimitive()) {
      return primitive(type.getKind(), text, false);
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return new Unsupported();
    }
    String name = TypeRules.qualifiedName(type);
    TypeKind unboxed = TypeRules.BOXES.get(name);
    if (unboxed != null) {
      return text.equals("null") ? new Parsed(Kind.NULL, null) : primitive(unboxed, text, true);
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (element.getKind() == ElementKind.ENUM) {
      return enumConstant(element, text);
    }
    switch (name) {
      case "java.lang.String":
        return new Parsed(Kind.STRING, text);
      case "java.math.BigDecimal":
        try {
          new BigDecimal(text);
          return new Parsed(Kind.BIG_DECIMAL, text);
        } catch (NumberFormatException e) {
          return new Invalid("a decimal number such as 1.25");
        }
      case "java.math.BigInteger":
        try {
          new BigInteger(text);
          return new Parsed(Kind.BIG_INTEGER, text);
        } catch (NumberFormatException e) {
          return new Invalid("an integer such as 12345678901234567890");
        }
      case "java.nio.file.Path":
        return text.isEmpty() || text.indexOf('\0') >= 0
            ? new Invalid("a non-empty path without NUL characters")
            : new Parsed(Kind.PATH, text);
      default:
        return new Unsupported();
    }
  }

  private static Result enumConstant(TypeElement enumType, String text) {
    List<String> constants =
        enumType.getEnclosedElements().stream()
            .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
            .map(Element::getSimpleName)
            .map(Object::toString)
            .collect(Collectors.toList());
    if (constants.contains(text)) {
      return new Parsed(Kind.ENUM, text);
    }
    return new Invalid("one of the constants " + String.join(", ", constants));
  }

  private static Result primitive(TypeKind kind, String text, boolean boxed) {
    String orNull = boxed ? ", or null" : "";
    if (!text.equals(text.strip()) || text.isEmpty()) {
      return new Invalid(hint(kind) + orNull);
    }
    try {
      Object value =
          switch (kind) {
            case BOOLEAN -> parseBoolean(text);
            case BYTE -> Byte.parseByte(text);
            case SHORT -> Short.parseShort(text);
            case INT -> Integer.parseInt(text);
            case LONG -> Long.parseLong(stripSuffix(text, "l"));
            case CHAR -> parseChar(text);
            case FLOAT -> parseFloat(text);
            case DOUBLE -> parseDouble(text);
            default -> throw new IllegalArgumentException(kind.toString());
          };
      return new Parsed(Kind.PRIMITIVE, value);
    } catch (IllegalArgumentException e) {
      return new Invalid(hint(kind) + orNull);
    }
  }

  private static Boolean parseBoolean(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    throw new IllegalArgumentException(text);
  }

  private static Character parseChar(String text) {
    if (text.length() != 1) {
      throw new IllegalArgumentException(text);
    }
    return text.charAt(0);
  }

  private static Float parseFloat(String text) {
    float value = Float.parseFloat(stripSuffix(text, "f"));
    if (Float.isInfinite(value) && !text.contains("Infinity")) {
      throw new IllegalArgumentException("out of range: " + text);
    }
    return value;
  }

  private static Double parseDouble(String text) {
    double value = Double.parseDouble(stripSuffix(text, "d"));
    if (Double.isInfinite(value) && !text.contains("Infinity")) {
      throw new IllegalArgumentException("out of range: " + text);
    }
    return value;
  }

  /** Drops Java's optional type suffix ({@code 10L}, {@code 2.5f}); a second one stays invalid. */
  private static String stripSuffix(String text, String suffix) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.endsWith(suffix) && !lower.endsWith("infinity")) {
      return text.substring(0, text.length() - 1);
    }
    if (!Character.isDigit(text.charAt(text.length() - 1))
        && !lower.endsWith("nan")
        && !lower.endsWith("infinity")
        && !lower.endsWith(".")) {
      throw new IllegalArgumentException("bad suffix: " + text);
    }
    return text;
  }

  private static String hint(TypeKind kind) {
    return switch (kind) {
      case BOOLEAN -> "true or false";
      case BYTE -> "an integer from -128 to 127";
      case SHORT -> "an integer from -32768 to 32767";
      case INT -> "an integer from -2147483648 to 2147483647";
      case LONG -> "an integer such as 10 (the L suffix is optional)";
      case CHAR -> "exactly one character";
      case FLOAT -> "a number such as 2.5 (the f suffix is optional), NaN or Infinity";
      case DOUBLE -> "a number such as 2.5, NaN or Infinity";
      default -> "a literal";
    };
  }
}
