package dev.exca.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * The {@code @Item} parameter.
 *
 * @param name the parameter name
 * @param type the declared type: the item type, or the container of a {@code @Batch} method
 * @param itemType the step's item type, boxed: {@code I} in {@code Step<I, O>}
 */
public record ItemParam(String name, TypeName type, TypeName itemType) implements Parameter {
  /** Whether the parameter is a primitive, so that {@code null} is not a valid item. */
  public boolean primitive() {
    return type.isPrimitive();
  }
}
