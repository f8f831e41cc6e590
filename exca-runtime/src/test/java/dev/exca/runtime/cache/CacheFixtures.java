package dev.exca.runtime.cache;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Helpers shared by the cache tests. */
final class CacheFixtures {
  private CacheFixtures() {}

  /** Captures a generic type: {@code new TypeRef<List<Double>>() {}.type()}. */
  abstract static class TypeRef<T> {
    Type type() {
      return ((ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
    }
  }

  /** A map of the given keys and values, in that order: {@code map("type", "Mult", "coeff", 3.0)}. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A cache playing a process of its own, with a fixed index file name. */
  static FileStepCache cache(Path stepFolder, String writer) {
    return FileStepCache.open(stepFolder, false, writer);
  }

  static Path index(Path stepFolder, String writer) {
    return stepFolder.resolve("cache").resolve(writer + "-info.jsonl");
  }

  static String text(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** The lines of a file, newline excluded. */
  static List<String> lines(Path file) throws IOException {
    return List.of(text(file).split("\n", -1)).subList(0, text(file).split("\n", -1).length - 1);
  }

  static List<Path> allFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
