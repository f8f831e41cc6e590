package dev.exca.processor;

import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;

import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors about {@code @Item} parameters. */
class ItemErrorsTest {

  @Test
  void twoItems() {
    JavaFileObject ops =
        ops(
            "  @Step static double add(",
            "      @Item double left,",
            "      @Item double right) { return left + right; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepTwoItems] @Step method add has a second @Item parameter right (the first is"
            + " left); keep @Item on the one parameter that receives the item",
        "@Item double right");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thread", "Runnable", "Optional<String>", "List<Thread>", "char[]"})
  void itemTypeWithoutUid(String type) {
    JavaFileObject ops =
        ops("  @Step static double size(", "      @Item " + type + " value) { return 0; }");
    assertOnlyError(
        compile(ops), ops, "[ExcaItemTypeNoUid] item type ", "@Item " + type + " value");
  }

  @Test
  void iteratorItemSuggestsBatch() {
    JavaFileObject ops =
        ops("  @Step static double size(", "      @Item Iterator<String> values) { return 0; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaItemTypeNoUid] item type java.util.Iterator<java.lang.String> of @Step method size"
            + " has no default uid (java.util.Iterator<java.lang.String> is not a value type); add"
            + " a static @ItemUid method String f(java.util.Iterator<java.lang.String> item) to"
            + " Ops; or, if the method takes a batch of items, add @Batch",
        "@Item Iterator<String> values");
  }

  @Test
  void withoutStep() {
    JavaFileObject ops = ops("  static double twice(@Item double value) { return 2 * value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaParamWithoutStep] @Item on parameter value has no effect: twice is not a @Step"
            + " method; add @Step to it or remove @Item",
        "double twice(");
  }

  @Test
  void onConstructorParameter() {
    JavaFileObject ops = ops("  Ops(@Item double value) {}");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaParamWithoutStep] @Item on parameter value has no effect: the constructor of Ops is"
            + " not a @Step method",
        "Ops(@Item");
  }
}
