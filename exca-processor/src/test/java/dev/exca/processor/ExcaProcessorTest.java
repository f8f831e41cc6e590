package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor shell: metadata, rounds and deferral, internal errors. */
class ExcaProcessorTest {

  @Test
  void supportsTheSixAnnotationsAndTheLatestSourceVersion() {
    ExcaProcessor processor = new ExcaProcessor();
    assertEquals(
        Set.of(
            "dev.exca.annotations.Step",
            "dev.exca.annotations.Item",
            "dev.exca.annotations.Batch",
            "dev.exca.annotations.ItemUid",
            "dev.exca.annotations.Default",
            "dev.exca.annotations.ExcludeFromUid"),
        processor.getSupportedAnnotationTypes());
    assertEquals(SourceVersion.latestSupported(), processor.getSupportedSourceVersion());
  }

  @Test
  void isRegisteredAsServiceAndAsIsolatingGradleProcessor() {
    assertEquals(
        "dev.exca.processor.ExcaProcessor",
        resource("META-INF/services/javax.annotation.processing.Processor").strip());
    assertEquals(
        "dev.exca.processor.ExcaProcessor,isolating",
        resource("META-INF/gradle/incremental.annotation.processors").strip());
  }

  @Test
  void doesNotClaimTheAnnotations() {
    Recorder recorder = new Recorder();
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new ExcaProcessor(), recorder)
            .compile(ops("  @Step static double twice(@Item double value) { return 2 * value; }"));
    assertThat(compilation).succeeded();
    assertTrue(recorder.seen.contains("dev.exca.annotations.Step"), recorder.seen.toString());
  }

  @Test
  void defersStepsUsingTypesGeneratedInALaterRound() {
    JavaFileObject ops =
        ops(
            "  @Step static Later scale(Later factor, @Item Later value) {",
            "    return new Later(factor.x() * value.x());",
            "  }");
    Compilation compilation = compile(new TwoProcessors(), ops);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.ScaleStep")
        .contentsAsUtf8String()
        .contains("extends GeneratedStep<Later, Later>");
  }

  @Test
  void defersStepsWhoseItemUidUsesAGeneratedType() {
    JavaFileObject ops =
        ops(
            "  @ItemUid static String uid(Later later) { return String.valueOf(later.x()); }",
            "  @Step static int size(@Item Later value) { return value.x(); }");
    Compilation compilation = compile(new TwoProcessors(), ops);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.SizeStep")
        .contentsAsUtf8String()
        .contains("return Ops.uid(value);");
  }

  @Test
  void stepsMayTakeStepsGeneratedInTheSameCompilation() {
    JavaFileObject ops =
        ops(
            "  @Step static double mult(@Default(\"2.0\") double coeff, @Item double value) {",
            "    return coeff * value;",
            "  }",
            "  @Step static double twice(MultStep inner, @Item double value) {",
            "    return 2 * inner.run(value);",
            "  }");
    Compilation compilation = compile(ops);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.TwiceStep");
  }

  @Test
  void reportsTypesThatNeverAppear() {
    JavaFileObject ops =
        ops("  @Step static double mult(Missing config, @Item double value) { return value; }");
    Compilation compilation = compile(ops);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2); // javac's "cannot find symbol" and ours
    assertThat(compilation)
        .hadErrorContaining(
            "[ExcaUndefined] did not generate the step class of @Step method mult because it"
                + " references undefined types (Missing)")
        .inFile(ops)
        .onLineContaining("double mult(");
  }

  @Test
  void turnsAnExceptionIntoOneInternalError() {
    JavaFileObject ops =
        ops(
            "  @Step static double once(@Item double value) { return value; }",
            "  @Step static double twice(@Item double value) { return 2 * value; }");
    ExcaProcessor failing =
        new ExcaProcessor(
            step -> {
              throw new IllegalStateException("boom");
            });
    Compilation compilation = compile(failing, ops);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ExcaInternal] the exca annotation processor failed unexpectedly");
    assertThat(compilation).hadErrorContaining("java.lang.IllegalStateException: boom");
    assertThat(compilation).hadErrorContaining("at dev.exca.processor.StepRounds");
  }

  private static String resource(String name) {
    try (InputStream in = ExcaProcessor.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records which annotations reach a processor that runs after exca's. */
  private static final class Recorder extends AbstractProcessor {
    final Set<String> seen = new HashSet<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("dev.exca.annotations.Step");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      annotations.forEach(a -> seen.add(a.getQualifiedName().toString()));
      return false;
    }
  }

  /** Exca's processor plus one that generates {@code test.Later} in the first round. */
  private static final class TwoProcessors extends AbstractProcessor {
    private final ExcaProcessor exca = new ExcaProcessor();
    private boolean generated;

    @Override
    public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
      super.init(env);
      exca.init(env);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      exca.process(annotations, roundEnv);
      if (!generated) {
        generated = true;
        try (Writer out = processingEnv.getFiler().createSourceFile("test.Later").openWriter()) {
          out.write("package test;\n\npublic record Later(int x) {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
