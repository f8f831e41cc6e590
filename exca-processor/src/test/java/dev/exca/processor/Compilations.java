package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Compiles test sources with the exca processor, and asserts on single diagnostics. */
final class Compilations {
  /** Imports every test source gets, so that snippets stay short. */
  static final List<String> IMPORTS =
      List.of(
          "import dev.exca.annotations.*;",
          "import java.math.BigDecimal;",
          "import java.math.BigInteger;",
          "import java.nio.file.Path;",
          "import java.util.*;",
          "import java.util.concurrent.Future;",
          "import java.util.function.Function;",
          "import java.util.stream.Stream;");

  private Compilations() {}

  /** Compiles with {@code -Xlint:all} (less {@code processing}: the processor claims nothing). */
  static Compilation compile(JavaFileObject... sources) {
    return compile(new ExcaProcessor(), sources);
  }

  static Compilation compile(Processor processor, JavaFileObject... sources) {
    return compileWithOptions(List.of(), processor, sources);
  }

  /** Compiles like {@link #compile(Processor, JavaFileObject...)}, with more javac options. */
  static Compilation compileWithOptions(
      List<String> options, Processor processor, JavaFileObject... sources) {
    List<String> all = new ArrayList<>();
    all.add("-Xlint:all,-processing");
    all.addAll(options);
    return javac().withProcessors(processor).withOptions(all).compile(sources);
  }

  /** {@code test.Ops}: a final class holding the given member lines, after the common imports. */
  static JavaFileObject ops(String... members) {
    return source("Ops", "public final class Ops {", members);
  }

  /** A source {@code test.<name>} with the common imports, a header line, members and "}". */
  static JavaFileObject source(String name, String header, String... members) {
    List<String> lines = new ArrayList<>();
    lines.add("package test;");
    lines.add("");
    lines.addAll(IMPORTS);
    lines.add("");
    lines.add(header);
    lines.addAll(Arrays.asList(members));
    lines.add("}");
    return JavaFileObjects.forSourceLines("test." + name, lines);
  }

  /**
   * Asserts that the compilation failed with exactly one error, containing {@code message}, in
   * {@code file} on the line containing {@code line}.
   */
  static void assertOnlyError(
      Compilation compilation, JavaFileObject file, String message, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }
}
