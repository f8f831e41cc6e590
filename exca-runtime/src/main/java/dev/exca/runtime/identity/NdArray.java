package dev.exca.runtime.identity;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
  final byte[] bytes;

  private NdArray(String shape, byte[] bytes) {
    this.shape = shape;
    this.bytes = bytes;
  }

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
    ByteBuffer buffer = ByteBuffer.allocate(byteCount(rows)).order(ByteOrder.LITTLE_ENDIAN);
    for (Object row : rows) {
      write(row, buffer);
    }
    StringJoiner joined = new StringJoiner(",");
    shape.forEach(size -> joined.add(Integer.toString(size)));
    return new NdArray(joined.toString(), buffer.array());
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

  private static int byteCount(List<Object> rows) {
    int count = 0;
    for (Object row : rows) {
      count += Array.getLength(row) * elementSize(row.getClass().getComponentType());
    }
    return count;
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

  private static void write(Object row, ByteBuffer buffer) {
    if (row instanceof double[] values) {
      buffer.asDoubleBuffer().put(values);
      buffer.position(buffer.position() + values.length * 8);
    } else if (row instanceof float[] values) {
      buffer.asFloatBuffer().put(values);
      buffer.position(buffer.position() + values.length * 4);
    } else if (row instanceof long[] values) {
      buffer.asLongBuffer().put(values);
      buffer.position(buffer.position() + values.length * 8);
    } else if (row instanceof int[] values) {
      buffer.asIntBuffer().put(values);
      buffer.position(buffer.position() + values.length * 4);
    } else if (row instanceof short[] values) {
      buffer.asShortBuffer().put(values);
      buffer.position(buffer.position() + values.length * 2);
    } else if (row instanceof byte[] values) {
      buffer.put(values);
    } else if (row instanceof boolean[] values) {
      for (boolean value : values) {
        buffer.put((byte) (value ? 1 : 0));
      }
    } else {
      throw new IllegalStateException("not a primitive array: " + row.getClass());
    }
  }
}
