package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;
import static dev.exca.processor.Goldens.assertMatchesGolden;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The exact text of a few generated classes, one per shape (most tests check behaviour). */
class StepGoldensTest {

  @Test
  void simpleStep(TestInfo test) {
    Compilation compilation =
        compile(
            ops(
                "  @Step",
                "  static double mult(@Default(\"2.0\") double coeff, @Item double value) {",
                "    return value * coeff;",
                "  }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, test, "test.MultStep");
  }

  @Test
  void generator(TestInfo test) {
    Compilation compilation =
        compile(
            ops(
                "  @Step",
                "  static double[] load(@Default(\"train\") String split, @Default(\"100\") long"
                    + " limit) {",
                "    return new double[] {split.length(), limit};",
                "  }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, test, "test.LoadStep");
  }

  @Test
  void batchWithItemUid(TestInfo test) {
    Compilation compilation =
        compile(
            ops(
                "  @Step(name = \"Embed\", version = \"3\")",
                "  @Batch",
                "  static Stream<float[]> embed(",
                "      String modelPath, @ExcludeFromUid @Default(\"4\") int threads,",
                "      @Item Iterator<Path> audio) {",
                "    List<float[]> out = new ArrayList<>();",
                "    audio.forEachRemaining(p -> out.add(new float[] {p.toString().length()}));",
                "    return out.stream();",
                "  }",
                "",
                "  @ItemUid",
                "  static String audioUid(Path audio) {",
                "    return audio.getFileName().toString();",
                "  }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, test, "test.EmbedStep");
  }

  @Test
  void requiredAndExcludedParameters(TestInfo test) {
    Compilation compilation =
        compile(
            ops(
                "  enum Style { PLAIN, LOUD }",
                "  @Step",
                "  static List<String> greet(",
                "      String greeting,",
                "      @Default(\"PLAIN\") Style style,",
                "      @ExcludeFromUid boolean verbose,",
                "      @Item String name) {",
                "    return List.of(greeting, name, style.name(), String.valueOf(verbose));",
                "  }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertMatchesGolden(compilation, test, "test.GreetStep");
  }
}
