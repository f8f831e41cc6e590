package dev.exca.runtime.cache;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * Primitive Java arrays as the raw little-endian bytes of exca's {@code MemmapArray} handler, so
 * that numpy can memory-map them: {@code np.memmap(f)[offset:offset + n].view(dtype).reshape(shape)}.
 * 1-D arrays and rectangular 2-D arrays (C order) of {@code double, float, long, int, short, byte,
 * boolean} are supported.
 */
final class NdArrays {
  private NdArrays() {}

  /** The numpy dtypes we read and write, with their Java element type. */
  enum Dtype {
    FLOAT64("float64", 8, double.class),
    FLOAT32("float32", 4, float.class),
    INT64("int64", 8, long.class),
    INT32("int32", 4, int.class),
    INT16("int16", 2, short.class),
    UINT8("uint8", 1, byte.class),
    INT8("int8", 1, byte.class),
    BOOL("bool", 1, boolean.class);

    final String numpy;
    final int itemSize;
    final Class<?> javaType;

    Dtype(String numpy, int itemSize, Class<?> javaType) {
      this.numpy = numpy;
      this.itemSize = itemSize;
      this.javaType = javaType;
    }

    /** The dtype written for a Java element type (bytes go out as {@code uint8}). */
    static Dtype forJava(Class<?> component) {
      for (Dtype d : values()) {
        if (d.javaType == component) {
          return d;
        }
      }
      return null;
    }

    /**
     * Parses {@code str(np.dtype)}: a name ({@code float64}) or a type string ({@code <f8}, {@code
     * |u1}); big-endian type strings are not supported.
     *
     * @return the dtype, or null if unsupported
     */
    static Dtype parse(String text) {
      if (text == null) {
        return null;
      }
      String t = text.toLowerCase(Locale.ROOT);
      for (Dtype d : values()) {
        if (d.numpy.equals(t)) {
          return d;
        }
      }
      if (t.startsWith("<") || t.startsWith("|") || t.startsWith("=")) {
        t = t.substring(1);
      }
      switch (t) {
        case "f8": return FLOAT64;
        case "f4": return FLOAT32;
        case "i8": return INT64;
        case "i4": return INT32;
        case "i2": return INT16;
        case "u1": return UINT8;
        case "i1": return INT8;
        case "b1": case "?": return BOOL;
        default: return null;
      }
    }
  }

  /** An array ready to be appended: its dtype, shape and bytes. */
  record Encoded(Dtype dtype, long[] shape, ByteBuffer bytes) {}

