package dev.exca.processor.model;

/**
 * The containers of a {@code @Batch} method: it takes {@code input<V>} and returns {@code
 * output<R>}.
 *
 * @param input the container of the item parameter
 * @param output the container of the results
 */
public record BatchSignature(Container input, Container output) {

  /** A container a batch method takes or returns. */
  public enum Container {
    ITERATOR("java.util.Iterator"),
    ITERABLE("java.lang.Iterable"),
    STREAM("java.util.stream.Stream"),
    LIST("java.util.List");

    private final String qualifiedName;

    Container(String qualifiedName) {
      this.qualifiedName = qualifiedName;
    }

    /** The container with this qualified name. */
    public static Container of(String qualifiedName) {
      for (Container c : values()) {
        if (c.qualifiedName.equals(qualifiedName)) {
          return c;
        }
      }
      throw new IllegalArgumentException("not a batch container: " + qualifiedName);
    }
  }
}
