package dev.exca.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.Infra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples' main job: the first run computes every item, later runs compute nothing. */
class TextFeaturesMainTest {
  @TempDir Path folder;

  @Test
  void secondRunComputesNothing() {
    Infra infra = Infra.cached(folder);
    TextFeaturesMain.Summary cold = TextFeaturesMain.run(infra);
    int n = cold.sentences();
    assertEquals(320, n);
    assertEquals(n, cold.tokenized());
    assertEquals(n, cold.counted());
    assertEquals(n, cold.featurised());
    assertEquals(n, cold.embedded());
    assertEquals(1, cold.modelLoads(), "the embedding model table is built once for the batch");
    assertEquals(n, cold.vectors().size());
    assertEquals(n, cold.embeddings().size());
    assertTrue(
        cold.render().contains("  embed          computed 320 of 320 items, model table built 1 times\n"),
        cold.render());

    for (Infra again : new Infra[] {infra, Infra.cached(folder)}) {
      TextFeaturesMain.Summary warm = TextFeaturesMain.run(again);
      assertEquals(n, warm.sentences());
      assertEquals(0, warm.tokenized());
      assertEquals(0, warm.counted());
      assertEquals(0, warm.featurised());
      assertEquals(0, warm.embedded());
      assertEquals(0, warm.modelLoads());
      assertEquals(cold.pipelineUid(), warm.pipelineUid());
      assertEquals(cold.topTokens(), warm.topTokens());
      for (int i = 0; i < n; i++) {
        assertArrayEquals(cold.vectors().get(i), warm.vectors().get(i));
        assertArrayEquals(cold.embeddings().get(i), warm.embeddings().get(i));
      }
      String text = warm.render();
      assertTrue(text.contains("  computed now   tokenize 0, count 0, features 0 of 320 items\n"), text);
      assertTrue(text.contains("  embed          computed 0 of 320 items, model table built 0 times\n"), text);
    }
  }

  @Test
  void mainPrintsTheSummary() {
    PrintStream out = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      TextFeaturesMain.main(new String[] {folder.toString()});
      TextFeaturesMain.main(new String[] {folder.toString()});
    } finally {
      System.setOut(out);
    }
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("exca samples: text features\n"), text);
    assertTrue(text.contains("  cache folder   " + folder.toAbsolutePath()), text);
    assertTrue(text.contains("  computed now   tokenize 320, count 320, features 320 of 320 items\n"), text);
    assertTrue(text.contains("  embed          computed 320 of 320 items, model table built 1 times\n"), text);
    assertTrue(text.contains("  computed now   tokenize 0, count 0, features 0 of 320 items\n"), text);
    assertTrue(text.contains("  embed          computed 0 of 320 items, model table built 0 times\n"), text);
    assertTrue(text.contains("  first vector   32 dims"), text);
  }
}
