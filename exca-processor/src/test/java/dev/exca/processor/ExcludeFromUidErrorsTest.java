package dev.exca.processor;

import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Errors about {@code @ExcludeFromUid}. */
class ExcludeFromUidErrorsTest {

  @Test
  void onItem() {
    JavaFileObject ops =
        ops(
            "  @Step static double twice(",
            "      @Item @ExcludeFromUid double value) { return 2 * value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaExcludeOnItem] @ExcludeFromUid on the @Item parameter value has no effect: items are"
            + " never part of the step uid; remove it (use @ItemUid to control item uids)",
        "@Item @ExcludeFromUid double value");
  }

  @Test
  void withoutStep() {
    JavaFileObject ops =
        ops("  static double twice(@ExcludeFromUid int threads, double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaParamWithoutStep] @ExcludeFromUid on parameter threads has no effect",
        "double twice(");
  }
}
