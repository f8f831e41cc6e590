package dev.exca.runtime.identity;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A primitive Java array seen as a numpy array: its shape and its little-endian bytes (what numpy's
 * {@code tobytes()} gives on the machines the reference runs on). {@code double[]} is float64,
 * {@code float[]} float32, {@code long[]} int64, {@code int[]} int32, {@code short[]} int16, {@code
 * byte[]} uint8/int8 (same bytes) and {@code boolean[]} bool; a rectangular {@code double[][]} (or
 * deeper) is one array of several dimensions, in row-major order.
 */
final class NdArray {
  final String shape;
  /** The innermost primitive arrays, in row-major order. */
  private final List<Object> rows;

  private NdArray(String shape, List<Object> rows) {
    this.shape = shape;
    this.rows = rows;
  }

  /**
   * The first 8 hex digits of the md5 of the array's little-endian bytes (numpy's {@code
   * tobytes()}), hashed through a per-thread buffer a slice of rows at a time: an item uid of a
   * 4 KiB embedding does not allocate a copy of it.
   */
  String md5Short8() {
    MessageDigest md5 = Md5.digest();
    ByteBuffer buffer = BUFFER.get();
    for (Object row : rows) {
      int n = Array.getLength(row);
      int size = elementSize(row.getClass().getComponentType());
      int perSlice = buffer.capacity() / size;
      for (int from = 0; from < n; from += perSlice) {
        buffer.clear();
        write(row, from, Math.min(n, from + perSlice), buffer);
        buffer.flip();
        md5.update(buffer.array(), 0, buffer.limit());
      }
    }
    return Md5.hex8(md5.digest());
  }

  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN));

  /** Whether {@code value} is a primitive numeric array, possibly nested ({@code int[][]}). */
  static boolean accepts(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return false;
    }
    Class<?> leaf = value.getClass();
    while (leaf.isArray()) {
      leaf = leaf.getComponentType();
    }
    return leaf.isPrimitive() && leaf != char.class;
  }

  /**
   * The shape and bytes of a primitive array accepted by {@link #accepts}.
   *
   * @throws IllegalArgumentException if a nested array is ragged
   */
  static NdArray of(Object array) {
    List<Integer> shape = new ArrayList<>();
    collectShape(array, shape);
    List<Object> rows = new ArrayList<>();
    collectRows(array, shape, 0, rows);
    StringJoiner joined = new StringJoiner(",");
    shape.forEach(size -> joined.add(Integer.toString(size)));
    return new NdArray(joined.toString(), rows);
  }

  /** The sizes along the first element of each level; a zero-length level hides the rest (0). */
  private static void collectShape(Object array, List<Integer> shape) {
    int length = Array.getLength(array);
    shape.add(length);
    Class<?> component = array.getClass().getComponentType();
    if (component.isArray()) {
      if (length == 0) {
        for (Class<?> c = component; c.isArray(); c = c.getComponentType()) {
          shape.add(0);
        }
      } else {
        collectShape(Array.get(array, 0), shape);
      }
    }
  }

  /** The innermost primitive arrays in row-major order, each checked against the shape. */
  private static void collectRows(Object array, List<Integer> shape, int depth, List<Object> rows) {
    if (array == null || Array.getLength(array) != shape.get(depth)) {
      throw new IllegalArgumentException(
          "A nested primitive array must be rectangular to be a uid ndarray, but it is ragged "
              + "(expected shape "
              + shape
              + "); pad the rows to one length or use a List of arrays");
    }
    if (depth == shape.size() - 1) {
      rows.add(array);
      return;
    }
    for (int i = 0; i < Array.getLength(array); i++) {
      collectRows(Array.get(array, i), shape, depth + 1, rows);
    }
  }

  private static int elementSize(Class<?> type) {
    if (type == double.class || type == long.class) {
      return 8;
    }
    if (type == float.class || type == int.class) {
      return 4;
    }
    if (type == short.class) {
      return 2;
    }
    return 1; // byte, boolean
  }

  /** Writes {@code row[from, to)} little-endian into {@code buffer}, which has room for them. */
  private static void write(Object row, int from, int to, ByteBuffer buffer) {
    int n = to - from;
    if (row instanceof double[] values) {
      buffer.asDoubleBuffer().put(values, from, n);
      buffer.position(buffer.position() + n * 8);
    } else if (row instanceof float[] values) {
      buffer.asFloatBuffer().put(values, from, n);
      buffer.position(buffer.position() + n * 4);
    } else if (row instanceof long[] values) {
      buffer.asLongBuffer().put(values, from, n);
      buffer.position(buffer.position() + n * 8);
    } else if (row instanceof int[] values) {
      buffer.asIntBuffer().put(values, from, n);
      buffer.position(buffer.position() + n * 4);
    } else if (row instanceof short[] values) {
      buffer.asShortBuffer().put(values, from, n);
      buffer.position(buffer.position() + n * 2);
    } else if (row instanceof byte[] values) {
      buffer.put(values, from, n);
    } else if (row instanceof boolean[] values) {
      for (int i = from; i < to; i++) {
        buffer.put((byte) (values[i] ? 1 : 0));
      }
    } else {
      throw new IllegalStateException("not a primitive array: " + row.getClass());
    }
  }

}
