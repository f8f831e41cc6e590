package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.exca.processor.Compilations.assertOnlyError;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.compileWithOptions;
import static dev.exca.processor.Compilations.ops;
import static dev.exca.processor.Compilations.source;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.exca.annotations.Step;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Result types that only a user codec can store: codec classes of the compilation, the {@code
 * -Aexca.codecTypes} option, and {@code [ExcaBadOption]}.
 */
class CodecErrorsTest {
  private static final String LOAD = "  @Step static Image load(@Item String path) { return null; }";

  /** {@code test.Image}: an interface, which the built-in handlers cannot store. */
  private static final JavaFileObject IMAGE = source("Image", "public interface Image {");

  /** The members of a codec class for {@code Image}. */
  private static final String[] CODEC_MEMBERS = {
    "  @Override public Set<Class<? extends Image>> types() { return Set.of(Image.class); }",
    "  @Override public String name() { return \"Image\"; }",
    "  @Override public byte[] encode(Image value) { return new byte[0]; }",
    "  @Override public Image decode(byte[] bytes, java.lang.reflect.Type type) { return null; }"
  };

  /** {@code test.ImageCodec}, implementing {@code Codec<Image>} directly. */
  private static final JavaFileObject IMAGE_CODEC =
      source(
          "ImageCodec",
          "public final class ImageCodec implements dev.exca.runtime.cache.Codec<Image> {",
          CODEC_MEMBERS);

  @Test
  void interfaceResultWithoutCodec() {
    JavaFileObject ops = ops(LOAD);
    assertOnlyError(
        compile(ops, IMAGE),
        ops,
        "[ExcaResultNoCodec] @Step method load returns test.Image, which no codec can store"
            + " (test.Image is an interface); return primitives, String, enums, BigDecimal,"
            + " BigInteger, Path, arrays, lists, sets or maps of those, records, or a concrete"
            + " class with a public no-arg constructor, or register a Codec for it (a class"
            + " implementing dev.exca.runtime.cache.Codec<T> in this compilation, or"
            + " -Aexca.codecTypes=<fqcn>)",
        "Image load(");
  }

  @Test
  void codecClassBeforeTheStep() {
    Compilation compilation = compile(IMAGE_CODEC, IMAGE, ops(LOAD));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("test.LoadStep")
        .contentsAsUtf8String()
        .contains("extends GeneratedStep<String, Image>");
  }

  @Test
  void codecClassInAFileAfterTheStep() {
    Compilation compilation = compile(ops(LOAD), IMAGE, IMAGE_CODEC);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.LoadStep");
  }

  @Test
  void codecNestedInTheStepClass() {
    JavaFileObject ops =
        ops(
            "  public static final class ImageCodec",
            "      implements dev.exca.runtime.cache.Codec<Image> {",
            String.join("\n", CODEC_MEMBERS),
            "  }",
            LOAD);
    assertThat(compile(ops, IMAGE)).succeededWithoutWarnings();
  }

  @Test
  void codecThroughAGenericSuperclass() {
    JavaFileObject base =
        source(
            "BaseCodec",
            "public abstract class BaseCodec<T> implements dev.exca.runtime.cache.Codec<T> {",
            "  @Override public String name() { return \"Base\"; }");
    JavaFileObject codec =
        source(
            "ImageCodec",
            "public final class ImageCodec extends BaseCodec<Image> {",
            CODEC_MEMBERS[0],
            CODEC_MEMBERS[2],
            CODEC_MEMBERS[3]);
    assertThat(compile(ops(LOAD), base, IMAGE, codec)).succeededWithoutWarnings();
  }

  @Test
  void codecThroughASuperinterface() {
    JavaFileObject imageCodecs =
        source(
            "ImageCodecs",
            "public interface ImageCodecs extends dev.exca.runtime.cache.Codec<Image> {");
    JavaFileObject codec =
        source("PngCodec", "public final class PngCodec implements ImageCodecs {", CODEC_MEMBERS);
    assertThat(compile(ops(LOAD), imageCodecs, IMAGE, codec)).succeededWithoutWarnings();
  }

  /** An abstract codec, or one for a type variable, stores no particular type. */
  @Test
  void genericOrAbstractCodecAloneStoresNothing() {
    JavaFileObject base =
        source(
            "BaseCodec",
            "public abstract class BaseCodec<T> implements dev.exca.runtime.cache.Codec<T> {");
    JavaFileObject abstractImage =
        source(
            "AbstractImageCodec",
            "public abstract class AbstractImageCodec implements dev.exca.runtime.cache.Codec<Image>"
                + " {");
    JavaFileObject ops = ops(LOAD);
    assertOnlyError(
        compile(ops, base, abstractImage, IMAGE),
        ops,
        "[ExcaResultNoCodec] @Step method load returns test.Image",
        "Image load(");
  }

