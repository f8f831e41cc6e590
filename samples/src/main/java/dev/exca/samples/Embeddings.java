package dev.exca.samples;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.ItemUid;
import dev.exca.annotations.Step;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A batched sentence-embedding step, the shape of a real model call: an expensive setup (here a
 * deterministic "model table", a seeded pseudo-random matrix with one row per hashed token) that
 * must run once per batch rather than once per sentence, followed by a cheap per-item pass.
 *
 * <p>The processor generates {@code EmbedStep}. With {@code @Batch}, the runtime calls {@link
 * #embed} once per batch of <em>pending</em> sentences only (cached ones are never passed in), and
 * the method streams one result per consumed sentence. Items are keyed by {@link #sentenceUid}, a
 * content hash, instead of the default uid derived from the whole text.
 */
public final class Embeddings {
  /** How many times the model table was built, so the demo and tests can see batching at work. */
  static final AtomicInteger MODEL_LOADS = new AtomicInteger();

  /** How many sentences were actually embedded (not read from the cache). */
  static final AtomicInteger EMBEDDED = new AtomicInteger();

  /** Rows of the model table: tokens are hashed into this many buckets. */
  static final int VOCABULARY = 4096;

  /** Seed of the model table; part of the model, so changing it needs a new step version. */
  static final long SEED = 20240611L;

  private static final HexFormat HEX = HexFormat.of();

  private Embeddings() {}

  /**
   * The item uid of a sentence: its first word (lower case, letters and digits only, at most 16
   * characters) then the first 16 hex digits of the SHA-256 of its UTF-8 bytes, such as {@code
   * the-3f1c0a5e9b7d2c41}. Readable in the cache index, short whatever the sentence length.
   *
   * @param sentence the sentence
   * @return its uid
   */
  @ItemUid
  static String sentenceUid(String sentence) {
    String hash = HEX.formatHex(sha256(sentence.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    List<String> tokens = tokens(sentence);
    if (tokens.isEmpty()) {
      return hash;
    }
    String word = tokens.get(0).replaceAll("[^\\p{Alnum}]", "");
    if (word.length() > 16) {
      word = word.substring(0, 16);
    }
    return word.isEmpty() ? hash : word + "-" + hash;
  }

  /**
   * Embeds sentences: the mean of their tokens' rows of the model table, scaled to unit length.
   * The table is built once per call, then sentences are pulled and answered one at a time.
   *
   * @param dims the embedding size
   * @param threads how many threads a real model would use; it does not change the results, so
   *     it stays out of the uid
   * @param sentences the sentences to embed, consumed lazily
   * @return one unit vector of {@code dims} floats per consumed sentence, in order
   */
  @Step(name = "Embed", version = "1")
  @Batch
  static Stream<float[]> embed(
      @Default("16") int dims,
      @ExcludeFromUid @Default("1") int threads,
      @Item Iterator<String> sentences) {
    if (dims <= 0) {
      throw new IllegalArgumentException("dims must be positive, got " + dims);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    ModelTable table = ModelTable.build(dims);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(sentences, Spliterator.ORDERED), false)
        .map(table::embed);
  }

  /** The expensive part of the model: {@link #VOCABULARY} rows of {@code dims} floats. */
  static final class ModelTable {
    private final int dims;
    private final float[][] rows;

    private ModelTable(int dims, float[][] rows) {
      this.dims = dims;
      this.rows = rows;
    }

    static ModelTable build(int dims) {
      MODEL_LOADS.incrementAndGet();
      SplittableRandom random = new SplittableRandom(SEED * 31 + dims);
      float[][] rows = new float[VOCABULARY + 1][dims];
      for (float[] row : rows) {
        for (int j = 0; j < dims; j++) {
          row[j] = (float) (random.nextDouble() * 2 - 1);
        }
      }
      return new ModelTable(dims, rows);
    }

    float[] embed(String sentence) {
      EMBEDDED.incrementAndGet();
      List<String> tokens = tokens(sentence);
      double[] sum = new double[dims];
      if (tokens.isEmpty()) {
        add(sum, rows[VOCABULARY]); // the row reserved for "no token"
      }
      for (String t : tokens) {
        add(sum, rows[Math.floorMod(t.hashCode(), VOCABULARY)]);
      }
      double norm = 0;
      for (double x : sum) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      float[] v = new float[dims];
      for (int j = 0; j < dims; j++) {
        v[j] = norm == 0 ? (j == 0 ? 1f : 0f) : (float) (sum[j] / norm);
      }
      return v;
    }

    private static void add(double[] sum, float[] row) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += row[j];
      }
    }
  }

  /** Lower-case word tokens, split as {@link TextOps#tokenize} does. */
  static List<String> tokens(String sentence) {
    List<String> tokens = new ArrayList<>();
    for (String t : sentence.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    return tokens;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
