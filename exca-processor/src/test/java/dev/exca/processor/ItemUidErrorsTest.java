package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors and warnings about {@code @ItemUid} methods. */
class ItemUidErrorsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "String uid(Path p)                                 | is not static",
        "private static String uid(Path p)                  | is private",
        "static <T extends Path> String uid(T p)            | has type parameters",
        "static int uid(Path p)                             | returns int instead of String",
        "static String uid(Path p, int n)                   | takes 2 parameters instead of one",
        "static String uid()                                | takes 0 parameters instead of one",
        "static String uid(Path p) throws java.io.IOException | throws the checked exception"
            + " java.io.IOException",
      })
  void badSignature(String signature, String problem) {
    JavaFileObject ops =
        ops(
            "  @Step static long size(@Item Path file) { return 0; }",
            "  @ItemUid",
            "  " + signature + " { return null; }");
    // the step that would call an invalid @ItemUid method is not generated, and says nothing more
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaItemUidSignature] @ItemUid method uid "
            + problem
            + "; declare it as a static,"
            + " non-private String uid(V item)",
        signature);
  }

  @Test
  void ambiguous() {
    JavaFileObject ops =
        ops(
            "  @ItemUid static String byPath(Path p) { return p.toString(); }",
            "  @ItemUid static String byObject(Object o) { return o.toString(); }",
            "  @Step static long size(@Item Path file) { return 0; }");
    assertOnlyError(
        compile(ops),
        ops,
        "[ExcaItemUidAmbiguous] @Step method size has item type java.nio.file.Path, which several"
            + " @ItemUid methods accept (byPath, byObject); keep one @ItemUid method per item type",
        "long size(");
  }

  @Test
  void unusedIsAWarning() {
    JavaFileObject ops =
        ops(
            "  @ItemUid static String byPath(Path p) { return p.toString(); }",
            "  @Step static double twice(@Item double value) { return 2 * value; }");
    Compilation compilation = compile(ops);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[ExcaItemUidUnused] @ItemUid method byPath takes java.nio.file.Path, which is the item"
                + " type of no @Step method of Ops")
        .inFile(ops)
        .onLineContaining("String byPath(");
  }

  @Test
  void unusedWarningCanBeSuppressed() {
    JavaFileObject ops =
        ops(
            "  @SuppressWarnings(\"ExcaItemUidUnused\")",
            "  @ItemUid static String byPath(Path p) { return p.toString(); }");
    assertThat(compile(ops)).succeededWithoutWarnings();
  }

  @Test
  void usedByPrimitiveAndBoxedItems() {
    JavaFileObject ops =
        ops(
            "  @ItemUid static String rounded(Double v) { return String.valueOf(Math.round(v)); }",
            "  @Step static double twice(@Item double value) { return 2 * value; }",
            "  @Step static double thrice(@Item Double value) { return 3 * value; }");
    Compilation compilation = compile(ops);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.TwiceStep")
        .contentsAsUtf8String()
        .contains("return Ops.rounded(value);");
    assertThat(compilation)
        .generatedSourceFile("test.ThriceStep")
        .contentsAsUtf8String()
        .contains("return Ops.rounded(value);");
  }

  @Test
  void onlyMethodsOfTheStepClassApply() {
    JavaFileObject ops =
        ops(
            "  @ItemUid static String byPath(Path p) { return p.toString(); }",
            "  static final class Inner {",
            "    @Step static long size(@Item Path file) { return 0; }",
            "  }");
    Compilation compilation = compile(ops);
    assertThat(compilation).hadWarningContaining("[ExcaItemUidUnused]");
    assertThat(compilation)
        .generatedSourceFile("test.SizeStep")
        .contentsAsUtf8String()
        .doesNotContain("customItemUid");
  }
}
