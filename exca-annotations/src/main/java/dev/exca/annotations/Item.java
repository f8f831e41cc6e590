package dev.exca.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one parameter of a {@link Step} method that receives the item. Every other parameter
 * is configuration and takes part in the step uid.
 *
 * <pre>{@code
 * @Step
 * static int count(@Item List<String> tokens) { return tokens.size(); }
 * }</pre>
 *
 * <p>With {@link Batch}, the item parameter is a container ({@code Iterator<V>}, {@code
 * Iterable<V>}, {@code Stream<V>} or {@code List<V>}) and the step's item type is {@code V}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Item {}
