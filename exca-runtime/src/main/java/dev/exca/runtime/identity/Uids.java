package dev.exca.runtime.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The uid machinery of exca (UidMaker, uid version 3), byte-compatible with the Python original,
 * for {@code @ItemUid} authors and tools.
 *
 * <p>Java values map to Python ones as follows: {@code double}, {@code float} and {@code
 * BigDecimal} are floats (integral values are written as integers, so {@code 5.0} and {@code 5}
 * share a uid); the other integral types and {@code BigInteger} are ints; {@code Boolean} is {@code
 * True}/{@code False}; {@code null} is {@code None}; {@code String}, {@code Character}, enums
 * (their name) and {@code Path} are strings; lists, other non-set collections and object arrays are
 * sequences; sets are sequences sorted by their readable form; maps and records are dicts;
 * primitive numeric arrays (rectangular nested ones included) are numpy arrays.
 */
public final class Uids {
  /** The item uid of the missing input of a generator step. */
  public static final String NO_INPUT = "__exca_no_input__";

  /** The longest custom item uid kept as is; longer ones are {@link #shorten shortened}. */
  public static final int ITEM_UID_MAX_LENGTH = 256;

  /** The longest step path kept as is (exca's {@code MAX_STEP_UID_LENGTH}). */
  static final int MAX_PATH_LENGTH = 350;

  /** The length of the segment that replaces the compressed tail of a long path. */
  static final int PATH_TAIL_BUDGET = MAX_PATH_LENGTH / 5;

  private static final Pattern TYPE =
      Pattern.compile("type=(\\w+)", Pattern.UNICODE_CHARACTER_CLASS);
  private static final int UNTYPED_LABEL_LENGTH = 20;

  private Uids() {}

  /**
   * The default item uid of a value: a readable, filesystem-safe form followed by a short hash of
   * the full value, for example {@code 5-227dcc9a} for {@code 5.0} or {@code 1,{a=12}-1e2345af} for
   * {@code List.of(1.0, Map.of("a", 12))}. Empty values (empty string, list, set or map, or a
   * string with no ASCII letter or digit) give the empty uid {@code ""}.
   *
   * @param value the item, made of the types listed in the class documentation
   * @return the uid, at most about 150 characters long whatever the size of the value
   * @throws IllegalArgumentException if {@code value} holds a type that has no uid mapping, or a
   *     ragged nested primitive array
   */
  public static String itemUid(Object value) {
    // numbers, the usual items of large runs, without the general path's intermediate strings
    if (value instanceof Double || value instanceof Float) {
      String fast = ScalarUids.ofDouble(((Number) value).doubleValue());
      if (fast != null) {
        return fast;
      }
    } else if (value instanceof Integer || value instanceof Long) {
      return ScalarUids.ofLong(((Number) value).longValue());
    }
    return UidMaker.of(
            value,
            "Give the step an @ItemUid method (static String f(ItemType item)) that returns a uid"
                + " for such items.")
        .format();
  }

  /**
   * The uid of one step config, the folder segment of the step, with the discriminator {@code
   * type}: {@code stepUid("Mult", Map.of("coeff", 3.0))} is {@code coeff=3,type=Mult-4c6b8f5f}.
   *
   * @param name the step name, written as {@code type=name}
   * @param params the config entries that take part in the uid and differ from their defaults, in
   *     declaration order; a nested step is a map holding its own {@code type} entry and its
   *     non-default params
   * @return the uid segment
   * @throws IllegalArgumentException if a param value has no uid mapping
   */
  public static String stepUid(String name, Map<String, ?> params) {
    return stepUid("type", name, params);
  }

