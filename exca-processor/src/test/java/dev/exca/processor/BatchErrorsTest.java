package dev.exca.processor;

import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors about {@code @Batch} methods. */
class BatchErrorsTest {

  @Test
  void withoutStep() {
    JavaFileObject ops =
        ops(
            "  @Batch",
            "  static List<Double> twice(@Item List<Double> values) { return values; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaBatchWithoutStep] @Batch method twice is not a @Step method; add @Step or remove"
            + " @Batch",
        "@Batch");
  }

  @Test
  void onGenerator() {
    JavaFileObject ops =
        ops("  @Step", "  @Batch", "  static List<Double> load() { return List.of(); }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaBatchGenerator] @Batch method load has no @Item parameter, so it has no items to"
            + " batch; remove @Batch, or add an @Item Iterator<V> parameter",
        "@Batch");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Set<Double>", "Collection<Double>", "double[]", "Double", "List<? super Double>"})
  void wrongContainer(String type) {
    JavaFileObject ops =
        ops(
            "  @Step @Batch static List<Double> twice(",
            "      @Item " + type + " values) { return null; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaBatchContainer] @Item parameter values of @Batch method twice has type",
        type + " values");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Set<Double>",
        "Collection<Double>",
        "Double[]",
        "double",
        "List<? extends Double>"
      })
  void wrongReturn(String type) {
    JavaFileObject ops =
        ops(
            "  @Step @Batch",
            "  static " + type + " twice(@Item List<Double> values) { return null; }");
    assertOnlyError(
        compile(ops), ops, "[ExcaBatchReturn] @Batch method twice returns", type + " twice(");
  }

  @Test
  void rawItemContainer() {
    JavaFileObject ops =
        ops(
            "  @SuppressWarnings(\"rawtypes\")",
            "  @Step @Batch static List<Double> twice(",
            "      @Item Iterator values) { return null; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaBatchRawType] @Batch method twice uses the raw type java.util.Iterator for its item"
            + " parameter values; give the element type, as in Iterator<V>",
        "@Item Iterator values");
  }

  @Test
  void rawReturnContainer() {
    JavaFileObject ops =
        ops(
            "  @SuppressWarnings(\"rawtypes\")",
            "  @Step @Batch",
            "  static Stream twice(@Item List<Double> values) { return null; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaBatchRawType] @Batch method twice uses the raw type java.util.stream.Stream for its"
            + " return type; give the element type, as in Stream<R>",
        "static Stream twice(");
  }

  @Test
  void resultElementWithoutCodec() {
    JavaFileObject ops =
        ops(
            "  @Step @Batch",
            "  static Stream<Runnable> twice(@Item Stream<Double> values) { return null; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaResultNoCodec] @Step method twice returns java.lang.Runnable",
        "twice(");
  }

  @Test
  void itemElementWithoutUid() {
    JavaFileObject ops =
        ops(
            "  @Step @Batch static Stream<Double> twice(",
            "      @Item Iterator<Thread> values) { return null; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaItemTypeNoUid] item type java.lang.Thread of @Step method twice has no default uid",
        "@Item Iterator<Thread> values");
  }
}
