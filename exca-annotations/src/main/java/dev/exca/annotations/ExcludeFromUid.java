package dev.exca.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps a configuration parameter of a {@link Step} method out of the step uid: use it for
 * settings that do not change results (threads, device, batch size, log level).
 *
 * <pre>{@code
 * @Step
 * static float[] embed(String model, @ExcludeFromUid int threads, @Item String text) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface ExcludeFromUid {}
