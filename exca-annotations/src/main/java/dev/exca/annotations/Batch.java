package dev.exca.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a {@link Step} method vectorised: it is called once per sub-batch of items that are not
 * cached yet, instead of once per item.
 *
 * <p>The {@link Item} parameter is an {@code Iterator<V>}, {@code Iterable<V>}, {@code
 * Stream<V>} or {@code List<V>}; the method returns an {@code Iterator<R>}, {@code Stream<R>},
 * {@code Iterable<R>} or {@code List<R>} with exactly one result per consumed input, in order,
 * never yielding a result before consuming its input. The runtime checks this protocol and throws
 * {@code BatchProtocolError} otherwise.
 *
 * <pre>{@code
 * @Step(name = "Embed") @Batch
 * static Stream<float[]> embed(String model, @Item Iterator<String> texts) {
 *   Model m = Model.load(model);                     // expensive setup, once per batch
 *   return Streams.of(texts).map(m::embed);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Batch {}
