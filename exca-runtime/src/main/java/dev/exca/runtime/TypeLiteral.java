package dev.exca.runtime;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type at run time, for generated code that must tell the cache how to read a
 * result back: {@code new TypeLiteral<List<String>>() {}.type()}.
 *
 * @param <T> the captured type
 */
public abstract class TypeLiteral<T> {
  private final Type type;

  /**
   * Captures the type argument of the anonymous subclass.
   *
   * @throws IllegalStateException if used without a type argument
   */
  protected TypeLiteral() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType)) {
      throw new IllegalStateException("TypeLiteral needs a type argument: new TypeLiteral<X>() {}");
    }
    this.type = ((ParameterizedType) superclass).getActualTypeArguments()[0];
  }

  /**
   * The captured type.
   *
   * @return the type
   */
  public final Type type() {
    return type;
  }
}
