package dev.exca.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word-at-a-time newline search finds the same byte as a plain loop. */
class IndexFileNewlineTest {
  private static int naive(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstNewlineOfAnyRange() {
    SplittableRandom random = new SplittableRandom(17);
    // bytes next to '\n' in value (0x09, 0x0B, 0x8A) and borrows across bytes are the traps
    byte[] alphabet = {'\n', 0x09, 0x0B, (byte) 0x8A, 0, 1, (byte) 0xFF, 'a', '"', '}'};
    for (int trial = 0; trial < 20_000; trial++) {
      byte[] b = new byte[random.nextInt(1, 80)];
      int density = random.nextInt(1, 40);
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(density) == 0 ? (byte) '\n' : alphabet[random.nextInt(1, alphabet.length)];
      }
      int from = random.nextInt(b.length);
      int to = random.nextInt(from, b.length + 1);
      assertEquals(naive(b, from, to), IndexFile.newline(b, from, to), "trial " + trial);
    }
  }
}
