package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Loads the classes of a successful compilation, to run generated steps. */
final class CompiledClasses extends ClassLoader {
  private static final String OUTPUT = "/CLASS_OUTPUT/";
  private final Map<String, byte[]> classes = new HashMap<>();

  CompiledClasses(Compilation compilation) {
    super(CompiledClasses.class.getClassLoader());
    assertThat(compilation).succeededWithoutWarnings();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name = path.substring(path.indexOf(OUTPUT) + OUTPUT.length(), path.length() - 6);
      try (InputStream in = file.openInputStream()) {
        classes.put(name.replace('/', '.'), in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  /** Calls a public static method of a compiled class. */
  Object callStatic(String className, String method) {
    try {
      return invoke(loadClass(className).getMethod(method), null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls a public method taking one argument of {@code type} on {@code target}. */
  static Object call(Object target, String method, Class<?> type, Object argument) {
    try {
      return invoke(target.getClass().getMethod(method, type), target, argument);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls a public no-argument method on {@code target}. */
  static Object call(Object target, String method) {
    try {
      return invoke(target.getClass().getMethod(method), target);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** Invokes, rethrowing what the method threw as is. */
  private static Object invoke(Method method, Object target, Object... args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
