package dev.exca.processor.model;

/** A parameter of a {@code @Step} method: configuration, or the item. */
public sealed interface Parameter permits ConfigParam, ItemParam {
  /** The parameter name, as declared. */
  String name();
}
