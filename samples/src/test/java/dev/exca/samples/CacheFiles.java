package dev.exca.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.exca.runtime.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the on-disk index of a step's cache, as another process (or exca) would. */
final class CacheFiles {
  private static final Pattern KEY = Pattern.compile("\"#key\"\\s*:\\s*\"([^\"]*)\"");

  private CacheFiles() {}

  /**
   * The item uids of the live lines of the {@code *-info.jsonl} index files of a step (deleted
   * lines are blanked with spaces, so they do not match).
   */
  static Set<String> indexKeys(Path folder, Step<?, ?> step) throws IOException {
    Path cache = folder.resolve(step.uid()).resolve("cache");
    Set<String> keys = new TreeSet<>();
    if (!Files.isDirectory(cache)) {
      return keys;
    }
    try (Stream<Path> files = Files.list(cache)) {
      for (Path index :
          files.filter(p -> p.getFileName().toString().endsWith("-info.jsonl")).toList()) {
        Matcher m = KEY.matcher(Files.readString(index));
        while (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    return keys;
  }

  /**
   * Asserts that the index files of a step hold exactly {@code expected} keys. The engine publishes
   * a compute's entries before {@code runMany} returns, so no waiting is needed.
   */
  static void assertIndexKeys(Set<String> expected, Path folder, Step<?, ?> step)
      throws IOException, InterruptedException {
    assertEquals(expected, indexKeys(folder, step), "keys of the index files in " + folder.resolve(step.uid()));
  }
}