  @Test
  void codecStoresSubtypes() {
    JavaFileObject png =
        source("Png", "public final class Png implements Image {", "  Png(int width) {}");
    JavaFileObject ops =
        ops("  @Step static Png load(@Item String path) { return new Png(1); }");
    assertThat(compile(ops, IMAGE, png, IMAGE_CODEC)).succeededWithoutWarnings();
  }

  @Test
  void codecStoresBatchResults() {
    JavaFileObject ops =
        ops("  @Step @Batch static List<Image> load(@Item List<String> paths) { return null; }");
    assertThat(compile(ops, IMAGE, IMAGE_CODEC)).succeededWithoutWarnings();
  }

  /** The runtime picks a codec by the class of the whole result, never for its parts. */
  @ParameterizedTest
  @ValueSource(strings = {"List<Image>", "Image[]", "Map<String, Image>", "Framed", "Object"})
  void codecDoesNotStoreContainersOfItsType(String type) {
    JavaFileObject ops =
        ops(
            "  record Framed(Image image) {}",
            "  @Step static " + type + " load(@Item String path) { return null; }");
    assertOnlyError(
        compile(ops, IMAGE, IMAGE_CODEC),
        ops,
        "[ExcaResultNoCodec] @Step method load returns",
        type + " load(");
  }

  @Test
  void codecTypesOption() {
    Compilation compilation =
        compileWithOptions(
            List.of("-Aexca.codecTypes=test.Image"), new ExcaProcessor(), ops(LOAD), IMAGE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.LoadStep");
  }

  @Test
  void codecTypesOptionNamesLibraryTypesAndNestedTypes() {
    JavaFileObject ops =
        ops(
            "  interface Audio {}",
            "  @Step static Runnable run(@Item String path) { return null; }",
            "  @Step static Audio play(@Item String path) { return null; }",
            "  @Step static Iterator<String> walk(@Item String path) { return null; }");
    Compilation compilation =
        compileWithOptions(
            List.of("-Aexca.codecTypes= java.lang.Runnable , test.Ops$Audio,,"),
            new ExcaProcessor(),
            ops);
    assertOnlyError(
        compilation, ops, "[ExcaResultNoCodec] @Step method walk", "Iterator<String> walk(");
  }

  @Test
  void unknownCodecType() {
    Compilation compilation =
        compileWithOptions(
            List.of("-Aexca.codecTypes=test.Image,com.acme.Nope"),
            new ExcaProcessor(),
            ops(LOAD),
            IMAGE);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1); // once, although there are several rounds
    assertThat(compilation)
        .hadErrorContaining(
            "[ExcaBadOption] Processor option -Aexca.codecTypes names com.acme.Nope, which is not"
                + " on the classpath; write the fully qualified names of classes or interfaces on"
                + " the compile classpath, separated by commas (nested types as Outer.Inner)");
  }

  @Test
  void eachUnknownCodecTypeIsReported() {
    Compilation compilation =
        compileWithOptions(
            List.of("-Aexca.codecTypes=com.acme.Nope,com.acme.Other"),
            new ExcaProcessor(),
            ops("  @Step static double twice(@Item double v) { return 2 * v; }"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("names com.acme.Nope, which is not");
    assertThat(compilation).hadErrorContaining("names com.acme.Other, which is not");
  }

  @Test
  void optionIsSupported() {
    assertEquals(Set.of("exca.codecTypes"), new ExcaProcessor().getSupportedOptions());
    assertEquals(
        List.of("a.B", "c.D"),
        ProcessorOptions.parse(Map.of("exca.codecTypes", " a.B,,c.D, a.B ", "other", "x"))
            .codecTypes());
    assertEquals(List.of(), ProcessorOptions.parse(Map.of()).codecTypes());
  }

  /**
   * A codec for a type that another processor generates is found in the round that defines the
   * type, where the step that returns it was deferred to.
   */
  @Test
  void codecOfAGeneratedType() {
    Compilation compilation =
        compile(new GeneratingImage(), ops(LOAD), IMAGE_CODEC);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.LoadStep");
  }

  /** Without the runtime on the class path, codec classes cannot exist: the scan finds none. */
  @Test
  void withoutTheRuntimeOnTheClassPath() throws URISyntaxException {
    File annotations =
        new File(Step.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaFileObject ops = ops(LOAD);
    Compilation compilation =
        javac()
            .withProcessors(new ExcaProcessor())
            .withClasspath(List.of(annotations))
            .compile(ops, IMAGE);
    assertOnlyError(
        compilation, ops, "[ExcaResultNoCodec] @Step method load returns", "Image load(");
  }

  /** Exca's processor plus one that generates {@code test.Image} in the first round. */
  private static final class GeneratingImage extends AbstractProcessor {
    private final ExcaProcessor exca = new ExcaProcessor();
    private boolean generated;

    @Override
    public synchronized void init(ProcessingEnvironment env) {
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
        try (Writer out = processingEnv.getFiler().createSourceFile("test.Image").openWriter()) {
          out.write("package test;\n\npublic interface Image {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