  /**
   * The uid of one step config, the folder segment of the step. As in exca, NaN and infinite
   * doubles become {@code None}, dotted keys are split into nested maps, and a nested map with a
   * single entry is merged into its parent key ({@code weights.x=3}).
   *
   * @param discriminator the key under which {@code name} is written, {@code type} by default
   * @param name the step name
   * @param params the config entries that take part in the uid and differ from their defaults, in
   *     declaration order; a nested step is a map holding its own discriminator entry and its
   *     non-default params
   * @return the uid segment
   * @throws IllegalArgumentException if a param value has no uid mapping
   */
  public static String stepUid(String discriminator, String name, Map<String, ?> params) {
    Objects.requireNonNull(discriminator, "discriminator");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(params, "params");
    Object config = ConfDict.of(discriminator, name, params);
    return UidMaker.of(
            config,
            "Use a supported type for this config parameter of step "
                + name
                + ", or mark it @ExcludeFromUid.")
        .format();
  }

  /**
   * The folder path of a chain of steps: the segments joined with {@code /}. Past 350 characters
   * the leading segments that fit are kept and the others are replaced by one segment made of their
   * types, their count and a hash, for example {@code Add+Add+Mult-3-1a2b3c4d}.
   *
   * @param segments the step uids, upstream first
   * @return the path, at most 350 characters long
   */
  public static String path(List<String> segments) {
    return path(segments, MAX_PATH_LENGTH, PATH_TAIL_BUDGET);
  }

  /** {@link #path(List)} with exca's two caps as parameters, for tests. */
  static String path(List<String> segments, int maxLength, int tailBudget) {
    String full = String.join("/", segments);
    if (PythonStrings.length(full) <= maxLength) {
      return full;
    }
    List<String> kept = new ArrayList<>();
    int used = 0;
    for (String segment : segments) {
      int needed = (kept.isEmpty() ? 0 : 1) + PythonStrings.length(segment);
      if (used + needed + 1 + tailBudget > maxLength) {
        break;
      }
      kept.add(segment);
      used += needed;
    }
    kept.add(compressTail(segments.subList(kept.size(), segments.size()), tailBudget));
    return String.join("/", kept);
  }

  /** exca's {@code identity._compress_tail}: the types of the segments, their count and a hash. */
  private static String compressTail(List<String> segments, int budget) {
    List<String> types = new ArrayList<>();
    for (String segment : segments) {
      // The first "type=" anywhere, so "atype=Q,type=Trap" gives Q, as in the reference.
      Matcher matcher = TYPE.matcher(segment);
      types.add(
          matcher.find()
              ? matcher.group(1)
              : PythonStrings.slice(segment, 0, UNTYPED_LABEL_LENGTH));
    }
    String suffix = "-" + segments.size() + "-" + Md5.short8(String.join("/", segments));
    String label = String.join("+", types);
    int maxLabel = budget - suffix.length();
    if (PythonStrings.length(label) > maxLabel) {
      int keep = maxLabel - 3;
      int head = Math.floorDiv(keep, 2);
      int tail = keep - head;
      label = PythonStrings.slice(label, 0, head) + "..." + PythonStrings.sliceFrom(label, -tail);
    }
    return label + suffix;
  }

  /**
   * Shortens a custom item uid (from an {@code @ItemUid} method) to at most about {@code maxLength}
   * characters: the start and the end are kept around the number of dropped characters, and a hash
   * of the whole uid is appended, as exca's {@code ShortItemUid._shorten} does. Lengths count
   * Unicode code points, and the result is 2 characters shorter than {@code maxLength} at worst (a
   * uid of 1000 characters gives 254).
   *
   * @param customUid the uid to shorten
   * @param maxLength the longest uid kept as is, {@link #ITEM_UID_MAX_LENGTH} in steps
   * @return {@code customUid} itself when it is short enough, else its shortened form
   */
  public static String shorten(String customUid, int maxLength) {
    int length = PythonStrings.length(customUid);
    if (length <= maxLength) {
      return customUid;
    }
    String lengthText = Integer.toString(length);
    int cut = Math.floorDiv(maxLength - 13 - lengthText.length(), 2);
    String shortened =
        PythonStrings.slice(customUid, 0, cut)
            + ".."
            + (length - 2 * cut)
            + ".."
            + PythonStrings.sliceFrom(customUid, -cut)
            + "-"
            + Md5.short8(customUid);
    return length < PythonStrings.length(shortened) ? customUid : shortened;
  }
}
