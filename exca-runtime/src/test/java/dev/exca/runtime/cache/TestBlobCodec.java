package dev.exca.runtime.cache;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Set;

/** Registered in META-INF/services of the test resources. */
public final class TestBlobCodec implements Codec<TestBlob> {
  static final byte MAGIC = 0x42;

  @Override
  public Set<Class<? extends TestBlob>> types() {
    return Set.of(TestBlob.class);
  }

  @Override
  public String name() {
    return "TestBlob";
  }

  @Override
  public String extension() {
    return "blob";
  }

  @Override
  public byte[] encode(TestBlob value) {
    byte[] data = value.data();
    byte[] out = new byte[data.length + 1];
    out[0] = MAGIC;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  @Override
  public TestBlob decode(byte[] bytes, Type type) throws IOException {
    if (bytes.length == 0 || bytes[0] != MAGIC) {
      throw new IOException("not a TestBlob");
    }
    return new TestBlob(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
  }
}
