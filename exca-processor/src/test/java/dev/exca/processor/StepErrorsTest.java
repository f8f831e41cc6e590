package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;
import static dev.exca.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Errors about {@code @Step} methods themselves: modifiers, names, configuration, results. */
class StepErrorsTest {

  @Test
  void notStatic() {
    JavaFileObject ops = ops("  @Step double mult(@Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepNotStatic] @Step method mult must be static; put configuration in its parameters",
        "double mult(");
  }

  @Test
  void isPrivate() {
    JavaFileObject ops =
        ops("  @Step private static double mult(@Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepPrivate] @Step method mult must not be private; make it package-private so that"
            + " the generated MultStep can call it",
        "double mult(");
  }

  @Test
  void generic() {
    JavaFileObject ops =
        ops("  @Step static <T> double mult(@Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepGeneric] @Step method mult must not have type parameters",
        "double mult(");
  }

  @Test
  void privateEnclosingClass() {
    JavaFileObject ops =
        ops(
            "  private static final class Inner {",
            "    @Step static double mult(@Item double value) { return value; }",
            "  }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepEnclosingPrivate] @Step method mult must not be nested in the private class"
            + " Inner; make Inner package-private",
        "double mult(");
  }

  @Test
  void returnsVoid() {
    JavaFileObject ops = ops("  @Step static void mult(@Item double value) {}");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepVoid] @Step method mult must return a value, not void",
        "void mult(");
  }

  @Test
  void badName() {
    JavaFileObject ops =
        ops(
            "  @Step(name = \"my step\")",
            "  static double mult(@Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaStepBadName] @Step name \"my step\" is not a valid Java identifier",
        "@Step(name = \"my step\")");
  }

  @Test
  void keywordName() {
    JavaFileObject ops =
        ops(
            "  @Step(name = \"class\")",
            "  static double mult(@Item double value) { return value; }");
    assertOnlyError(compile(ops), ops, "[ExcaStepBadName]", "@Step(name = \"class\")");
  }

  @Test
  void versionClashesWithParameter() {
    JavaFileObject ops =
        ops(
            "  @Step(version = \"2\")",
            "  static double mult(",
            "      String version,",
            "      @Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaVersionClash] @Step method mult has a version and a parameter named version",
        "String version,");
  }

  @Test
  void parameterNamedVersionWithoutVersionIsFine() {
    Compilation compilation =
        compile(
            ops(
                "  @Step static double mult(String version, @Item double value) { return value;"
                    + " }"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "infra",
        "uid",
        "itemUid",
        "run",
        "runMany",
        "lookup",
        "then",
        "withInfra",
        "toBuilder",
        "builder",
        "create",
        "build",
        "stepDescriptor",
        "configValues",
        "equals",
        "hashCode",
        "toString",
        "getClass",
        "notify",
        "notifyAll",
        "wait",
        "compute",
        "generate",
        "computeBatch",
        "customItemUid"
      })
  void reservedParameterName(String name) {
    JavaFileObject ops =
        ops(
            "  @Step static double mult(",
            "      double " + name + ",",
            "      @Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaReservedName] parameter "
            + name
            + " of @Step method mult has the name of a member of the generated MultStep or its"
            + " builder; rename the parameter",
        "double " + name + ",");
  }

  @Test
  void nameClashInOneClass() {
    JavaFileObject ops =
        ops(
            "  @Step static double mult(@Item double value) { return value; }",
            "  @Step(name = \"Mult\")",
            "  static double times(@Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaNameClash] @Step method times generates test.MultStep, as does @Step method"
            + " test.Ops#mult; give one of them another @Step(name = ...)",
        "@Step(name = \"Mult\")");
  }

  @Test
  void nameClashBetweenClasses() {
    JavaFileObject ops = ops("  @Step static double mult(@Item double value) { return value; }");
    JavaFileObject more =
        source(
            "More",
            "final class More {",
            "  @Step static double mult(@Item double value) { return value; }");
    assertOnlyError(
        compile(ops, more),
        more,
        "[ExcaNameClash] @Step method mult generates test.MultStep, as does @Step method"
            + " test.Ops#mult",
        "double mult(");
  }

  @Test
  void nameClashWithExistingType() {
    JavaFileObject ops = ops("  @Step static double mult(@Item double value) { return value; }");
    JavaFileObject existing = source("MultStep", "final class MultStep {");
    assertOnlyError(
        compile(ops, existing),
        ops,
        "[ExcaNameClash] @Step method mult generates test.MultStep, which is already the name of an"
            + " existing type",
        "double mult(");
  }

  @Test
  void sameMethodNameInAnotherPackageIsFine() {
    JavaFileObject ops = ops("  @Step static double mult(@Item double value) { return value; }");
    JavaFileObject other =
        com.google.testing.compile.JavaFileObjects.forSourceLines(
            "other.Ops",
            "package other;",
            "import dev.exca.annotations.*;",
            "final class Ops {",
            "  @Step static double mult(@Item double value) { return value; }",
            "}");
    Compilation compilation = compile(ops, other);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.MultStep");
    assertThat(compilation).generatedSourceFile("other.MultStep");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Object",
        "Optional<String>",
        "Map<Integer, String>",
        "Function<String, String>",
        "char[]",
        "List<? super String>",
        "List<Object>",
        "Iterator<String>",
        "Thread",
        "Bad"
      })
  void configTypeNotUid(String type) {
    JavaFileObject ops =
        ops(
            "  record Bad(Object any) {}",
            "  @Step static double mult(",
            "      " + type + " config,",
            "      @Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaConfigTypeNotUid] parameter config of @Step method mult has type",
        type + " config,");
  }

  @Test
  void rawConfigType() {
    JavaFileObject ops =
        ops(
            "  @SuppressWarnings(\"rawtypes\")",
            "  @Step static double mult(",
            "      List config,",
            "      @Item double value) { return value; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaConfigTypeNotUid] parameter config of @Step method mult has type java.util.List,"
            + " which cannot enter a uid (java.util.List is a raw type)",
        "List config,");
  }

  @Test
  void excludedConfigIsCheckedToo() {
    JavaFileObject ops =
        ops(
            "  @Step static double mult(",
            "      @ExcludeFromUid Object config,",
            "      @Item double value) { return value; }");
    assertOnlyError(compile(ops), ops, "[ExcaConfigTypeNotUid]", "Object config,");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Object",
        "Iterator<String>",
        "Stream<Double>",
        "Optional<String>",
        "Future<String>",
        "Function<String, String>",
        "java.io.InputStream",
        "Thread",
        "List<?>",
        "List<? extends Number>",
        "Map<Object, String>",
        "Runnable",
        "java.time.Duration",
        "Abstract",
        "Holder"
      })
  void resultNoCodec(String type) {
    JavaFileObject ops =
        ops(
            "  abstract static class Abstract {}",
            "  record Holder(Runnable task) {}",
            "  @Step static " + type + " make(@Item double value) { return null; }");
    assertOnlyError(
        compile(ops), ops, "[ExcaResultNoCodec] @Step method make returns", type + " make(");
  }

  @Test
  void rawResultType() {
    JavaFileObject ops =
        ops(
            "  @SuppressWarnings(\"rawtypes\")",
            "  @Step static List make(@Item double value) { return null; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaResultNoCodec] @Step method make returns java.util.List, which no codec can store"
            + " (java.util.List is a raw type)",
        "List make(");
  }

  @Test
  void everyErrorOfOneMethodIsReported() {
    JavaFileObject ops =
        ops("  @Step private <T> void mult(@Item double value, @Item double other) {}");
    Compilation compilation = compile(ops);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(5);
    for (String id :
        new String[] {
          "ExcaStepNotStatic",
          "ExcaStepPrivate",
          "ExcaStepGeneric",
          "ExcaStepVoid",
          "ExcaStepTwoItems"
        }) {
      assertThat(compilation)
          .hadErrorContaining("[" + id + "]")
          .inFile(ops)
          .onLineContaining("mult(");
    }
  }
}
