package dev.exca.samples;

import dev.exca.runtime.Chain;
import dev.exca.runtime.Infra;
import dev.exca.runtime.StepItems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the text-feature pipeline over the sentences shipped with this module and prints a summary.
 *
 * <p>Usage: {@code TextFeaturesMain [cache-folder]} (default {@code target/exca-cache}). Run it
 * twice: the second run reads everything from the cache and computes nothing.
 */
public final class TextFeaturesMain {
  private TextFeaturesMain() {}

  /**
   * Entry point.
   *
   * @param args an optional cache folder
   */
  public static void main(String[] args) {
    Path folder = Path.of(args.length > 0 ? args[0] : "target/exca-cache");
    Summary s = run(Infra.cached(folder));
    System.out.print(s.render());
  }

  /** What one run did, for printing and for tests. */
  record Summary(
      Path folder,
      int sentences,
      int tokenized,
      int counted,
      int featurised,
      Map<String, Integer> topTokens,
      List<double[]> vectors,
      String pipelineUid,
      int embedded,
      int modelLoads,
      List<float[]> embeddings,
      double seconds) {

    String render() {
      StringBuilder sb = new StringBuilder();
      sb.append("exca samples: text features\n");
      sb.append(String.format(Locale.ROOT, "  cache folder   %s%n", folder.toAbsolutePath()));
      sb.append(String.format(Locale.ROOT, "  pipeline uid   %s%n", pipelineUid));
      sb.append(String.format(Locale.ROOT, "  sentences      %d%n", sentences));
      sb.append(String.format(Locale.ROOT, "  computed now   tokenize %d, count %d, features %d of %d items%n",
          tokenized, counted, featurised, sentences));
      sb.append(String.format(Locale.ROOT, "  time           %.3f s%n", seconds));
      sb.append("  top tokens     ");
      topTokens.forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
      sb.append('\n');
      double[] first = vectors.get(0);
      int nonZero = 0;
      double norm = 0;
      for (double x : first) {
        nonZero += x != 0 ? 1 : 0;
        norm += x * x;
      }
      sb.append(String.format(Locale.ROOT, "  first vector   %d dims, %d non-zero, L2 norm %.3f%n",
          first.length, nonZero, Math.sqrt(norm)));
      sb.append(String.format(Locale.ROOT, "  embed          computed %d of %d items, model table built %d times%n",
          embedded, sentences, modelLoads));
      return sb.toString();
    }
  }

  static Summary run(Infra infra) {
    long start = System.nanoTime();
    int tokenizeBefore = TextOps.TOKENIZE_CALLS.get();
    int countBefore = TextOps.COUNT_CALLS.get();
    int featuresBefore = TextOps.FEATURES_CALLS.get();
    int embeddedBefore = Embeddings.EMBEDDED.get();
    int loadsBefore = Embeddings.MODEL_LOADS.get();

    List<String> sentences = CorpusStep.create().withInfra(infra).run();

    // The chain is one compute unit on `infra`; its middle step also keeps its own cache entries,
    // so changing the features settings later reuses the token counts.
    Chain<String, double[]> pipeline =
        TokenizeStep.create()
            .then(CountStep.create().withInfra(infra))
            .then(FeaturesStep.builder().dims(32).build())
            .withInfra(infra);

    Map<String, Integer> totals = new TreeMap<>();
    List<double[]> vectors = new ArrayList<>();
    try (StepItems<double[]> features = pipeline.runMany(sentences)) {
      for (double[] v : features) {
        vectors.add(v);
      }
    }
    try (StepItems<Map<String, Integer>> counts =
        TokenizeStep.create().then(CountStep.create().withInfra(infra)).runMany(sentences)) {
      for (Map<String, Integer> c : counts) {
        c.forEach((k, v) -> totals.merge(k, v, Integer::sum));
      }
    }
    // A @Batch step: one call over the sentences not cached yet, so the model table is built once
    // on a cold run and not at all on a warm one.
    List<float[]> embeddings = new ArrayList<>();
    try (StepItems<float[]> embedded = EmbedStep.create().withInfra(infra).runMany(sentences)) {
      for (float[] e : embedded) {
        embeddings.add(e);
      }
    }
    Map<String, Integer> top = new java.util.LinkedHashMap<>();
    totals.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(8)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return new Summary(
        infra.folder(),
        sentences.size(),
        TextOps.TOKENIZE_CALLS.get() - tokenizeBefore,
        TextOps.COUNT_CALLS.get() - countBefore,
        TextOps.FEATURES_CALLS.get() - featuresBefore,
        top,
        vectors,
        pipeline.uid(),
        Embeddings.EMBEDDED.get() - embeddedBefore,
        Embeddings.MODEL_LOADS.get() - loadsBefore,
        embeddings,
        (System.nanoTime() - start) / 1e9);
  }
}
