package dev.exca.bench.jmh;

import dev.exca.bench.MultStep;
import dev.exca.runtime.identity.Uids;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uid computation: the default item uid of a non-integral double, a string and a {@code
 * float[1024]} (md5 of its 4 KiB), and step uids (the folder segment of a step).
 *
 * <pre>java -cp exca-bench/target/exca-bench.jar org.openjdk.jmh.Main UidBench</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UidBench {
  private Object aDouble;
  private Object aString;
  private Object anArray;
  private Map<String, Object> params;

  /** Builds the values once. */
  @Setup
  public void setup() {
    aDouble = 0.5 + 12_345 * 0.001;
    aString = "the quick brown fox jumps over the lazy dog, 42 times";
    float[] a = new float[1024];
    for (int j = 0; j < a.length; j++) {
      a[j] = (float) (12.845 + j * 0.001);
    }
    anArray = a;
    params = Map.of("coeff", 3.0);
  }

  /** {@code Uids.itemUid(12.845)}. */
  @Benchmark
  public String itemUidDouble() {
    return Uids.itemUid(aDouble);
  }

  /** {@code Uids.itemUid("the quick brown fox...")}. */
  @Benchmark
  public String itemUidString() {
    return Uids.itemUid(aString);
  }

  /** {@code Uids.itemUid(new float[1024])}: hashes 4 KiB. */
  @Benchmark
  public String itemUidFloatArray() {
    return Uids.itemUid(anArray);
  }

  /** {@code Uids.stepUid("Mult", {coeff: 3.0})}. */
  @Benchmark
  public String stepUid() {
    return Uids.stepUid("Mult", params);
  }

  /** A generated step built and asked its uid (computed once per instance). */
  @Benchmark
  public String generatedStepUid() {
    return MultStep.builder().coeff(3.0).build().uid();
  }
}
