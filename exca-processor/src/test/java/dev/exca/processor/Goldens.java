package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.TestInfo;

/**
 * Compares generated sources with golden files under {@code
 * src/test/resources/goldens/<TestClass>/<testMethod>/<fqcn>.java}. Run with {@code
 * -Dexca.updateGoldens=true} to (re)write them from the current output, then review the diff.
 */
final class Goldens {
  private static final String ROOT = "src/test/resources/";

  private Goldens() {}

  static void assertMatchesGolden(Compilation compilation, TestInfo test, String fqcn) {
    String actual = generated(compilation, fqcn);
    String resource =
        "goldens/"
            + test.getTestClass().orElseThrow().getSimpleName()
            + "/"
            + test.getTestMethod().orElseThrow().getName()
            + "/"
            + fqcn
            + ".java";
    if (Boolean.getBoolean("exca.updateGoldens")) {
      write(Paths.get(ROOT + resource), actual);
      return;
    }
    String golden = read(resource);
    if (golden == null) {
      fail(
          "missing golden file "
              + ROOT
              + resource
              + " (in exca-processor); create it with this content, or run the test with"
              + " -Dexca.updateGoldens=true:\n"
              + actual);
    }
    assertThat(compilation).generatedSourceFile(fqcn).contentsAsUtf8String().isEqualTo(golden);
  }

  private static String generated(Compilation compilation, String fqcn) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(fqcn)
            .orElseThrow(() -> new AssertionError("no generated source " + fqcn));
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = Goldens.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path path, String content) {
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
