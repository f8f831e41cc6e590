package dev.exca.runtime.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The scalar fast paths give exactly the uids of the general {@link UidMaker} path. */
class ScalarUidsTest {
  private static String general(Object value) {
    return UidMaker.of(value, "").format();
  }

  @Test
  void doublesGiveTheGeneralUid() {
    double[] edges = {
      0.5, 12.845, 0.125, 2.675, 0.375, 1.0005, -0.001, 0.001, 0.000999, 9999.995, 9999.994, 10000.0,
      10000.5, -10000.0, Math.nextUp(1e4), Math.nextDown(1e-3), -1e-3, 0.0, -0.0, 1.0, -1.0,
      0x1p53, -0x1p53, 0x1p53 + 2, 1e300, -1e-300, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.015, 0.025, 0.035, 1.115
    };
    for (double x : edges) {
      assertEquals(general(x), Uids.itemUid(x), "x = " + x);
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200_000; i++) {
      double x;
      switch (i % 5) {
        case 0 -> x = 0.5 + i * 0.001; // the bench's items
        case 1 -> x = (random.nextDouble() - 0.5) * 2e4;
        case 2 -> x = random.nextInt(2_000_001) / 200.0 - 5000; // exact halves of cents
        case 3 -> x = Math.scalb(random.nextDouble(), random.nextInt(-40, 60)) * (random.nextBoolean() ? 1 : -1);
        default -> x = Double.longBitsToDouble(random.nextLong());
      }
      assertEquals(general(x), Uids.itemUid(x), "x = " + x);
    }
  }

  @Test
  void floatsGiveTheGeneralUid() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20_000; i++) {
      float f = (float) ((random.nextDouble() - 0.5) * 3e4);
      assertEquals(general(f), Uids.itemUid(f), "f = " + f);
    }
  }

  @Test
  void integersGiveTheGeneralUid() {
    long[] edges = {0, 1, -1, 9, 10, 99, 100, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
      Long.MIN_VALUE, Long.MIN_VALUE + 1, 1L << 53, -(1L << 53)};
    for (long v : edges) {
      assertEquals(general(v), Uids.itemUid(v), "v = " + v);
      assertEquals(general((int) v), Uids.itemUid((int) v), "v = " + (int) v);
    }
    long p = 1;
    for (int k = 0; k < 19; k++, p *= 10) { // 10^0 to 10^18: each length of digits
      for (long v : new long[] {p - 1, p, p + 1, -p + 1, -p, -p - 1}) {
        assertEquals(general(v), Uids.itemUid(v), "v = " + v);
      }
    }
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 50_000; i++) {
      long v = random.nextLong() >> random.nextInt(64);
      assertEquals(general(v), Uids.itemUid(v), "v = " + v);
      assertEquals(general((double) v), Uids.itemUid((double) v), "as double " + v);
    }
  }

  @Test
  void outsideTheFastRangeTheGeneralPathFormats() {
    assertNull(ScalarUids.ofDouble(1e-4));
    assertNull(ScalarUids.ofDouble(12345.5));
    assertNull(ScalarUids.ofDouble(Double.NaN));
    assertNull(ScalarUids.ofDouble(0x1p60));
    assertEquals("1.00e-04-", Uids.itemUid(1e-4).substring(0, 9)); // the '+' of e+ is cleaned
  }
}
