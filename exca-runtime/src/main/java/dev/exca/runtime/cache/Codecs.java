package dev.exca.runtime.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The {@link Codec}s found by {@link ServiceLoader} for one class loader. */
final class Codecs {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.]{1,64}");
  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_.-]{1,16}");

  /** exca's handler names and aliases: a codec by one of these names would be misread. */
  private static final Set<String> RESERVED =
      Set.of(
          IndexLines.JSON, IndexLines.MEMMAP, IndexLines.MEMMAP_ALIAS, "Auto", "Pickle",
          "NumpyArray", "NumpyMemmapArray", "DataDict", "PandasDataFrame",
          "ParquetPandasDataFrame", "TorchTensor", "NibabelNifti", "MneRawFif",
          "MneRawBrainVision", "StringDump", "PickleDump", "NpyArray", "DataDictDump");

  private static final Map<ClassLoader, Codecs> BY_LOADER =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final List<Codec<?>> all;
  private final Map<String, Codec<?>> byName;
  private final Map<Class<?>, Optional<Codec<?>>> byClass = new ConcurrentHashMap<>();

  private Codecs(List<Codec<?>> all) {
    this.all = List.copyOf(all);
    Map<String, Codec<?>> names = new HashMap<>();
    Map<Class<?>, Codec<?>> exact = new HashMap<>();
    for (Codec<?> codec : all) {
      String name = codec.name();
      String where = codec.getClass().getName();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalStateException(
            "Codec " + where + " has an invalid name " + name
                + ": use 1 to 64 letters, digits, '_' or '.'");
      }
      if (RESERVED.contains(name)) {
        throw new IllegalStateException(
            "Codec " + where + " uses the reserved handler name " + name + ": choose another name");
      }
      if (codec.extension() == null || !EXTENSION.matcher(codec.extension()).matches()) {
        throw new IllegalStateException(
            "Codec " + where + " has an invalid extension " + codec.extension()
                + ": use 1 to 16 letters, digits, '_', '-' or '.'");
      }
      if (codec.types() == null || codec.types().isEmpty()) {
        throw new IllegalStateException("Codec " + where + " declares no types()");
      }
      Codec<?> clash = names.put(name, codec);
      if (clash != null) {
        throw new IllegalStateException(
            "Codecs " + clash.getClass().getName() + " and " + where + " share the name " + name
                + ": rename one of them");
      }
      for (Class<?> type : codec.types()) {
        Codec<?> other = exact.put(type, codec);
        if (other != null) {
          throw new IllegalStateException(
              "Codecs " + other.getClass().getName() + " and " + where + " both handle "
                  + type.getName() + ": remove one from META-INF/services");
        }
      }
    }
    this.byName = Map.copyOf(names);
  }

  /** The codecs visible from the thread's context class loader (or this library's). */
  static Codecs current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Codecs.class.getClassLoader();
    }
    ClassLoader key = loader;
    return BY_LOADER.computeIfAbsent(key, Codecs::load);
  }

  private static Codecs load(ClassLoader loader) {
    List<Codec<?>> found = new ArrayList<>();
    try {
      for (Codec<?> codec : ServiceLoader.load(Codec.class, loader)) {
        found.add(codec);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "A Codec listed in META-INF/services/" + Codec.class.getName() + " cannot be loaded: "
              + e.getMessage(),
          e);
    }
    return new Codecs(found);
  }

  /** The codec registered under a handler name, or null. */
  Codec<?> byName(String name) {
    return byName.get(name);
  }

  /**
   * The codec for a value's class: an exact match, else the only codec one of whose types is a
   * supertype of it.
   *
   * @return the codec, or null
   * @throws IllegalStateException if several codecs match by supertype
   */
  Codec<?> forClass(Class<?> type) {
    if (all.isEmpty()) {
      return null;
    }
    return byClass.computeIfAbsent(type, this::find).orElse(null);
  }

  private Optional<Codec<?>> find(Class<?> type) {
    List<Codec<?>> assignable = new ArrayList<>();
    for (Codec<?> codec : all) {
      if (codec.types().contains(type)) {
        return Optional.of(codec);
      }
      if (codec.types().stream().anyMatch(t -> t.isAssignableFrom(type))) {
        assignable.add(codec);
      }
    }
    if (assignable.size() > 1) {
      throw new IllegalStateException(
          "Several codecs can store " + type.getName() + ": " + assignable.stream()
              .map(c -> c.getClass().getName()).toList()
              + "; list the exact class in one codec's types()");
    }
    return assignable.isEmpty() ? Optional.empty() : Optional.of(assignable.get(0));
  }
}