  /**
   * Encodes a primitive array, or returns null when the value is not one we store this way (not a
   * primitive array, empty, or a jagged 2-D array: those go to JSON).
   */
  static Encoded encode(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return null;
    }
    Class<?> component = value.getClass().getComponentType();
    Dtype dtype = Dtype.forJava(component);
    if (dtype != null) {
      int n = Array.getLength(value);
      if (n == 0) {
        return null; // numpy refuses empty memmaps, exca refuses to dump them
      }
      ByteBuffer buf = allocate((long) n * dtype.itemSize);
      put(buf, value, dtype);
      return new Encoded(dtype, new long[] {n}, buf.flip());
    }
    if (!component.isArray() || Dtype.forJava(component.getComponentType()) == null) {
      return null;
    }
    dtype = Dtype.forJava(component.getComponentType());
    int rows = Array.getLength(value);
    if (rows == 0) {
      return null;
    }
    int cols = -1;
    for (int r = 0; r < rows; r++) {
      Object row = Array.get(value, r);
      if (row == null || (cols >= 0 && Array.getLength(row) != cols)) {
        return null;
      }
      cols = Array.getLength(row);
    }
    if (cols == 0) {
      return null;
    }
    ByteBuffer buf = allocate((long) rows * cols * dtype.itemSize);
    for (int r = 0; r < rows; r++) {
      put(buf, Array.get(value, r), dtype);
    }
    return new Encoded(dtype, new long[] {rows, cols}, buf.flip());
  }

  private static ByteBuffer allocate(long size) {
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("array of " + size + " bytes is larger than 2 GiB");
    }
    return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void put(ByteBuffer buf, Object array, Dtype dtype) {
    switch (dtype) {
      case FLOAT64 -> buf.asDoubleBuffer().put((double[]) array);
      case FLOAT32 -> buf.asFloatBuffer().put((float[]) array);
      case INT64 -> buf.asLongBuffer().put((long[]) array);
      case INT32 -> buf.asIntBuffer().put((int[]) array);
      case INT16 -> buf.asShortBuffer().put((short[]) array);
      case UINT8, INT8 -> buf.duplicate().put((byte[]) array);
      case BOOL -> {
        boolean[] b = (boolean[]) array;
        ByteBuffer view = buf.duplicate();
        for (boolean x : b) {
          view.put((byte) (x ? 1 : 0));
        }
      }
    }
    // the typed views above do not move buf's own position
    buf.position(buf.position() + Array.getLength(array) * dtype.itemSize);
  }

  /** Number of payload bytes of an array of this dtype and shape, or -1 if it overflows. */
  static long byteLength(Dtype dtype, long[] shape) {
    long n = dtype.itemSize;
    try {
      for (long d : shape) {
        if (d < 0) {
          return -1;
        }
        n = Math.multiplyExact(n, d);
      }
    } catch (ArithmeticException e) {
      return -1;
    }
    return n;
  }

  /**
   * Decodes raw little-endian bytes into a Java array.
   *
   * @param target the declared raw type: a primitive array type (1-D or 2-D, elements converted
   *     from the stored dtype), or {@code Object}/null for the natural array of the dtype
   * @return the array
   * @throws IllegalArgumentException if the shape cannot be represented as {@code target}
   */
  static Object decode(ByteBuffer bytes, Dtype dtype, long[] shape, Class<?> target) {
    ByteBuffer le = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    Class<?> component;
    int dims;
    if (target != null && target.isArray() && target.getComponentType().isPrimitive()) {
      component = target.getComponentType();
      dims = 1;
    } else if (target != null
        && target.isArray()
        && target.getComponentType().isArray()
        && target.getComponentType().getComponentType().isPrimitive()) {
      component = target.getComponentType().getComponentType();
      dims = 2;
    } else {
      component = dtype.javaType;
      dims = shape.length;
    }
    if (dims != shape.length || dims < 1 || dims > 2) {
      throw new IllegalArgumentException(
          "an array of shape " + Arrays.toString(shape) + " cannot be read as "
              + (target == null ? "a 1-D or 2-D array" : target.getTypeName()));
    }
    if (dims == 1) {
      return fill(le, dtype, 0, (int) shape[0], component);
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    Object out = Array.newInstance(component.arrayType(), rows);
    for (int r = 0; r < rows; r++) {
      Array.set(out, r, fill(le, dtype, (long) r * cols, cols, component));
    }
    return out;
  }

  private static Object fill(ByteBuffer le, Dtype dtype, long first, int n, Class<?> component) {
    int base = (int) (first * dtype.itemSize);
    if (component == dtype.javaType) {
      return bulk(le, dtype, base, n);
    }
    Object out = Array.newInstance(component, n);
    for (int i = 0; i < n; i++) {
      int at = base + i * dtype.itemSize;
      if (component == double.class || component == float.class) {
        double v = asDouble(le, dtype, at);
        if (component == double.class) {
          Array.setDouble(out, i, v);
        } else {
          Array.setFloat(out, i, (float) v);
        }
      } else if (component == boolean.class) {
        Array.setBoolean(out, i, asDouble(le, dtype, at) != 0);
      } else {
        long v = asLong(le, dtype, at);
        if (component == long.class) {
          Array.setLong(out, i, v);
        } else if (component == int.class) {
          Array.setInt(out, i, (int) v);
        } else if (component == short.class) {
          Array.setShort(out, i, (short) v);
        } else if (component == byte.class) {
          Array.setByte(out, i, (byte) v);
        } else {
          throw new IllegalArgumentException("unsupported element type " + component);
        }
      }
    }
    return out;
  }

  private static Object bulk(ByteBuffer le, Dtype dtype, int base, int n) {
    ByteBuffer slice = le.duplicate().position(base).slice().order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case FLOAT64: { double[] a = new double[n]; slice.asDoubleBuffer().get(a); return a; }
      case FLOAT32: { float[] a = new float[n]; slice.asFloatBuffer().get(a); return a; }
      case INT64: { long[] a = new long[n]; slice.asLongBuffer().get(a); return a; }
      case INT32: { int[] a = new int[n]; slice.asIntBuffer().get(a); return a; }
      case INT16: { short[] a = new short[n]; slice.asShortBuffer().get(a); return a; }
      case UINT8: case INT8: { byte[] a = new byte[n]; slice.get(a); return a; }
      case BOOL: {
        boolean[] a = new boolean[n];
        for (int i = 0; i < n; i++) {
          a[i] = slice.get(i) != 0;
        }
        return a;
      }
      default: throw new AssertionError(dtype);
    }
  }

  private static double asDouble(ByteBuffer le, Dtype dtype, int at) {
    return switch (dtype) {
      case FLOAT64 -> le.getDouble(at);
      case FLOAT32 -> le.getFloat(at);
      default -> asLong(le, dtype, at);
    };
  }

  private static long asLong(ByteBuffer le, Dtype dtype, int at) {
    return switch (dtype) {
      case FLOAT64 -> (long) le.getDouble(at);
      case FLOAT32 -> (long) le.getFloat(at);
      case INT64 -> le.getLong(at);
      case INT32 -> le.getInt(at);
      case INT16 -> le.getShort(at);
      case UINT8 -> le.get(at) & 0xff;
      case INT8 -> le.get(at);
      case BOOL -> le.get(at) != 0 ? 1 : 0;
    };
  }
}
