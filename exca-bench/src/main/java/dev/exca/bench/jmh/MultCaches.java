package dev.exca.bench.jmh;

import dev.exca.bench.MultStep;
import dev.exca.runtime.Infra;
import dev.exca.runtime.StepItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The cache the benchmarks read: a {@code Mult(3)} step over the bench's inputs. */
final class MultCaches {
  private MultCaches() {}

  /** The inputs {@code 0.5 + i * 0.001}, as the bench scenarios use them. */
  static List<Double> items(int n) {
    List<Double> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(0.5 + i * 0.001);
    }
    return items;
  }

  /** Runs {@code Mult(3)} over {@code items} with a cache in {@code folder}; returns the step. */
  static MultStep write(Path folder, List<Double> items) {
    MultStep step = MultStep.builder().coeff(3.0).infra(Infra.cached(folder)).build();
    try (StepItems<Double> out = step.runMany(items)) {
      out.forEach(d -> { });
    }
    return step;
  }

  /** Removes {@code folder} and everything in it. */
  static void delete(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
