package dev.exca.samples;

import static dev.exca.samples.CacheFiles.assertIndexKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.Infra;
import dev.exca.runtime.Status;
import dev.exca.runtime.Step;
import dev.exca.runtime.StepItems;
import dev.exca.samples.UidOps.Doc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @ItemUid}: the custom uid keys the cache, long ones are shortened. */
class ItemUidTest {
  @TempDir Path folder;

  @BeforeEach
  void reset() {
    UidOps.COMPUTED.clear();
  }

  private static <O> List<O> all(Step<? super Doc, O> step, List<Doc> docs) {
    try (StepItems<O> items = step.runMany(docs)) {
      return items.stream().toList();
    }
  }

  /** exca's ShortItemUid._shorten, written out for ASCII uids. */
  private static String shortened(String uid, int maxLength) throws NoSuchAlgorithmException {
    if (uid.length() <= maxLength) {
      return uid;
    }
    int cut = (maxLength - 13 - Integer.toString(uid.length()).length()) / 2;
    String md5 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("MD5").digest(uid.getBytes(StandardCharsets.UTF_8)));
    return uid.substring(0, cut)
        + ".."
        + (uid.length() - 2 * cut)
        + ".."
        + uid.substring(uid.length() - cut)
        + "-"
        + md5.substring(0, 8);
  }

  @Test
  void theItemUidMethodGivesTheUidOfEveryMatchingStep() {
    Doc doc = new Doc("a1", "first draft");
    assertEquals("doc-a1", UidOps.docUid(doc));
    assertEquals("doc-a1", TitlesStep.create().itemUid(doc), "batch step");
    assertEquals("doc-a1", WordCountStep.create().itemUid(doc), "single-item step");
    assertEquals("some text", TextLengthsStep.create().itemUid("some text"), "String item, CharSequence uid");
    // a chain keys its items with its first step's uid, whatever the later steps' items are
    assertEquals("doc-a1", TitlesStep.create().then(TextLengthsStep.create()).itemUid(doc));
  }

  @Test
  void theCacheIsKeyedByTheCustomUid() throws Exception {
    Infra infra = Infra.cached(folder);
    TitlesStep titles = TitlesStep.create().withInfra(infra);
    List<Doc> docs = List.of(new Doc("a1", "first draft"), new Doc("b2", "second"));
    assertEquals(List.of("FIRST DRAFT", "SECOND"), all(titles, docs));
    assertIndexKeys(Set.of("doc-a1", "doc-b2"), folder, titles);
    assertEquals(Status.SUCCESS, titles.lookup(new Doc("a1", "")).status());
    assertEquals("doc-a1", titles.lookup(new Doc("a1", "")).uid());

    // the text is not part of the uid: an edited document with the same id is a cache hit
    UidOps.COMPUTED.clear();
    assertEquals(
        List.of("FIRST DRAFT", "NEW"),
        all(TitlesStep.create().withInfra(Infra.cached(folder)), List.of(new Doc("a1", "edited"), new Doc("c3", "new"))));
    assertEquals(List.of(new Doc("c3", "new")), UidOps.COMPUTED);
    assertIndexKeys(Set.of("doc-a1", "doc-b2", "doc-c3"), folder, titles);

    WordCountStep words = WordCountStep.create().withInfra(infra);
    assertEquals(List.of(2, 1), all(words, docs));
    assertIndexKeys(Set.of("doc-a1", "doc-b2"), folder, words);
  }

  @Test
  void longCustomUidsAreShortened() throws Exception {
    String path = "/very/long/path/" + "x".repeat(500);
    TextLengthsStep step = TextLengthsStep.create();
    String uid = step.itemUid(path);
    assertEquals(256, uid.length(), uid);
    assertEquals(shortened(path, 256), uid);
    assertTrue(uid.startsWith("/very/long/path/xxx"), uid);

    for (int length : new int[] {257, 300, 1000, 10000}) {
      String text = "y".repeat(length);
      String u = step.itemUid(text);
      assertTrue(u.length() <= 256, length + " -> " + u.length());
      assertEquals(shortened(text, 256), u);
    }
    assertEquals("z".repeat(256), step.itemUid("z".repeat(256)), "256 characters are kept");

    // the hash keeps two long texts that differ only in the middle apart
    String other = "/very/long/path/" + "x".repeat(250) + "!" + "x".repeat(249);
    assertNotEquals(uid, step.itemUid(other));
  }

  @Test
  void longCustomUidsKeyTheCache() throws Exception {
    Infra infra = Infra.cached(folder);
    TextLengthsStep step = TextLengthsStep.create().withInfra(infra);
    String a = "/very/long/path/" + "x".repeat(500);
    String b = "/very/long/path/" + "x".repeat(250) + "!" + "x".repeat(249);
    try (StepItems<Integer> items = step.runMany(List.of(a, b, a))) {
      assertEquals(List.of(516, 516, 516), items.stream().toList());
      assertEquals(List.of(shortened(a, 256), shortened(b, 256), shortened(a, 256)), items.uids());
    }
    assertIndexKeys(Set.of(shortened(a, 256), shortened(b, 256)), folder, step);
    assertEquals(List.of(a, b), UidOps.COMPUTED);
    assertEquals(Status.SUCCESS, TextLengthsStep.create().withInfra(Infra.cached(folder)).lookup(b).status());
    assertEquals(516, TextLengthsStep.create().withInfra(Infra.cached(folder)).run(a));
    assertEquals(2, UidOps.COMPUTED.size());
  }
}
