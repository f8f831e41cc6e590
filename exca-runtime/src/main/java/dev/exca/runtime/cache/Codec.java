package dev.exca.runtime.cache;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.Set;

/**
 * Stores results of a type the built-in handlers do not cover ({@code Json} for JSON-like values,
 * {@code MemmapArray} for primitive arrays). Each value is written to its own file, {@code
 * cache/data/{safe uid}-{md5[:8]}.{extension}}, through a temporary file and an atomic move; the
 * index line is {@code {"filename":"data/...","#type":"<name>","#key":"<uid>"}}.
 *
 * <p>Codecs are found with {@link java.util.ServiceLoader}: list the implementation class in
 * {@code META-INF/services/dev.exca.runtime.cache.Codec}. It needs a public no-argument
 * constructor and must be thread-safe. A codec is chosen for a value whose class is one of {@link
 * #types()} (or, failing an exact match, a subclass of exactly one codec's type); codecs take
 * precedence over the built-in handlers.
 *
 * <p>The Python tool lists these entries but cannot load them (it does not know the handler name).
 *
 * @param <T> the stored type
 */
public interface Codec<T> {

  /**
   * The classes this codec stores.
   *
   * @return a non-empty set
   */
  Set<Class<? extends T>> types();

  /**
   * The handler name written as {@code #type} in index lines, e.g. {@code "PngImage"}. Letters,
   * digits, {@code _} and {@code .} only; must not be a built-in handler name ({@code Json},
   * {@code MemmapArray}, {@code MemmapArrayFile}) nor one of exca's ({@code Pickle}, {@code
   * NumpyArray}, {@code DataDict}, ...), and must stay the same for caches to remain readable.
   *
   * @return the name
   */
  String name();

  /**
   * The file extension, without the dot.
   *
   * @return by default the lower-cased {@link #name()}
   */
  default String extension() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Serialises a value.
   *
   * @param value the value, never null (null is always stored as JSON)
   * @return its bytes
   * @throws IOException if it cannot be encoded
   */
  byte[] encode(T value) throws IOException;

  /**
   * Deserialises a value written by {@link #encode}.
   *
   * @param bytes the file's bytes, checked against their stored length and checksum
   * @param type the type the caller declared for the result
   * @return the value
   * @throws IOException if the bytes cannot be decoded
   */
  T decode(byte[] bytes, Type type) throws IOException;
}
