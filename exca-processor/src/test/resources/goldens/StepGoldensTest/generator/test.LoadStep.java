package test;

import dev.exca.runtime.GeneratedStep;
import dev.exca.runtime.Infra;
import dev.exca.runtime.StepDescriptor;
import java.util.Objects;
import javax.annotation.processing.Generated;

/** Step {@code Load}, generated from {@link Ops#load}. Do not edit. */
@Generated("dev.exca.processor.ExcaProcessor")
public final class LoadStep extends GeneratedStep<Void, double[]> {
  private static final StepDescriptor DESCRIPTOR = StepDescriptor.builder("Load", "test.Ops#load")
      .output(double[].class)
      .paramWithDefault("split", "train", false)
      .paramWithDefault("limit", 100L, false)
      .build();

  private final String split;

  private final long limit;

  private LoadStep(Builder builder) {
    super(DESCRIPTOR, builder.infra, builder.split, builder.limit);
    this.split = builder.split;
    this.limit = builder.limit;
  }

  /** Returns a builder with every parameter at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the step with every parameter at its default. */
  public static LoadStep create() {
    return builder().build();
  }

  /** Returns the {@code split} parameter. */
  public String split() {
    return split;
  }

  /** Returns the {@code limit} parameter. */
  public long limit() {
    return limit;
  }

  /** Returns a builder initialised with this step's configuration. */
  public Builder toBuilder() {
    return new Builder()
        .split(split)
        .limit(limit)
        .infra(infra());
  }

  /** Returns a copy of this step with another infra ({@code null} for none). */
  @Override
  public LoadStep withInfra(Infra infra) {
    return toBuilder().infra(infra).build();
  }

  @Override
  protected double[] generate() throws Exception {
    return Ops.load(split, limit);
  }

  /** Builds {@link LoadStep}. */
  public static final class Builder {
    private String split = "train";

    private long limit = 100L;

    private Infra infra;

    private Builder() {
    }

    /** Sets {@code split}, which must not be null. */
    public Builder split(String split) {
      this.split = Objects.requireNonNull(split, "split");
      return this;
    }

    /** Sets {@code limit}. */
    public Builder limit(long limit) {
      this.limit = limit;
      return this;
    }

    /** Sets the infra ({@code null} for none). */
    public Builder infra(Infra infra) {
      this.infra = infra;
      return this;
    }

    /** Builds the step. */
    public LoadStep build() {
      return new LoadStep(this);
    }
  }
}
