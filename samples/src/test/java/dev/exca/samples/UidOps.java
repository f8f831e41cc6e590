package dev.exca.samples;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Item;
import dev.exca.annotations.ItemUid;
import dev.exca.annotations.Step;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Steps whose items get their uids from {@code @ItemUid} methods of the class: {@link #docUid}
 * for every step on {@link Doc}, {@link #textUid} for every step whose item is assignable to
 * {@code CharSequence}.
 */
final class UidOps {
  /** A document: only its id identifies it, its text may be edited in place. */
  record Doc(String id, String text) {}

  /** Every item the steps computed, in order. */
  static final List<Object> COMPUTED = new CopyOnWriteArrayList<>();

  private UidOps() {}

  @ItemUid
  static String docUid(Doc doc) {
    return "doc-" + doc.id();
  }

  /** The text itself: long texts give long uids, which the runtime shortens. */
  @ItemUid
  static String textUid(CharSequence text) {
    return text.toString();
  }

  /** Upper-cased text of each document (batched, lazy). */
  @Step
  @Batch
  static Iterator<String> titles(@Item Iterator<Doc> docs) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return docs.hasNext();
      }

      @Override
      public String next() {
        Doc d = docs.next();
        COMPUTED.add(d);
        return d.text().toUpperCase(Locale.ROOT);
      }
    };
  }

  /** The number of words of a document (one item at a time). */
  @Step
  static int wordCount(@Item Doc doc) {
    COMPUTED.add(doc);
    return doc.text().isBlank() ? 0 : doc.text().strip().split("\\s+").length;
  }

  /** The length of each text (batched over a list). */
  @Step
  @Batch
  static Stream<Integer> textLengths(@Item List<String> texts) {
    COMPUTED.addAll(texts);
    return texts.stream().map(String::length);
  }
}
