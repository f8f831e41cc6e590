package dev.exca.runtime.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Array uids hash the little-endian bytes a slice at a time: the same md5 as all bytes at once. */
class NdArrayTest {
  private static String md5Of(ByteBuffer bytes) throws Exception {
    byte[] all = new byte[bytes.flip().remaining()];
    bytes.get(all);
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(all), 0, 4);
  }

  /** The uid without its final md5 (of the hashed part): {@code data-<shape>-<md5 of bytes>}. */
  private static String head(String uid) {
    return uid.substring(0, uid.lastIndexOf('-'));
  }

  @Test
  void largeAndNestedArraysHashTheirWholeBytes() throws Exception {
    SplittableRandom random = new SplittableRandom(9);
    for (int n : new int[] {0, 1, 1023, 1024, 1025, 2048, 3001, 10_000}) {
      double[] d = random.doubles(n).toArray();
      ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asDoubleBuffer().put(d);
      b.position(n * 8);
      assertEquals("data-" + n + "-" + md5Of(b), head(Uids.itemUid(d)), "double[" + n + "]");

      float[] f = new float[n];
      int[] i = new int[n];
      short[] s = new short[n];
      boolean[] z = new boolean[n];
      for (int k = 0; k < n; k++) {
        f[k] = (float) d[k];
        i[k] = random.nextInt();
        s[k] = (short) random.nextInt();
        z[k] = random.nextBoolean();
      }
      ByteBuffer fb = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
      fb.asFloatBuffer().put(f);
      fb.position(n * 4);
      assertEquals("data-" + n + "-" + md5Of(fb), head(Uids.itemUid(f)), "float[" + n + "]");
      ByteBuffer ib = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
      ib.asIntBuffer().put(i);
      ib.position(n * 4);
      assertEquals("data-" + n + "-" + md5Of(ib), head(Uids.itemUid(i)), "int[" + n + "]");
      ByteBuffer sb = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
      sb.asShortBuffer().put(s);
      sb.position(n * 2);
      assertEquals("data-" + n + "-" + md5Of(sb), head(Uids.itemUid(s)), "short[" + n + "]");
      ByteBuffer zb = ByteBuffer.allocate(n);
      for (boolean v : z) {
        zb.put((byte) (v ? 1 : 0));
      }
      assertEquals("data-" + n + "-" + md5Of(zb), head(Uids.itemUid(z)), "boolean[" + n + "]");
    }
    // a 2-D array: rows in order, each spanning slices
    double[][] m = new double[3][1500];
    ByteBuffer mb = ByteBuffer.allocate(3 * 1500 * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double[] row : m) {
      for (int k = 0; k < row.length; k++) {
        row[k] = random.nextDouble();
        mb.putDouble(row[k]);
      }
    }
    assertEquals("data-3,1500-" + md5Of(mb), head(Uids.itemUid(m)));
  }
}
