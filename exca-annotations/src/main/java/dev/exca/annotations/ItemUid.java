package dev.exca.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static {@code String f(V item)} method whose result is the item uid (the cache key) for
 * every {@link Step} of the same class whose item type is assignable to {@code V}.
 *
 * <p>Use it when the default uid, derived from the item's value, is unsuitable: large items (hash
 * the content), files (hash the bytes, not the path) or types the default cannot describe. Uids
 * longer than 256 characters are shortened with a hash of the middle part.
 *
 * <pre>{@code
 * @ItemUid
 * static String audioUid(Path audio) { return sha256(audio); }
 * }</pre>
 *
 * <p>Two {@code @ItemUid} methods matching one step is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ItemUid {}
