package dev.exca.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as an exca step: a pure computation whose results are cached per item.
 *
 * <p>The annotation processor generates, in the same package, a class {@code <name>Step} with a
 * builder holding the configuration (every parameter not marked {@link Item}), a uid derived from
 * that configuration (byte-compatible with the Python exca library) and the wiring to run it
 * inline or on a backend with a filesystem cache.
 *
 * <pre>{@code
 * public final class Ops {
 *   @Step                                   // generates MultStep, step name "Mult"
 *   static double mult(@Default("2.0") double coeff, @Item double value) {
 *     return value * coeff;
 *   }
 * }
 *
 * MultStep mult = MultStep.builder().coeff(3).infra(Infra.cached(folder)).build();
 * double six = mult.run(2.0);
 * }</pre>
 *
 * <p>A method without an {@link Item} parameter is a generator: its step has no input and is run
 * with {@code run()}.
 *
 * <p>Rules checked at compile time: the method is static, not private, not generic and does not
 * return {@code void}; its enclosing classes are not private.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Step {
  /**
   * The step name: the {@code type} entry of its uid and the prefix of the generated class name.
   * Empty (the default) means the method name with its first letter upper-cased.
   *
   * @return the step name, or {@code ""} for the default
   */
  String name() default "";

  /**
   * A version that enters the uid as the string entry {@code version=<v>}. Bump it when the
   * method's behaviour changes so that old cache entries are no longer used. Empty (the default)
   * leaves the uid unchanged.
   *
   * @return the version, or {@code ""} for none
   */
  String version() default "";
}
