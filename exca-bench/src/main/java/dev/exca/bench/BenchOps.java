package dev.exca.bench;

import dev.exca.annotations.Default;
import dev.exca.annotations.Item;
import dev.exca.annotations.Step;

/**
 * The steps the scenarios run: real {@code @Step} methods, compiled by the exca processor into
 * {@code MultStep}, {@code ShiftStep}, {@code SquareStep}, {@code ScaleStep} and {@code BurnStep}.
 * Each is deliberately cheap (except {@link #burn}) so that the scenarios measure exca's overhead.
 */
public final class BenchOps {
  private BenchOps() {}

  /** {@code value * coeff}: the step of the single-step scenarios and the first of the chain. */
  @Step
  static double mult(@Default("2.0") double coeff, @Item double value) {
    return value * coeff;
  }

  /** {@code value + amount}: the second step of the chain. */
  @Step
  static double shift(@Default("1.0") double amount, @Item double value) {
    return value + amount;
  }

  /** {@code value * value}: the third step of the chain. */
  @Step
  static double square(@Item double value) {
    return value * value;
  }

  /** Every element times {@code factor}: the array scenarios ({@code float[1024]} items). */
  @Step
  static float[] scale(@Default("2.0") float factor, @Item float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * factor;
    }
    return out;
  }

  /**
   * CPU-bound work for the backend scenarios: a dependent chain of {@code iterations}
   * multiply-adds (about 2 ms for the default on a 2020s core), which the JIT cannot fold or
   * vectorise.
   */
  @Step
  static double burn(@Default("1100000") int iterations, @Item double value) {
    return burnLoop(iterations, value);
  }

  /** The loop of {@link #burn}, shared with the expected-result checks. */
  static double burnLoop(int iterations, double value) {
    double x = value;
    for (int k = 0; k < iterations; k++) {
      x = x * 0.9999999 + 1e-7;
    }
    return x;
  }
}
