package test;

import dev.exca.runtime.GeneratedStep;
import dev.exca.runtime.Infra;
import dev.exca.runtime.StepDescriptor;
import dev.exca.runtime.TypeLiteral;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/** Step {@code Greet}, generated from {@link Ops#greet}. Do not edit. */
@Generated("dev.exca.processor.ExcaProcessor")
public final class GreetStep extends GeneratedStep<String, List<String>> {
  private static final StepDescriptor DESCRIPTOR = StepDescriptor.builder("Greet", "test.Ops#greet")
      .item(String.class, false)
      .output(new TypeLiteral<List<String>>() {}.type())
      .param("greeting", false)
      .paramWithDefault("style", Ops.Style.PLAIN, false)
      .param("verbose", true)
      .build();

  private final String greeting;

  private final Ops.Style style;

  private final boolean verbose;

  private GreetStep(Builder builder) {
    super(DESCRIPTOR, builder.infra, builder.greeting, builder.style, builder.verbose);
    this.greeting = builder.greeting;
    this.style = builder.style;
    this.verbose = builder.verbose;
  }

  /** Returns a builder; set {@code greeting} and {@code verbose} before {@link Builder#build}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the {@code greeting} parameter. */
  public String greeting() {
    return greeting;
  }

  /** Returns the {@code style} parameter. */
  public Ops.Style style() {
    return style;
  }

  /** Returns the {@code verbose} parameter. */
  public boolean verbose() {
    return verbose;
  }

  /** Returns a builder initialised with this step's configuration. */
  public Builder toBuilder() {
    return new Builder()
        .greeting(greeting)
        .style(style)
        .verbose(verbose)
        .infra(infra());
  }

  /** Returns a copy of this step with another infra ({@code null} for none). */
  @Override
  public GreetStep withInfra(Infra infra) {
    return toBuilder().infra(infra).build();
  }

  @Override
  protected List<String> compute(String name) throws Exception {
    return Ops.greet(greeting, style, verbose, name);
  }

  /** Builds {@link GreetStep}. */
  public static final class Builder {
    private String greeting;

    private Ops.Style style = Ops.Style.PLAIN;

    private boolean verbose;

    private boolean greetingSet;

    private boolean verboseSet;

    private Infra infra;

    private Builder() {
    }

    /** Sets {@code greeting}, which must not be null. */
    public Builder greeting(String greeting) {
      this.greeting = Objects.requireNonNull(greeting, "greeting");
      this.greetingSet = true;
      return this;
    }

    /** Sets {@code style}, which must not be null. */
    public Builder style(Ops.Style style) {
      this.style = Objects.requireNonNull(style, "style");
      return this;
    }

    /** Sets {@code verbose}. */
    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      this.verboseSet = true;
      return this;
    }

    /** Sets the infra ({@code null} for none). */
    public Builder infra(Infra infra) {
      this.infra = infra;
      return this;
    }

    /** Builds the step; throws {@code IllegalStateException} if a required parameter is unset. */
    public GreetStep build() {
      if (!greetingSet) {
        throw new IllegalStateException("GreetStep: required parameter greeting is not set");
      }
      if (!verboseSet) {
        throw new IllegalStateException("GreetStep: required parameter verbose is not set");
      }
      return new GreetStep(this);
    }
  }
}
