package dev.exca.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.exca.runtime.cache.IndexLines.Inline;
import dev.exca.runtime.cache.IndexLines.Integrity;
import dev.exca.runtime.cache.IndexLines.JsonFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EntryTableTest {
  private final IndexFile a = new IndexFile(Path.of("a-info.jsonl"));
  private final IndexFile b = new IndexFile(Path.of("b-info.jsonl"));

  private static Entry lazy(String uid, IndexFile file, long offset) {
    return new Entry(uid, file, offset, 40 + uid.length(), null, null);
  }

  private static void assertLine(Entry expected, Entry actual) {
    assertNotNull(actual, expected.uid);
    assertEquals(expected.uid, actual.uid);
    assertSame(expected.file, actual.file);
    assertEquals(expected.lineOffset, actual.lineOffset);
    assertEquals(expected.lineLength, actual.lineLength);
  }

  @Test
  void keepsManyUidsOfEveryShapeThroughGrowth() {
    EntryTable table = new EntryTable(4); // grows many times
    List<Entry> all = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String uid = switch (i % 5) {
        case 0 -> "0." + i + "-" + Integer.toHexString(i * 7919);
        case 1 -> "é" + i + "-naïve-" + i; // Latin-1, two UTF-8 bytes per accent
        case 2 -> "日本" + i; // three UTF-8 bytes per char
        case 3 -> "x".repeat(20_000) + i; // too long for a compact record
        default -> "" + i;
      };
      Entry e = lazy(uid, i % 2 == 0 ? a : b, 1000L * i + (1L << 33));
      assertNull(table.putIfAbsent(e));
      all.add(e);
    }
    assertEquals(all.size(), table.size());
    for (Entry e : all) {
      Entry found = table.get(e.uid);
      assertLine(e, found);
      assertTrue(found.lazy());
    }
    assertNull(table.get("absent"));
    assertNull(table.get(""));
    assertNull(table.get("0.1-1ef")); // a prefix of a stored uid
  }

  @Test
  void tellsApartUidsWithTheSameStringHash() {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    EntryTable table = new EntryTable(16);
    Entry aa = lazy("AaAa", a, 0);
    Entry bb = lazy("BBBB", a, 100);
    Entry ab = lazy("AaBB", a, 200);
    table.put(aa);
    table.put(bb);
    assertNull(table.get("AaBB"));
    table.put(ab);
    assertLine(aa, table.get("AaAa"));
    assertLine(bb, table.get("BBBB"));
    assertLine(ab, table.get("AaBB"));
    assertNotNull(table.remove("BBBB"));
    assertNull(table.get("BBBB"));
    assertLine(ab, table.get("AaBB"));
  }

  @Test
  void loadsLinesFromBytesAsTheirStringsFindThem() {
    EntryTable table = new EntryTable(16);
    byte[] line = "{\"content\":1.5,\"#type\":\"Json\",\"#key\":\"0.50-925c35ee\"}"
        .getBytes(StandardCharsets.US_ASCII);
    int keyStart = IndexFastPaths.inlineKey(line, 0, line.length);
    int keyLength = line.length - 2 - keyStart;
    List<Entry> copies = new ArrayList<>();
    table.beginBulk(copies::add);
    try {
      table.addLine(a, 77, line.length, line, keyStart, keyLength);
      table.addLine(b, 0, line.length, line, keyStart, keyLength);
    } finally {
      table.endBulk();
    }
    Entry e = table.get("0.50-925c35ee");
    assertSame(a, e.file);
    assertEquals(77, e.lineOffset);
    assertEquals(line.length, e.lineLength);
    assertTrue(e.lazy());
    assertEquals(1, copies.size());
    assertSame(b, copies.get(0).file);
    assertEquals(0, copies.get(0).lineOffset);
    assertEquals("0.50-925c35ee", copies.get(0).uid);
    assertEquals(1, table.size());
  }

  @Test
  void linesAddedInBatchesWinInTheOrderTheyCameAmongOtherChanges() {
    EntryTable table = new EntryTable(16);
    table.put(lazy("k-5", a, 5_000)); // an entry before the load: its lines are copies
    table.put(lazy("k-7", a, 7_000));
    assertNotNull(table.remove("k-7")); // a tombstone in k-7's probe sequence
    List<Entry> copies = new ArrayList<>();
    byte[] buf = new byte[400];
    table.beginBulk(copies::add);
    try {
      for (int i = 0; i < 3_000; i++) {
        int k = i % 1_000; // every uid three times, in three passes
        byte[] key = ("k-" + k).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(key, 0, buf, 0, key.length);
        table.addLine(b, i, 60, buf, 0, key.length);
        if (i == 2) {
          // lines 0 to 2 wait for their slots: the owner's lookups and changes see them first
          assertEquals(2, table.get("k-2").lineOffset);
          assertEquals(1, table.putIfAbsent(lazy("k-1", a, 8_888)).lineOffset);
        }
        if (i == 1_500) {
          // the owner's own changes and lookups come after the lines added before them
          assertEquals(500, table.get("k-500").lineOffset);
          table.put(lazy("k-501", a, 9_999)); // replaces the first line of k-501
          assertNull(table.get("k-1000"));
        }
      }
      String longUid = "long-" + "x".repeat(20_000); // kept as an object, in its turn
      byte[] key = longUid.getBytes(StandardCharsets.US_ASCII);
      byte[] longLine = Arrays.copyOf(key, key.length);
      table.addLine(b, 3_000, 60, longLine, 0, key.length);
      table.addLine(a, 3_001, 60, longLine, 0, key.length);
      assertEquals(3_000, table.get(longUid).lineOffset);
    } finally {
      table.endBulk();
    }
    assertEquals(1_001, table.size());
    for (int k = 0; k < 1_000; k++) {
      Entry e = table.get("k-" + k);
      long offset = k == 5 ? 5_000 : k == 501 ? 9_999 : k;
      assertEquals(offset, e.lineOffset, "k-" + k);
    }
    // every other line was reported once as a copy, in the order it came
    List<Long> expected = new ArrayList<>();
    expected.add(5L); // k-5 had an entry before the load
    for (long i = 1_000; i < 3_000; i++) {
      expected.add(i);
    }
    expected.add(3_001L);
    assertEquals(expected, copies.stream().map(c -> c.lineOffset).toList());
    for (Entry c : copies) {
      assertTrue(c.uid.startsWith("long-") || c.uid.equals("k-" + c.lineOffset % 1_000), c.uid);
      assertSame(c.lineOffset == 3_001 ? a : b, c.file);
    }
  }

  @Test
  void keepsEntriesWithPayloadsAsObjects() {
    EntryTable table = new EntryTable(16);
    Entry file = new Entry("f", a, 5, 80, new JsonFile("data/x.jsonl", 0, 10),
        new Integrity(1, 10, 2));
    Entry unwritten = new Entry("u", a, -1, 60, new Inline(new byte[] {'1'}), null);
    table.put(file);
    table.put(unwritten);
    assertSame(file, table.get("f"));
    assertSame(unwritten, table.get("u"));
  }

  @Test
  void removesOnlyTheSameLine() {
    EntryTable table = new EntryTable(16);
    table.put(lazy("k", a, 10));
    assertFalse(table.remove(lazy("k", a, 11)));
    assertFalse(table.remove(lazy("k", b, 10)));
    assertNotNull(table.get("k"));
    assertTrue(table.remove(lazy("k", a, 10))); // a new object for the same line
    assertNull(table.get("k"));
    assertEquals(0, table.size());
  }

  @Test
  void compactsOwnLinesOnceWrittenUnlessReplaced() {
    EntryTable table = new EntryTable(16);
    Entry own = new Entry("own", a, -1, 50, new Inline("2.5".getBytes(StandardCharsets.US_ASCII)),
        null);
    table.put(own);
    table.compact(own); // no offset yet: stays as it is
    assertSame(own, table.get("own"));
    own.lineOffset = 500;
    table.compact(own);
    Entry found = table.get("own");
    assertTrue(found.lazy());
    assertEquals(500, found.lineOffset);
    assertTrue(table.remove(own)); // the object that was compacted is still its line
    for (String uid : List.of("ü-own", "x".repeat(300), "日本-" + "y".repeat(200))) {
      Entry written = new Entry(uid, a, -1, 50, new Inline(new byte[] {'3'}), null);
      table.put(written);
      written.lineOffset = 42;
      table.compact(written);
      Entry back = table.get(uid);
      assertTrue(back.lazy(), uid);
      assertEquals(uid, back.uid);
      assertEquals(42, back.lineOffset);
      assertEquals(50, back.lineLength);
    }

    Entry first = new Entry("r", a, -1, 50, new Inline(new byte[] {'1'}), null);
    Entry second = new Entry("r", b, -1, 50, new Inline(new byte[] {'2'}), null);
    table.put(first);
    table.put(second); // replaces
    first.lineOffset = 0;
    table.compact(first);
    assertSame(second, table.get("r"));
  }

  @Test
  void removesTheEntriesOfOneFile() {
    EntryTable table = new EntryTable(16);
    Set<String> fromA = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String uid = (i % 3 == 0 ? "ü" : "u") + i;
      IndexFile f = i % 4 == 0 ? a : b;
      table.put(i % 10 == 0 ? new Entry(uid, f, i, 70, new JsonFile("d", 0, 1), null)
          : lazy(uid, f, i));
      if (f == a) {
        fromA.add(uid);
      }
    }
    Set<String> removed = new HashSet<>();
    for (Entry e : table.removeFile(a)) {
      assertSame(a, e.file);
      removed.add(e.uid);
    }
    assertEquals(fromA, removed);
    assertEquals(1000 - fromA.size(), table.size());
    for (String uid : fromA) {
      assertNull(table.get(uid));
    }
    assertNotNull(table.get("u1"));
  }

  @Test
  void reclaimsRemovedRecordsAndKeepsTheRest() {
    EntryTable table = new EntryTable(16);
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 40_000; i++) {
        table.put(lazy("item-" + i + "-round-" + round, a, i));
      }
      for (int i = 0; i < 40_000; i++) {
        if (i % 100 != 0) {
          assertNotNull(table.remove("item-" + i + "-round-" + round));
        }
      }
    }
    assertEquals(6 * 400, table.size());
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 40_000; i += 100) {
        assertLine(lazy("item-" + i + "-round-" + round, a, i),
            table.get("item-" + i + "-round-" + round));
      }
    }
  }

  @Test
  void lookupsInWriteOrderNeverAnswerWithARecordThatWasRemovedOrReplaced() {
    // in-order lookups follow the hint from record to record; every change in between must
    // stop it from answering with the record that was next when it was left
    EntryTable table = new EntryTable(16);
    int n = 5_000;
    for (int i = 0; i < n; i++) {
      table.put(lazy("seq-" + i, a, 100L * i));
    }
    for (int i = 0; i < n; i++) {
      assertLine(lazy("seq-" + i, a, 100L * i), table.get("seq-" + i));
    }
    for (int i = 0; i < n; i += 2) {
      assertNotNull(table.get("seq-" + i)); // the hint now points at seq-(i+1)
      if (i % 4 == 0) {
        assertNotNull(table.remove("seq-" + (i + 1)));
        assertNull(table.get("seq-" + (i + 1)), "removed after the hint was left: " + (i + 1));
        assertNull(table.peek("seq-" + (i + 1)));
      } else {
        table.put(lazy("seq-" + (i + 1), b, 7L * i)); // replaced: a new record elsewhere
        assertLine(lazy("seq-" + (i + 1), b, 7L * i), table.get("seq-" + (i + 1)));
      }
    }
    // a record removed while no lookup ran, then looked up in order from its predecessor
    assertNotNull(table.get("seq-10"));
    assertNotNull(table.get("seq-11")); // replaced earlier: hint follows its new record
    for (int i = 12; i < n; i += 4) {
      assertNotNull(table.get("seq-" + i));
      assertNull(table.get("seq-" + (i + 1)), "seq-" + (i + 1) + " was removed");
      assertLine(lazy("seq-" + (i + 3), b, 7L * (i + 2)), table.get("seq-" + (i + 3)));
    }
    // removing then putting back the same line: the old record stays dead, the new one answers
    assertNotNull(table.get("seq-2"));
    assertTrue(table.remove(lazy("seq-3", b, 7L * 2)));
    table.put(lazy("seq-3", a, 999));
    assertNotNull(table.get("seq-2"));
    assertLine(lazy("seq-3", a, 999), table.get("seq-3"));
  }

  @Test
  void lookupsInWriteOrderSurviveRepackingAndLoadedLines() {
    EntryTable table = new EntryTable(16);
    // enough garbage to repack the records when the table grows
    for (int i = 0; i < 60_000; i++) {
      table.put(lazy("garbage-" + i, a, i));
    }
    for (int i = 0; i < 60_000; i++) {
      assertNotNull(table.get("garbage-" + i));
      assertNotNull(table.remove("garbage-" + i));
    }
    byte[] buf = new byte[64];
    for (int block = 0; block < 10; block++) {
      table.beginBulk(copy -> fail("no copies: " + copy));
      try {
        for (int i = block * 10_000; i < (block + 1) * 10_000; i++) {
          byte[] key = ("line-" + i).getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(key, 0, buf, 0, key.length);
          table.addLine(b, 60L * i, 60, buf, 0, key.length);
        }
      } finally {
        table.endBulk();
      }
      assertNotNull(table.get("line-" + block * 9_999)); // leaves hints across rebuilds
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 100_000; i++) {
        Entry e = table.get("line-" + i);
        assertEquals(60L * i, e.lineOffset, "line-" + i);
        assertSame(b, e.file);
        assertNotNull(table.peek("line-" + i));
        assertNull(table.get("garbage-" + i % 60_000));
      }
    }
  }

  @Test
  void readersSeeEveryEntryWhileAWriterGrowsTheTable() throws Exception {
    EntryTable table = new EntryTable(8);
    for (int i = 0; i < 100; i++) {
      table.put(lazy("stable-" + i, a, i));
    }
    AtomicReference<String> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      for (int i = 0; i < 200_000; i++) {
        table.put(lazy("grow-" + i, b, i));
        if (i % 3 == 0) {
          table.remove("grow-" + (i / 2));
        }
      }
    });
    List<Thread> readers = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread r = new Thread(() -> {
        while (writer.isAlive() && failure.get() == null) {
          for (int i = 0; i < 100; i++) {
            Entry e = table.get("stable-" + i);
            if (e == null || e.lineOffset != i || e.file != a) {
              failure.set("stable-" + i + " read as " + e);
            }
          }
        }
      });
      readers.add(r);
    }
    writer.start();
    readers.forEach(Thread::start);
    writer.join();
    for (Thread r : readers) {
      r.join();
    }
    assertNull(failure.get());
  }

  @Test
  void bulkLoadingHoldsTheLockForItsThreadOnly() throws Exception {
    EntryTable table = new EntryTable(16);
    table.beginBulk(copy -> fail("no copies: " + copy));
    try {
      for (int i = 0; i < 10_000; i++) {
        table.put(lazy("bulk-" + i, a, i));
        assertNotNull(table.get("bulk-" + i)); // the owner reads without deadlocking itself
      }
    } finally {
      table.endBulk();
    }
    Thread other = new Thread(() -> table.put(lazy("other", b, 0)));
    other.start();
    other.join(10_000);
    assertFalse(other.isAlive());
    assertEquals(10_001, table.size());
  }
}
