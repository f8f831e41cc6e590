package test;

import dev.exca.runtime.GeneratedStep;
import dev.exca.runtime.Infra;
import dev.exca.runtime.StepDescriptor;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.annotation.processing.Generated;

/** Step {@code Embed}, generated from {@link Ops#embed}. Do not edit. */
@Generated("dev.exca.processor.ExcaProcessor")
public final class EmbedStep extends GeneratedStep<Path, float[]> {
  private static final StepDescriptor DESCRIPTOR = StepDescriptor.builder("Embed", "test.Ops#embed")
      .version("3")
      .item(Path.class, false)
      .output(float[].class)
      .batch()
      .param("modelPath", false)
      .paramWithDefault("threads", 4, true)
      .build();

  private final String modelPath;

  private final int threads;

  private EmbedStep(Builder builder) {
    super(DESCRIPTOR, builder.infra, builder.modelPath, builder.threads);
    this.modelPath = builder.modelPath;
    this.threads = builder.threads;
  }

  /** Returns a builder; set {@code modelPath} before {@link Builder#build}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the {@code modelPath} parameter. */
  public String modelPath() {
    return modelPath;
  }

  /** Returns the {@code threads} parameter. */
  public int threads() {
    return threads;
  }

  /** Returns a builder initialised with this step's configuration. */
  public Builder toBuilder() {
    return new Builder()
        .modelPath(modelPath)
        .threads(threads)
        .infra(infra());
  }

  /** Returns a copy of this step with another infra ({@code null} for none). */
  @Override
  public EmbedStep withInfra(Infra infra) {
    return toBuilder().infra(infra).build();
  }

  @Override
  protected Iterator<float[]> computeBatch(Iterator<Path> audio) throws Exception {
    return resultsOf(Ops.embed(modelPath, threads, audio));
  }

  @Override
  protected String customItemUid(Path audio) {
    return Ops.audioUid(audio);
  }

  /** Builds {@link EmbedStep}. */
  public static final class Builder {
    private String modelPath;

    private int threads = 4;

    private boolean modelPathSet;

    private Infra infra;

    private Builder() {
    }

    /** Sets {@code modelPath}, which must not be null. */
    public Builder modelPath(String modelPath) {
      this.modelPath = Objects.requireNonNull(modelPath, "modelPath");
      this.modelPathSet = true;
      return this;
    }

    /** Sets {@code threads}. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Sets the infra ({@code null} for none). */
    public Builder infra(Infra infra) {
      this.infra = infra;
      return this;
    }

    /** Builds the step; throws {@code IllegalStateException} if a required parameter is unset. */
    public EmbedStep build() {
      if (!modelPathSet) {
        throw new IllegalStateException("EmbedStep: required parameter modelPath is not set");
      }
      return new EmbedStep(this);
    }
  }
}
