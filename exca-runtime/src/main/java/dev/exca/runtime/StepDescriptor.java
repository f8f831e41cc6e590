package dev.exca.runtime;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a generated step class knows about its method, fixed at compile time: the step name and
 * version, its item and output types and its configuration parameters in declaration order. Made
 * once per generated class, in a static field, and passed to {@link GeneratedStep}.
 *
 * <p>This type is the contract between the annotation processor and the runtime; user code
 * rarely needs it.
 */
public final class StepDescriptor {

  /** One configuration parameter. */
  public static final class Param {
    private final String name;
    private final boolean hasDefault;
    private final Object defaultValue;
    private final boolean excluded;

    private Param(String name, boolean hasDefault, Object defaultValue, boolean excluded) {
      this.name = name;
      this.hasDefault = hasDefault;
      this.defaultValue = defaultValue;
      this.excluded = excluded;
    }

    /**
     * The parameter name, as in the method and the uid.
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * Whether the parameter has a {@code @Default}.
     *
     * @return true when it has one
     */
    public boolean hasDefault() {
      return hasDefault;
    }

    /**
     * The default value (boxed), when {@link #hasDefault()}.
     *
     * @return the default, possibly null
     */
    public Object defaultValue() {
      return defaultValue;
    }

    /**
     * Whether the parameter is kept out of the uid ({@code @ExcludeFromUid}).
     *
     * @return true when excluded
     */
    public boolean excluded() {
      return excluded;
    }
  }

  private final String name;
  private final String version;
  private final String origin;
  private final Type itemType;
  private final boolean primitiveItem;
  private final Type outputType;
  private final boolean batch;
  private final List<Param> params;

  private StepDescriptor(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.origin = b.origin;
    this.itemType = b.itemType;
    this.primitiveItem = b.primitiveItem;
    this.outputType = b.outputType;
    this.batch = b.batch;
    this.params = List.copyOf(b.params);
  }

  /**
   * Starts a descriptor.
   *
   * @param name the step name ({@code type=<name>} in the uid)
   * @param origin the annotated method, as {@code com.acme.Ops#mult}, for messages
   * @return a builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is empty
   */
  public static Builder builder(String name, String origin) {
    return new Builder(name, origin);
  }

  /**
   * The step name.
   *
   * @return for example {@code Mult}
   */
  public String name() {
    return name;
  }

  /**
   * The version, entering the uid as {@code version=<v>} when not empty.
   *
   * @return the version, or {@code ""}
   */
  public String version() {
    return version;
  }

  /**
   * The annotated method.
   *
   * @return for example {@code com.acme.Ops#mult}
   */
  public String origin() {
    return origin;
  }

  /**
   * Whether the step takes no item.
   *
   * @return true for generators
   */
  public boolean generator() {
    return itemType == null;
  }

  /**
   * The item type (boxed), {@code null} for generators.
   *
   * @return the item type
   */
  public Type itemType() {
    return itemType;
  }

  /**
   * Whether the item parameter is a primitive, so that {@code null} is not a valid item.
   *
   * @return true for a primitive item
   */
  public boolean primitiveItem() {
    return primitiveItem;
  }

  /**
   * The result type (boxed), used to read results back from the cache.
   *
   * @return the output type
   */
  public Type outputType() {
    return outputType;
  }

  /**
   * Whether the method is a {@code @Batch} method.
   *
   * @return true for batch steps
   */
  public boolean batch() {
    return batch;
  }

  /**
   * The configuration parameters in declaration order.
   *
   * @return the parameters
   */
  public List<Param> params() {
    return params;
  }

  /** Builds a {@link StepDescriptor}; each setter may be called once. */
  public static final class Builder {
    private final String name;
    private final String origin;
    private String version = "";
    private Type itemType;
    private boolean itemSet;
    private boolean primitiveItem;
    private Type outputType;
    private boolean batch;
    private final List<Param> params = new ArrayList<>();

    private Builder(String name, String origin) {
      this.name = Objects.requireNonNull(name, "name");
      this.origin = Objects.requireNonNull(origin, "origin");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("step name must not be empty");
      }
    }

    /**
     * Sets the version.
     *
     * @param version the version, {@code ""} for none
     * @return this builder
     */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Declares the item type; without this call the step is a generator.
     *
     * @param itemType the boxed item type
     * @param primitive whether the method parameter is a primitive
     * @return this builder
     * @throws IllegalStateException if the item was already set
     */
    public Builder item(Type itemType, boolean primitive) {
      if (itemSet) {
        throw new IllegalStateException("item was already set to " + this.itemType);
      }
      this.itemType = Objects.requireNonNull(itemType, "itemType");
      this.primitiveItem = primitive;
      this.itemSet = true;
      return this;
    }

    /**
     * Declares the result type.
     *
     * @param outputType the boxed result type
     * @return this builder
     */
    public Builder output(Type outputType) {
      this.outputType = Objects.requireNonNull(outputType, "outputType");
      return this;
    }

    /**
     * Marks the step as a {@code @Batch} step.
     *
     * @return this builder
     */
    public Builder batch() {
      this.batch = true;
      return this;
    }

    /**
     * Adds a required configuration parameter.
     *
     * @param name its name
     * @param excluded whether it is kept out of the uid
     * @return this builder
     */
    public Builder param(String name, boolean excluded) {
      params.add(new Param(checkName(name), false, null, excluded));
      return this;
    }

    /**
     * Adds a configuration parameter with a default.
     *
     * @param name its name
     * @param defaultValue its default (boxed)
     * @param excluded whether it is kept out of the uid
     * @return this builder
     */
    public Builder paramWithDefault(String name, Object defaultValue, boolean excluded) {
      params.add(new Param(checkName(name), true, defaultValue, excluded));
      return this;
    }

    private String checkName(String name) {
      Objects.requireNonNull(name, "name");
      for (Param p : params) {
        if (p.name.equals(name)) {
          throw new IllegalArgumentException("parameter " + name + " was already declared");
        }
      }
      return name;
    }

    /**
     * Builds the descriptor.
     *
     * @return the descriptor
     * @throws IllegalStateException if the output type is missing
     */
    public StepDescriptor build() {
      if (outputType == null) {
        throw new IllegalStateException("output type of step " + name + " is not set");
      }
      return new StepDescriptor(this);
    }
  }
}
