package dev.exca.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a configuration parameter of a {@link Step} method its default, as a Java literal checked
 * at compile time against the parameter type ({@code "2.0"}, {@code "10"}, {@code "true"}, {@code
 * "hello"} for a {@code String}, an enum constant name).
 *
 * <p>A value equal to its default is left out of the step uid, so adding a parameter with a
 * default keeps existing caches valid. Parameters with a default may be left unset on the builder;
 * when every configuration parameter has one, the generated class also has {@code create()}.
 *
 * <pre>{@code
 * @Step
 * static double mult(@Default("2.0") double coeff, @Item double value) { return value * coeff; }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Default {
  /**
   * The default value as text, parsed according to the parameter type.
   *
   * @return the literal
   */
  String value();
}
