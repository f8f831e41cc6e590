package dev.exca.runtime;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Hand-written steps shaped like the processor's output, so that runtime tests do not depend on
 * the processor. Each records its calls.
 */
final class TestSteps {
  private TestSteps() {}

  static final List<String> CALLS = java.util.Collections.synchronizedList(new ArrayList<>());

  /** {@code mult(@Default("2.0") double coeff, @Item double value)}. */
  static final class Mult extends GeneratedStep<Double, Double> {
    static final StepDescriptor D =
        StepDescriptor.builder("Mult", "test.Ops#mult")
            .item(Double.class, true)
            .output(Double.class)
            .paramWithDefault("coeff", 2.0, false)
            .build();
    final double coeff;

    Mult(double coeff, Infra infra) {
      super(D, infra, coeff);
      this.coeff = coeff;
    }

    @Override
    public Mult withInfra(Infra infra) {
      return new Mult(coeff, infra);
    }

    @Override
    protected Double compute(Double value) {
      CALLS.add("Mult(" + coeff + ")(" + value + ")");
      return value * coeff;
    }
  }

  /** {@code add(@Default("2.0") double value, @Item double x)}, failing on {@code failOn}. */
  static final class Add extends GeneratedStep<Double, Double> {
    static final StepDescriptor D =
        StepDescriptor.builder("Add", "test.Ops#add")
            .item(Double.class, true)
            .output(Double.class)
            .paramWithDefault("value", 2.0, false)
            .paramWithDefault("failOn", Double.NaN, true)
            .build();
    final double value;
    final double failOn;

    Add(double value, double failOn, Infra infra) {
      super(D, infra, value, failOn);
      this.value = value;
      this.failOn = failOn;
    }

    Add(double value, Infra infra) {
      this(value, Double.NaN, infra);
    }

    @Override
    public Add withInfra(Infra infra) {
      return new Add(value, failOn, infra);
    }

    @Override
    protected Double compute(Double x) {
      CALLS.add("Add(" + value + ")(" + x + ")");
      if (x == failOn) {
        throw new IllegalArgumentException("refusing " + x);
      }
      return x + value;
    }
  }

  /** A generator: {@code gen(@Default("3") int n)} returns [0, 1, .., n-1]. */
  static final class Gen extends GeneratedStep<Void, List<Integer>> {
    static final StepDescriptor D =
        StepDescriptor.builder("Gen", "test.Ops#gen")
            .output(new TypeLiteral<List<Integer>>() {}.type())
            .paramWithDefault("n", 3, false)
            .build();
    final int n;

    Gen(int n, Infra infra) {
      super(D, infra, n);
      this.n = n;
    }

    @Override
    public Gen withInfra(Infra infra) {
      return new Gen(n, infra);
    }

    @Override
    protected List<Integer> generate() {
      CALLS.add("Gen(" + n + ")");
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        l.add(i);
      }
      return l;
    }
  }

  /**
   * A batch step that multiplies by {@code coeff}, reading its input in groups of {@code group}
   * and recording each group; {@code behaviour} breaks the protocol on purpose.
   */
  static final class GroupedMult extends GeneratedStep<Double, Double> {
    static final StepDescriptor D =
        StepDescriptor.builder("GroupedMult", "test.Ops#groupedMult")
            .item(Double.class, false)
            .output(Double.class)
            .batch()
            .param("coeff", false)
            .param("group", false)
            .paramWithDefault("behaviour", "ok", true)
            .build();
    final double coeff;
    final int group;
    final String behaviour;
    final List<List<Double>> groups = new ArrayList<>();

    GroupedMult(double coeff, int group, String behaviour, Infra infra) {
      super(D, infra, coeff, group, behaviour);
      this.coeff = coeff;
      this.group = group;
      this.behaviour = behaviour;
    }

    GroupedMult(double coeff, int group) {
      this(coeff, group, "ok", null);
    }

    @Override
    public GroupedMult withInfra(Infra infra) {
      return new GroupedMult(coeff, group, behaviour, infra);
    }

    @Override
    protected Iterator<Double> computeBatch(Iterator<Double> items) {
      switch (behaviour) {
        case "early":
          return List.of(1.0).iterator();
        case "under":
          {
            List<Double> out = new ArrayList<>();
            items.forEachRemaining(x -> out.add(x * coeff));
            return out.subList(0, Math.max(0, out.size() - 1)).iterator();
          }
        case "over":
          {
            List<Double> out = new ArrayList<>();
            items.forEachRemaining(x -> out.add(x * coeff));
            out.add(-1.0);
            return out.iterator();
          }
        default:
          return new GroupIterator(items);
      }
    }

    private final class GroupIterator implements Iterator<Double> {
      private final Iterator<Double> items;
      private final List<Double> buffer = new ArrayList<>();

      GroupIterator(Iterator<Double> items) {
        this.items = items;
      }

      @Override
      public boolean hasNext() {
        if (buffer.isEmpty()) {
          List<Double> g = new ArrayList<>();
          while (g.size() < group && items.hasNext()) {
            Double x = items.next();
            if ("fail3".equals(behaviour) && x == 3.0) {
              throw new IllegalStateException("cannot handle 3");
            }
            g.add(x);
          }
          if (!g.isEmpty()) {
            groups.add(List.copyOf(g));
            CALLS.add(g.toString());
            for (Double x : g) {
              buffer.add(x * coeff);
            }
          }
        }
        return !buffer.isEmpty();
      }

      @Override
      public Double next() {
        hasNext();
        return buffer.remove(0);
      }
    }
  }

  /** A generator of one number: {@code constant(@Default("1.0") double value)}. */
  static final class Const extends GeneratedStep<Void, Double> {
    static final StepDescriptor D =
        StepDescriptor.builder("Const", "test.Ops#constant")
            .output(Double.class)
            .paramWithDefault("value", 1.0, false)
            .build();
    final double value;

    Const(double value, Infra infra) {
      super(D, infra, value);
      this.value = value;
    }

    @Override
    public Const withInfra(Infra infra) {
      return new Const(value, infra);
    }

    @Override
    protected Double generate() {
      CALLS.add("Const(" + value + ")");
      return value;
    }
  }

  /** A step on any object, with a custom item uid. */
  static final class Describe extends GeneratedStep<Object, String> {
    static final StepDescriptor D =
        StepDescriptor.builder("Describe", "test.Ops#describe")
            .item(Object.class, false)
            .output(String.class)
            .build();
    final Function<Object, String> uid;

    Describe(Function<Object, String> uid, Infra infra) {
      super(D, infra);
      this.uid = uid;
    }

    @Override
    public Describe withInfra(Infra infra) {
      return new Describe(uid, infra);
    }

    @Override
    protected String compute(Object item) {
      return String.valueOf(item);
    }

    @Override
    protected String customItemUid(Object item) {
      return uid == null ? null : uid.apply(item);
    }
  }
}
