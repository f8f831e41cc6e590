package dev.exca.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.Infra;
import dev.exca.runtime.Status;
import dev.exca.runtime.StepItems;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code Embed} sample: a batched step whose model table is built once per batch call. */
class EmbeddingsTest {
  @TempDir Path folder;

  private static final List<String> SENTENCES =
      List.of(
          "The quick brown fox jumps over the lazy dog.",
          "A careful reviewer recorded a long list of recipes twice.",
          "The quick brown fox jumps over the lazy dog.",
          "Numbers like 42 and 1999 are tokens too.");

  /** What a piece of code built (model tables) and embedded (sentences). */
  private record Work(int loads, int embedded) {}

  private static Work measure(Runnable r) {
    int loads = Embeddings.MODEL_LOADS.get();
    int embedded = Embeddings.EMBEDDED.get();
    r.run();
    return new Work(Embeddings.MODEL_LOADS.get() - loads, Embeddings.EMBEDDED.get() - embedded);
  }

  private static List<float[]> embed(EmbedStep step, List<String> sentences) {
    try (StepItems<float[]> items = step.runMany(sentences)) {
      return items.stream().toList();
    }
  }

  private static void assertUnit(float[] v, int dims) {
    assertEquals(dims, v.length);
    double norm = 0;
    for (float x : v) {
      assertTrue(Float.isFinite(x));
      norm += x * x;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-5);
  }

  @Test
  void sentenceUidIsAContentHash() throws Exception {
    String s = SENTENCES.get(0);
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    assertEquals("the-" + sha.substring(0, 16), Embeddings.sentenceUid(s));
    assertEquals(Embeddings.sentenceUid(s), EmbedStep.create().itemUid(s));
    assertEquals(Embeddings.sentenceUid(s), EmbedStep.builder().dims(8).build().itemUid(s));
    assertTrue(Embeddings.sentenceUid("42 is the answer").startsWith("42-"));
    assertTrue(Embeddings.sentenceUid("?!").matches("[0-9a-f]{16}"), "no word: the hash alone");
    assertTrue(Embeddings.sentenceUid("x".repeat(10_000)).length() <= 16 + 1 + 16);
    Set<String> uids = SENTENCES.stream().map(Embeddings::sentenceUid).collect(Collectors.toSet());
    assertEquals(3, uids.size(), "one uid per distinct sentence");
    assertNotEquals(Embeddings.sentenceUid("the cat"), Embeddings.sentenceUid("the cat."));
  }

  @Test
  void theStepUidHasTheVersionAndDimsButNotThreads() {
    String uid = EmbedStep.create().uid();
    assertTrue(uid.contains("type=Embed"), uid);
    assertTrue(uid.contains("version=1"), uid);
    assertEquals(uid, EmbedStep.builder().threads(8).build().uid(), "threads is excluded");
    assertNotEquals(uid, EmbedStep.builder().dims(8).build().uid());
    assertTrue(EmbedStep.builder().dims(8).build().uid().contains("dims=8"));
  }

  @Test
  void inlineTheModelTableIsBuiltOncePerBatchCall() {
    AtomicReference<List<float[]>> out = new AtomicReference<>();
    Work w = measure(() -> out.set(embed(EmbedStep.create(), SENTENCES)));
    assertEquals(new Work(1, 3), w, "one batch call, duplicates embedded once");
    assertEquals(4, out.get().size());
    for (float[] v : out.get()) {
      assertUnit(v, 16);
    }
    assertArrayEquals(out.get().get(0), out.get().get(2));
    assertFalse(java.util.Arrays.equals(out.get().get(0), out.get().get(1)));

    // deterministic: another call (another table build) gives the same vectors
    List<float[]> again = embed(EmbedStep.builder().threads(4).build(), SENTENCES);
    for (int i = 0; i < SENTENCES.size(); i++) {
      assertArrayEquals(out.get().get(i), again.get(i));
    }

    List<float[]> small = embed(EmbedStep.builder().dims(5).build(), SENTENCES);
    for (float[] v : small) {
      assertUnit(v, 5);
    }
    assertUnit(EmbedStep.create().run("?!"), 16);
  }

  @Test
  void inlineEmbeddingStreams() {
    int before = Embeddings.EMBEDDED.get();
    try (StepItems<float[]> items = EmbedStep.create().runMany(SENTENCES)) {
      assertEquals(before, Embeddings.EMBEDDED.get(), "nothing runs before iterating");
      Iterator<float[]> it = items.iterator();
      it.next();
      assertEquals(before + 1, Embeddings.EMBEDDED.get(), "one sentence pulled per result");
    }
  }

  @Test
  void cachedColdThenWarm() {
    List<String> corpus = CorpusStep.create().run();
    assertTrue(corpus.size() > 100, "the shipped corpus");

    AtomicReference<List<float[]>> cold = new AtomicReference<>();
    Work w = measure(() -> cold.set(embed(EmbedStep.create().withInfra(Infra.cached(folder)), corpus)));
    assertEquals(new Work(1, corpus.size()), w, "cold: one model table for the whole batch");
    for (float[] v : cold.get()) {
      assertUnit(v, 16);
    }

    AtomicReference<List<float[]>> warm = new AtomicReference<>();
    w = measure(() -> warm.set(embed(EmbedStep.create().withInfra(Infra.cached(folder)), corpus)));
    assertEquals(new Work(0, 0), w, "warm: everything read from the cache");
    for (int i = 0; i < corpus.size(); i++) {
      assertArrayEquals(cold.get().get(i), warm.get().get(i));
    }

    // only new sentences reach the batch method, and they share one table build
    List<String> more = new ArrayList<>(corpus.subList(0, 10));
    more.add("A brand new sentence about caches.");
    more.add("Another new one, with 2 numbers: 3.");
    EmbedStep step = EmbedStep.create().withInfra(Infra.cached(folder));
    w = measure(() -> embed(step, more));
    assertEquals(new Work(1, 2), w);
    assertEquals(Status.SUCCESS, step.lookup("A brand new sentence about caches.").status());
    assertEquals(Status.MISSING, step.lookup("Never embedded.").status());

    // an excluded parameter shares the cache, dims does not
    w = measure(() -> embed(EmbedStep.builder().threads(8).infra(Infra.cached(folder)).build(), corpus));
    assertEquals(new Work(0, 0), w);
    w = measure(() -> embed(EmbedStep.builder().dims(4).infra(Infra.cached(folder)).build(), corpus));
    assertEquals(new Work(1, corpus.size()), w);
  }
}
