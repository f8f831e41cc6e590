package dev.exca.processor.validation;

import java.util.List;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Recognises the containers of a {@code @Batch} method's item parameter and return type. */
public final class BatchShapes {
  /** The containers a batch method may take and return, by qualified name. */
  public static final List<String> CONTAINERS =
      List.of(
          "java.util.Iterator", "java.lang.Iterable", "java.util.stream.Stream", "java.util.List");

  /** What a type is, as a batch container. */
  public enum Kind {
    /** One of {@link #CONTAINERS} with a usable element type. */
    CONTAINER,
    /** One of {@link #CONTAINERS} without type arguments. */
    RAW,
    /** Anything else, including a container whose element type is not fixed. */
    OTHER
  }

  /**
   * A type seen as a batch container.
   *
   * @param kind what the type is
   * @param container the container's qualified name, for {@link Kind#CONTAINER} and {@link
   *     Kind#RAW}
   * @param element the element type, for {@link Kind#CONTAINER}
   */
  public record Shape(Kind kind, String container, TypeMirror element) {
    /** The container's simple name, such as {@code Iterator}. */
    public String simpleContainer() {
      return container.substring(container.lastIndexOf('.') + 1);
    }
  }

  private final TypeRules rules;

  public BatchShapes(TypeRules rules) {
    this.rules = rules;
  }

  /**
   * The shape of an item parameter: {@code Iterator<V>}, {@code Iterator<? extends V>} (both give
   * {@code V}) or {@code Iterator<?>} (gives {@code Object}), and the same for the other
   * containers.
   */
  public Shape input(TypeMirror type) {
    Shape raw = container(type);
    if (raw.kind() != Kind.CONTAINER) {
      return raw;
    }
    TypeMirror element = rules.upperBound(raw.element());
    return element == null
        ? new Shape(Kind.OTHER, null, null)
        : new Shape(Kind.CONTAINER, raw.container(), element);
  }

  /** The shape of a return type: the element type must be a plain type, not a wildcard. */
  public Shape output(TypeMirror type) {
    Shape raw = container(type);
    if (raw.kind() == Kind.CONTAINER && raw.element().getKind() == TypeKind.WILDCARD) {
      return new Shape(Kind.OTHER, null, null);
    }
    return raw;
  }

  private static Shape container(TypeMirror type) {
    String name = TypeRules.qualifiedName(type);
    if (!CONTAINERS.contains(name)) {
      return new Shape(Kind.OTHER, null, null);
    }
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    if (args.isEmpty()) {
      return new Shape(Kind.RAW, name, null);
    }
    return new Shape(Kind.CONTAINER, name, args.get(0));
  }
}
