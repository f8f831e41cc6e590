package dev.exca.processor;

import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;
import static dev.exca.processor.CompiledClasses.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.GeneratedStep;
import dev.exca.runtime.Infra;
import dev.exca.runtime.Step;
import dev.exca.runtime.StepDescriptor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs generated steps against the runtime: the generated code does what it says. */
class GeneratedStepBehaviourTest {
  private static final CompiledClasses OPS =
      new CompiledClasses(
          compile(
              ops(
                  "  @Step static double mult(@Default(\"2.0\") double coeff, @Item double value)"
                      + " {",
                  "    return value * coeff;",
                  "  }",
                  "  @Step(version = \"2\")",
                  "  static String greet(String greeting, @ExcludeFromUid @Default(\"1\") int"
                      + " threads,",
                  "      @Item String name) {",
                  "    return greeting + \" \" + name;",
                  "  }",
                  "  @Step static double[] range(@Default(\"3\") int n) {",
                  "    double[] out = new double[n];",
                  "    for (int i = 0; i < n; i++) out[i] = i;",
                  "    return out;",
                  "  }",
                  "  @Step @Batch static Stream<Integer> lengths(@Item List<String> words) {",
                  "    return words.stream().map(String::length);",
                  "  }",
                  "  @ItemUid static String wordUid(String word) { return \"w-\" + word; }",
                  "  @Step static Double half(@Item Double value) { return value == null ? null :"
                      + " value / 2; }")));

  @SuppressWarnings("unchecked")
  private static <I, O> Step<I, O> step(Object step) {
    return (Step<I, O>) step;
  }

  private static Object multBuilder() {
    return OPS.callStatic("test.MultStep", "builder");
  }

  @Test
  void createRunsWithDefaults() {
    Step<Double, Double> mult = step(OPS.callStatic("test.MultStep", "create"));
    assertEquals(10.0, mult.run(5.0));
    assertEquals(2.0, call(mult, "coeff"));
    assertNull(mult.infra());
  }

  @Test
  void builderSetsParameters() {
    Object builder = call(multBuilder(), "coeff", double.class, 3.0);
    Step<Double, Double> mult = step(call(builder, "build"));
    assertEquals(15.0, mult.run(5.0));
    assertEquals(3.0, call(mult, "coeff"));
    assertEquals(List.of(3.0), ((GeneratedStep<?, ?>) mult).configValues());
  }

  @Test
  void uidIsExcaCompatible() {
    Step<Double, Double> mult =
        step(call(call(multBuilder(), "coeff", double.class, 3.0), "build"));
    assertEquals("coeff=3,type=Mult-4c6b8f5f", mult.uid());
    assertEquals("5-227dcc9a", mult.itemUid(5.0));
  }

  @Test
  void descriptorDescribesTheMethod() {
    GeneratedStep<?, ?> greet = (GeneratedStep<?, ?>) greetStep("hello");
    StepDescriptor d = greet.stepDescriptor();
    assertEquals("Greet", d.name());
    assertEquals("2", d.version());
    assertEquals("test.Ops#greet", d.origin());
    assertEquals(String.class, d.itemType());
    assertEquals(String.class, d.outputType());
    assertEquals(2, d.params().size());
    assertEquals("greeting", d.params().get(0).name());
    assertTrue(!d.params().get(0).hasDefault() && !d.params().get(0).excluded());
    assertTrue(d.params().get(1).hasDefault() && d.params().get(1).excluded());
    assertEquals(1, d.params().get(1).defaultValue());
  }

  @Test
  void requiredParameterMustBeSet() {
    Object builder = OPS.callStatic("test.GreetStep", "builder");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> call(builder, "build"));
    assertEquals("GreetStep: required parameter greeting is not set", e.getMessage());
  }

  @Test
  void referenceParametersRejectNull() {
    Object builder = OPS.callStatic("test.GreetStep", "builder");
    NullPointerException e =
        assertThrows(
            NullPointerException.class, () -> call(builder, "greeting", String.class, null));
    assertEquals("greeting", e.getMessage());
  }

  @Test
  void toBuilderAndWithInfraCopyTheConfiguration(@TempDir Path folder) {
    Step<String, String> greet = greetStep("hello");
    Object copy = call(call(greet, "toBuilder"), "build");
    assertEquals(greet, copy);
    Infra infra = Infra.cached(folder);
    Step<String, String> cached = greet.withInfra(infra);
    assertSame(infra, cached.infra());
    assertEquals("hello", call(cached, "greeting"));
    assertNotEquals(greet, cached);
    assertEquals(greet.uid(), cached.uid());
  }

  @Test
  void excludedAndVersionedParametersInTheUid() {
    Step<String, String> greet = greetStep("hello");
    Object other = call(call(call(greet, "toBuilder"), "threads", int.class, 8), "build");
    assertEquals(greet.uid(), ((Step<?, ?>) other).uid());
    assertTrue(greet.uid().contains("version=2"), greet.uid());
    assertEquals("hello world", greet.run("world"));
  }

  @Test
  void generatorsRunWithoutItem() {
    Step<Void, double[]> range = step(OPS.callStatic("test.RangeStep", "create"));
    assertEquals(3, range.run().length);
    assertThrows(IllegalStateException.class, () -> range.run(null));
  }

  @Test
  void batchStepsUseTheirItemUid() {
    Step<String, Integer> lengths = step(OPS.callStatic("test.LengthsStep", "create"));
    assertEquals(List.of(1, 3, 2), lengths.runMany(List.of("a", "abc", "ab")).stream().toList());
    assertEquals("w-abc", lengths.itemUid("abc"));
  }

  @Test
  void primitiveItemsRejectNullAndBoxedItemsAcceptIt() {
    Step<Double, Double> mult = step(OPS.callStatic("test.MultStep", "create"));
    assertThrows(IllegalArgumentException.class, () -> mult.run(null));
    Step<Double, Double> half = step(OPS.callStatic("test.HalfStep", "create"));
    assertNull(half.run(null));
  }

  @Test
  void cachedRunsReuseResults(@TempDir Path folder) {
    Step<Double, Double> mult = step(OPS.callStatic("test.MultStep", "create"));
    Step<Double, Double> cached = mult.withInfra(Infra.cached(folder));
    try {
      assertEquals(8.0, cached.run(4.0));
    } catch (UnsupportedOperationException e) {
      Assumptions.abort(
          "the installed exca-runtime has no filesystem cache yet: " + e.getMessage());
    }
    assertTrue(cached.lookup(4.0).cached());
    assertEquals(8.0, cached.lookup(4.0).result());
  }

  private static Step<String, String> greetStep(String greeting) {
    Object builder = OPS.callStatic("test.GreetStep", "builder");
    return step(call(call(builder, "greeting", String.class, greeting), "build"));
  }
}
