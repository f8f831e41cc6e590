package dev.exca.runtime.identity;

import java.util.List;
import java.util.Map;

/**
 * The uid machinery of exca (UidMaker, uid version 3), byte-compatible with the Python original,
 * for {@code @ItemUid} authors and tools.
 */
public final class Uids {
  private Uids() {}

  /** Placeholder until the identity package is implemented. */
  public static String itemUid(Object value) {
    throw new UnsupportedOperationException("identity not implemented yet");
  }

  /** Placeholder until the identity package is implemented. */
  public static String stepUid(String name, Map<String, ?> params) {
    return stepUid("type", name, params);
  }

  /** Placeholder until the identity package is implemented. */
  public static String stepUid(String discriminator, String name, Map<String, ?> params) {
    throw new UnsupportedOperationException("identity not implemented yet");
  }

  /** Placeholder until the identity package is implemented. */
  public static String path(List<String> segments) {
    return String.join("/", segments);
  }

  /** Placeholder until the identity package is implemented. */
  public static String shorten(String customUid, int maxLength) {
    return customUid;
  }
}
