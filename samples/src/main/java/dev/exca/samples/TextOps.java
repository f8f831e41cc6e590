package dev.exca.samples;

import dev.exca.annotations.Default;
import dev.exca.annotations.Item;
import dev.exca.annotations.Step;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small text-feature pipeline: load sentences, tokenize them, count tokens and turn the counts
 * into normalised hashed feature vectors. Each method is a plain static function; the processor
 * generates {@code CorpusStep}, {@code TokenizeStep}, {@code CountStep} and {@code FeaturesStep}.
 */
public final class TextOps {
  /** How many times each method actually ran, so the demo can show what the cache saved. */
  static final AtomicInteger TOKENIZE_CALLS = new AtomicInteger();

  static final AtomicInteger COUNT_CALLS = new AtomicInteger();
  static final AtomicInteger FEATURES_CALLS = new AtomicInteger();

  private TextOps() {}

  /** Loads the sentences shipped with this module, one per line. */
  @Step
  static List<String> corpus(@Default("sentences.txt") String resource) throws IOException {
    try (InputStream in = TextOps.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no resource " + resource + " next to " + TextOps.class.getName());
      }
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (!line.isBlank()) {
            lines.add(line.strip());
          }
        }
      }
      return lines;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Splits a sentence into word tokens. */
  @Step
  static List<String> tokenize(@Default("true") boolean lowercase, @Item String sentence) {
    TOKENIZE_CALLS.incrementAndGet();
    String text = lowercase ? sentence.toLowerCase(Locale.ROOT) : sentence;
    List<String> tokens = new ArrayList<>();
    for (String t : text.split("[^\\p{L}\\p{N}']+")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  /** Counts the tokens of at least {@code minLength} characters, sorted by token. */
  @Step
  static Map<String, Integer> count(@Default("3") int minLength, @Item List<String> tokens) {
    COUNT_CALLS.incrementAndGet();
    Map<String, Integer> counts = new TreeMap<>();
    for (String t : tokens) {
      if (t.length() >= minLength) {
        counts.merge(t, 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Hashes token counts into a {@code dims}-dimensional vector with unit L2 norm. */
  @Step(name = "Features", version = "1")
  static double[] features(@Default("32") int dims, @Item Map<String, Integer> counts) {
    FEATURES_CALLS.incrementAndGet();
    double[] v = new double[dims];
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int h = e.getKey().hashCode();
      int slot = Math.floorMod(h, dims);
      v[slot] += ((h >>> 16) & 1) == 0 ? e.getValue() : -e.getValue();
    }
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int i = 0; i < dims; i++) {
        v[i] /= norm;
      }
    }
    return v;
  }
}
