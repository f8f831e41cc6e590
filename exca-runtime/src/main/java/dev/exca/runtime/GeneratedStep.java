package dev.exca.runtime;

import dev.exca.runtime.identity.Uids;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Base class of the step classes the exca annotation processor generates. It holds the
 * configuration values and the infra; all behaviour (uids, caching, batching, backends) lives in
 * the runtime. A generated class only adds its builder, one accessor per parameter and the call to
 * the user's method in {@link #compute}, {@link #generate} or {@link #computeBatch}.
 *
 * @param <I> the item type ({@code Void} for generators)
 * @param <O> the result type
 */
public abstract class GeneratedStep<I, O> extends AbstractStep<I, O> {
  private final StepDescriptor descriptor;
  private final Infra infra;
  private final List<Object> configValues;
  private volatile String segment;

  /**
   * Creates a step.
   *
   * @param descriptor the static description of the step method
   * @param infra the infra, or {@code null}
   * @param configValues one value per {@linkplain StepDescriptor#params() parameter}, in order
   * @throws IllegalArgumentException if the number of values does not match the parameters
   */
  protected GeneratedStep(StepDescriptor descriptor, Infra infra, Object... configValues) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.infra = infra;
    if (configValues.length != descriptor.params().size()) {
      throw new IllegalArgumentException(
          "step "
              + descriptor.name()
              + " has "
              + descriptor.params().size()
              + " parameters, got "
              + configValues.length
              + " values");
    }
    this.configValues = Collections.unmodifiableList(Arrays.asList(configValues.clone()));
  }

  /**
   * The static description of this step's method.
   *
   * @return the descriptor
   */
  public final StepDescriptor stepDescriptor() {
    return descriptor;
  }

  /**
   * The configuration values, one per parameter of the descriptor, in declaration order.
   *
   * @return the values (unmodifiable)
   */
  public final List<Object> configValues() {
    return configValues;
  }

  @Override
  public final Infra infra() {
    return infra;
  }

  @Override
  public abstract GeneratedStep<I, O> withInfra(Infra infra);

  /**
   * Computes the result of one item by calling the user's method. Generated for non-batch steps
   * with an item.
   *
   * @param item the item
   * @return the result
   * @throws Exception whatever the user's method throws
   */
  protected O compute(I item) throws Exception {
    throw new IllegalStateException("step " + descriptor.name() + " does not take an item; use run()");
  }

  /**
   * Computes the result of a generator step by calling the user's method.
   *
   * @return the result
   * @throws Exception whatever the user's method throws
   */
  protected O generate() throws Exception {
    throw new IllegalStateException("step " + descriptor.name() + " needs an item; use run(value)");
  }

  /**
   * Computes results for a sub-batch of items. Generated for {@code @Batch} steps; the default
   * calls {@link #compute} (or {@link #generate}) once per item, lazily.
   *
   * @param items the items, consumed lazily; results must follow one per consumed item, in order
   * @return the results
   * @throws Exception whatever the user's method throws
   */
  protected Iterator<O> computeBatch(Iterator<I> items) throws Exception {
    return new Iterator<O>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public O next() {
        I item = items.next();
        try {
          return descriptor.generator() ? generate() : compute(item);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Exception e) {
          throw new UserCodeException(e);
        }
      }
    };
  }

  /**
   * The item uid from the class's {@code @ItemUid} method. Generated when there is one.
   *
   * @param item the item
   * @return the custom uid, or {@code null} to use the default uid
   */
  protected String customItemUid(I item) {
    return null;
  }

  /**
   * Adapts the tracked input of a batch to a {@code List} parameter (consumes every input).
   *
   * @param items the input
   * @param <T> the item type
   * @return the items as a list
   */
  protected static <T> List<T> toList(Iterator<T> items) {
    List<T> list = new ArrayList<>();
    items.forEachRemaining(list::add);
    return list;
  }

  /**
   * Adapts the tracked input of a batch to a lazy {@code Stream} parameter.
   *
   * @param items the input
   * @param <T> the item type
   * @return a sequential stream over the items
   */
  protected static <T> Stream<T> toStream(Iterator<T> items) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED), false);
  }

  /**
   * Adapts the tracked input of a batch to a single-use {@code Iterable} parameter.
   *
   * @param items the input
   * @param <T> the item type
   * @return an iterable that can be iterated once
   */
  protected static <T> Iterable<T> toIterable(Iterator<T> items) {
    return new SingleUseIterable<>(items);
  }

  /**
   * Adapts the result of a batch method returning a {@code Stream}.
   *
   * @param results the results
   * @param <T> the result type
   * @return an iterator over them
   */
  protected static <T> Iterator<T> resultsOf(Stream<T> results) {
    return Objects.requireNonNull(results, "the batch method returned null").iterator();
  }

  /**
   * Adapts the result of a batch method returning an {@code Iterable} or {@code List}.
   *
   * @param results the results
   * @param <T> the result type
   * @return an iterator over them
   */
  protected static <T> Iterator<T> resultsOf(Iterable<T> results) {
    return Objects.requireNonNull(results, "the batch method returned null").iterator();
  }

  /**
   * Adapts the result of a batch method returning an {@code Iterator}.
   *
   * @param results the results
   * @param <T> the result type
   * @return the same iterator
   */
  protected static <T> Iterator<T> resultsOf(Iterator<T> results) {
    return Objects.requireNonNull(results, "the batch method returned null");
  }

  @Override
  final List<GeneratedStep<?, ?>> uidSteps() {
    return List.of(this);
  }

  @Override
  final GeneratedStep<?, ?> firstLeaf() {
    return this;
  }

  @Override
  final String displayName() {
    return "step " + descriptor.name() + " (" + descriptor.origin() + ")";
  }

  @Override
  final Carrier dispatch(Carrier input, Path inheritedFolder) {
    if (infra == null) {
      return input.append(this);
    }
    return Engine.runCached(this, input, inheritedFolder);
  }

  @Override
  final CacheEntry<O> lookupUid(String uid) {
    return Engine.lookup(this, uid);
  }

  /** This step's uid segment, such as {@code coeff=3,type=Mult-4c6b8f5f}; computed once. */
  final String segment() {
    String s = segment;
    if (s == null) {
      s = Uids.stepUid(descriptor.name(), uidParams());
      segment = s;
    }
    return s;
  }

  /**
   * The parameters that enter the uid: not excluded, different from their default, plus {@code
   * version} when set. Nested steps become their own uid configuration.
   */
  final Map<String, Object> uidParams() {
    Map<String, Object> params = new LinkedHashMap<>();
    List<StepDescriptor.Param> declared = descriptor.params();
    for (int i = 0; i < declared.size(); i++) {
      StepDescriptor.Param p = declared.get(i);
      Object v = configValues.get(i);
      if (p.excluded() || (p.hasDefault() && Objects.deepEquals(v, p.defaultValue()))) {
        continue;
      }
      params.put(p.name(), uidValue(v));
    }
    if (!descriptor.version().isEmpty()) {
      params.put("version", descriptor.version());
    }
    return params;
  }

  /**
   * Every parameter with its value, defaults and excluded ones included (for {@code
   * full-uid.yaml} and {@code config.yaml}).
   */
  final Map<String, Object> fullParams(boolean includeExcluded) {
    Map<String, Object> params = new LinkedHashMap<>();
    List<StepDescriptor.Param> declared = descriptor.params();
    for (int i = 0; i < declared.size(); i++) {
      StepDescriptor.Param p = declared.get(i);
      if (p.excluded() && !includeExcluded) {
        continue;
      }
      params.put(p.name(), uidValue(configValues.get(i)));
    }
    if (!descriptor.version().isEmpty()) {
      params.put("version", descriptor.version());
    }
    return params;
  }

  private static Object uidValue(Object v) {
    if (v instanceof GeneratedStep) {
      GeneratedStep<?, ?> nested = (GeneratedStep<?, ?>) v;
      Map<String, Object> m = new LinkedHashMap<>(nested.uidParams());
      m.put("type", nested.descriptor.name());
      return m;
    }
    if (v instanceof Chain) {
      List<Object> steps = new ArrayList<>();
      for (GeneratedStep<?, ?> s : ((Chain<?, ?>) v).uidSteps()) {
        steps.add(uidValue(s));
      }
      return Map.of("steps", steps);
    }
    if (v instanceof Collection && !(v instanceof Set)) {
      List<Object> list = new ArrayList<>();
      for (Object o : (Collection<?>) v) {
        list.add(uidValue(o));
      }
      return list;
    }
    return v;
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    GeneratedStep<?, ?> other = (GeneratedStep<?, ?>) o;
    return Objects.equals(infra, other.infra) && deepEquals(configValues, other.configValues);
  }

  @Override
  public final int hashCode() {
    int h = getClass().hashCode();
    for (Object v : configValues) {
      h = 31 * h + Arrays.deepHashCode(new Object[] {v});
    }
    return 31 * h + Objects.hashCode(infra);
  }

  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder(descriptor.name()).append('(');
    for (int i = 0; i < configValues.size(); i++) {
      Object v = configValues.get(i);
      sb.append(descriptor.params().get(i).name())
          .append('=')
          .append(v != null && v.getClass().isArray() ? arrayToString(v) : String.valueOf(v))
          .append(", ");
    }
    return sb.append("infra=").append(infra).append(')').toString();
  }

  private static boolean deepEquals(List<Object> a, List<Object> b) {
    return Arrays.deepEquals(a.toArray(), b.toArray());
  }

  private static String arrayToString(Object array) {
    int n = Array.getLength(array);
    return array.getClass().getComponentType().getSimpleName() + "[" + n + "]";
  }

  /** An iterable over an iterator, usable once: a second iteration is a clear error. */
  private static final class SingleUseIterable<T> implements Iterable<T> {
    private Iterator<T> items;

    SingleUseIterable(Iterator<T> items) {
      this.items = items;
    }

    @Override
    public Iterator<T> iterator() {
      if (items == null) {
        throw new IllegalStateException("the items of a batch can be iterated only once");
      }
      Iterator<T> it = items;
      items = null;
      return it;
    }
  }
}
