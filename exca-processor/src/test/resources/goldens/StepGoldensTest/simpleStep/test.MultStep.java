package test;

import dev.exca.runtime.GeneratedStep;
import dev.exca.runtime.Infra;
import dev.exca.runtime.StepDescriptor;
import javax.annotation.processing.Generated;

/** Step {@code Mult}, generated from {@link Ops#mult}. Do not edit. */
@Generated("dev.exca.processor.ExcaProcessor")
public final class MultStep extends GeneratedStep<Double, Double> {
  private static final StepDescriptor DESCRIPTOR = StepDescriptor.builder("Mult", "test.Ops#mult")
      .item(Double.class, true)
      .output(Double.class)
      .paramWithDefault("coeff", 2.0, false)
      .build();

  private final double coeff;

  private MultStep(Builder builder) {
    super(DESCRIPTOR, builder.infra, builder.coeff);
    this.coeff = builder.coeff;
  }

  /** Returns a builder with every parameter at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the step with every parameter at its default. */
  public static MultStep create() {
    return builder().build();
  }

  /** Returns the {@code coeff} parameter. */
  public double coeff() {
    return coeff;
  }

  /** Returns a builder initialised with this step's configuration. */
  public Builder toBuilder() {
    return new Builder()
        .coeff(coeff)
        .infra(infra());
  }

  /** Returns a copy of this step with another infra ({@code null} for none). */
  @Override
  public MultStep withInfra(Infra infra) {
    return toBuilder().infra(infra).build();
  }

  @Override
  protected Double compute(Double value) throws Exception {
    return Ops.mult(coeff, value);
  }

  /** Builds {@link MultStep}. */
  public static final class Builder {
    private double coeff = 2.0;

    private Infra infra;

    private Builder() {
    }

    /** Sets {@code coeff}. */
    public Builder coeff(double coeff) {
      this.coeff = coeff;
      return this;
    }

    /** Sets the infra ({@code null} for none). */
    public Builder infra(Infra infra) {
      this.infra = infra;
      return this;
    }

    /** Builds the step. */
    public MultStep build() {
      return new MultStep(this);
    }
  }
}
