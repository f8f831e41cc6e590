package dev.exca.runtime.cache;

import java.util.Arrays;

/** A value only {@link TestBlobCodec} can store (no getters: Jackson would refuse it). */
public final class TestBlob {
  private final byte[] data;

  public TestBlob(byte[] data) {
    this.data = data.clone();
  }

  byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TestBlob b && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }
}
