package dev.exca.processor.model;

import com.palantir.javapoet.ClassName;

/** The value of a {@code @Default}, parsed for its parameter type. */
public sealed interface DefaultValue {

  /** A primitive value or its box: {@code Boolean}, {@code Byte}, ..., {@code Character}. */
  record Primitive(Object value) implements DefaultValue {}

  /** {@code null}, for a boxed parameter. */
  record Null() implements DefaultValue {}

  /** A {@code String}. */
  record Text(String value) implements DefaultValue {}

  /** An enum constant. */
  record EnumConstant(ClassName enumType, String name) implements DefaultValue {}

  /** A {@code BigDecimal}, by its text. */
  record BigDecimalText(String text) implements DefaultValue {}

  /** A {@code BigInteger}, by its text. */
  record BigIntegerText(String text) implements DefaultValue {}

  /** A {@code Path}, by its text. */
  record PathText(String text) implements DefaultValue {}
}
