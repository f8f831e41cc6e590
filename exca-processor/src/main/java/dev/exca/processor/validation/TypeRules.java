package dev.exca.processor.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Which Java types may be configuration (enter a step uid), have a default item uid, or be stored
 * as results (DESIGN §6). Each check answers with the reason a type is refused, naming the
 * offending part of it, or empty when the type is fine.
 */
public final class TypeRules {
  /** Boxed primitive types, by qualified name, with their primitive kinds. */
  static final Map<String, TypeKind> BOXES =
      Map.of(
          "java.lang.Boolean", TypeKind.BOOLEAN,
          "java.lang.Byte", TypeKind.BYTE,
          "java.lang.Short", TypeKind.SHORT,
          "java.lang.Integer", TypeKind.INT,
          "java.lang.Long", TypeKind.LONG,
          "java.lang.Character", TypeKind.CHAR,
          "java.lang.Float", TypeKind.FLOAT,
          "java.lang.Double", TypeKind.DOUBLE);

  private static final Set<String> SCALARS =
      Set.of(
          "java.lang.String", "java.math.BigDecimal", "java.math.BigInteger", "java.nio.file.Path");

  private static final Set<String> NUMBER_BOXES =
      Set.of(
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double");

  private static final Set<String> COLLECTIONS =
      Set.of("java.util.List", "java.util.Set", "java.util.Collection");

  private static final String MAP = "java.util.Map";
  private static final String OBJECT = "java.lang.Object";
  private static final String STEP = "dev.exca.runtime.Step";

  private final Types types;
  private final Elements elements;
  private final CodecTypes codecs;

  /** Rules that know no user codec. */
  public TypeRules(Types types, Elements elements) {
    this(types, elements, new CodecTypes(types, elements));
  }

  /** Rules under which the results that {@code codecs} store are storable too. */
  public TypeRules(Types types, Elements elements, CodecTypes codecs) {
    this.types = types;
    this.elements = elements;
    this.codecs = codecs;
  }

  /** Why {@code type} cannot be a configuration parameter, or empty when it can. */
  public Optional<String> whyNotConfig(TypeMirror type) {
    return Optional.ofNullable(uidProblem(type, false, new HashSet<>()));
  }

  /** Why values of {@code type} have no default item uid, or empty when they have one. */
  public Optional<String> whyNoDefaultItemUid(TypeMirror type) {
    return Optional.ofNullable(uidProblem(type, true, new HashSet<>()));
  }

  /**
   * Why no codec can store results of {@code type}, or empty when one can. A user codec stores a
   * result as a whole (the runtime picks it by the result's class, and takes it over the built-in
   * handlers), so it is asked about {@code type} itself, not about its components or elements.
   */
  public Optional<String> whyNotStorable(TypeMirror type) {
    if (codecs.stores(type)) {
      return Optional.empty();
    }
    return Optional.ofNullable(storableProblem(type, new HashSet<>()));
  }

  /** The qualified name of a declared type's element, or {@code ""} for other types. */
  public static String qualifiedName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return "";
    }
    return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
  }

  /** Whether {@code type} is a boxed primitive such as {@code Double}. */
  public static boolean isBoxed(TypeMirror type) {
    return BOXES.containsKey(qualifiedName(type));
  }

  private String uidProblem(TypeMirror type, boolean allowObject, Set<String> visiting) {
    switch (type.getKind()) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE:
        return null;
      case ARRAY:
        TypeMirror component = ((ArrayType) type).getComponentType();
        if (component.getKind() == TypeKind.CHAR) {
          return "char[] has no uid, use String";
        }
        return component.getKind().isPrimitive()
            ? null
            : uidProblem(component, allowObject, visiting);
      case DECLARED:
        return declaredUidProblem((DeclaredType) type, allowObject, visiting);
      default:
        return describe(type);
    }
  }

  private String declaredUidProblem(DeclaredType type, boolean allowObject, Set<String> visiting) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (SCALARS.contains(name)
        || BOXES.containsKey(name)
        || element.getKind() == ElementKind.ENUM) {
      return null;
    }
    if (name.equals(OBJECT)) {
      return allowObject ? null : "Object is only known at run time, use a concrete type";
    }
    if (isStep(type)) {
      return null;
    }
    if (COLLECTIONS.contains(name) || name.equals(MAP)) {
      List<? extends TypeMirror> args = type.getTypeArguments();
      if (args.isEmpty()) {
        return type + " is a raw type";
      }
      if (name.equals(MAP)) {
        TypeMirror key = upperBound(args.get(0));
        if (key == null || !qualifiedName(key).equals("java.lang.String")) {
          return "map keys must be String";
        }
      }
      TypeMirror value = upperBound(args.get(args.size() - 1));
      if (value == null) {
        return "wildcard " + args.get(args.size() - 1);
      }
      return uidProblem(value, allowObject, visiting);
    }
    if (element.getKind() == ElementKind.RECORD) {
      return recordProblem(type, visiting, t -> uidProblem(t, allowObject, visiting));
    }
    return type + " is not a value type";
  }

  private String storableProblem(TypeMirror type, Set<String> visiting) {
    switch (type.getKind()) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE:
        return null;
      case ARRAY:
        TypeMirror component = ((ArrayType) type).getComponentType();
        return component.getKind().isPrimitive() ? null : storableProblem(component, visiting);
      case DECLARED:
        return declaredStorableProblem((DeclaredType) type, visiting);
      default:
        return describe(type);
    }
  }

  private String declaredStorableProblem(DeclaredType type, Set<String> visiting) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (SCALARS.contains(name)
        || BOXES.containsKey(name)
        || element.getKind() == ElementKind.ENUM) {
      return null;
    }
    if (name.equals(OBJECT)) {
      return "Object is only known at run time, use a concrete type";
    }
    List<? extends TypeMirror> args = type.getTypeArguments();
    if (args.isEmpty() && !element.getTypeParameters().isEmpty()) {
      return type + " is a raw type";
    }
    if (COLLECTIONS.contains(name) || name.equals(MAP)) {
      if (name.equals(MAP)) {
        TypeMirror key = upperBound(args.get(0));
        if (key == null || !isStorableKey(key)) {
          return "map keys must be String, an enum or a boxed number";
        }
      }
      TypeMirror value = upperBound(args.get(args.size() - 1));
      if (value == null) {
        return "wildcard " + args.get(args.size() - 1);
      }
      return storableProblem(value, visiting);
    }
    if (element.getKind() == ElementKind.RECORD) {
      return recordProblem(type, visiting, t -> storableProblem(t, visiting));
    }
    if (element.getKind() == ElementKind.INTERFACE
        || element.getKind() == ElementKind.ANNOTATION_TYPE) {
      return type + " is an interface";
    }
    if (element.getModifiers().contains(Modifier.ABSTRACT)) {
      return type + " is abstract";
    }
    TypeElement thread = elements.getTypeElement("java.lang.Thread");
    if (thread != null && types.isSubtype(types.erasure(type), types.erasure(thread.asType()))) {
      return type + " is a thread";
    }
    if (element.getNestingKind() == NestingKind.MEMBER
        && !element.getModifiers().contains(Modifier.STATIC)) {
      return type + " is an inner class";
    }
    if (element.getNestingKind() == NestingKind.LOCAL
        || element.getNestingKind() == NestingKind.ANONYMOUS) {
      return type + " is a local class";
    }
    boolean publicNoArg =
        ElementFilter.constructorsIn(element.getEnclosedElements()).stream()
            .anyMatch(
                c -> c.getParameters().isEmpty() && c.getModifiers().contains(Modifier.PUBLIC));
    if (!publicNoArg) {
      return type + " has no public no-arg constructor";
    }
    for (TypeMirror arg : args) {
      TypeMirror bound = upperBound(arg);
      String problem = bound == null ? "wildcard " + arg : storableProblem(bound, visiting);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private boolean isStorableKey(TypeMirror key) {
    if (key.getKind() != TypeKind.DECLARED) {
      return false;
    }
    String name = qualifiedName(key);
    return name.equals("java.lang.String")
        || NUMBER_BOXES.contains(name)
        || ((DeclaredType) key).asElement().getKind() == ElementKind.ENUM;
  }

  /** Checks every record component, resolving generic components against the type arguments. */
  private String recordProblem(
      DeclaredType type,
      Set<String> visiting,
      java.util.function.Function<TypeMirror, String> check) {
    TypeElement element = (TypeElement) type.asElement();
    if (type.getTypeArguments().isEmpty() && !element.getTypeParameters().isEmpty()) {
      return type + " is a raw type";
    }
    // A recursive record (a tree of itself) is fine if the rest of it is: stop at the cycle.
    if (!visiting.add(type.toString())) {
      return null;
    }
    try {
      for (RecordComponentElement component : element.getRecordComponents()) {
        ExecutableElement accessor = component.getAccessor();
        TypeMirror componentType =
            accessor == null
                ? component.asType()
                : ((ExecutableType) types.asMemberOf(type, accessor)).getReturnType();
        String problem = check.apply(componentType);
        if (problem != null) {
          return "record component "
              + element.getSimpleName()
              + "."
              + component.getSimpleName()
              + ": "
              + problem;
        }
      }
      return null;
    } finally {
      visiting.remove(type.toString());
    }
  }

  private boolean isStep(DeclaredType type) {
    TypeElement step = elements.getTypeElement(STEP);
    return step != null && types.isSubtype(types.erasure(type), types.erasure(step.asType()));
  }

  /**
   * The type a type argument stands for: itself, or the bound of {@code ? extends X}, or {@code
   * Object} for {@code ?}; null for {@code ? super X}, which fixes no element type.
   */
  TypeMirror upperBound(TypeMirror arg) {
    if (arg.getKind() != TypeKind.WILDCARD) {
      return arg;
    }
    WildcardType wildcard = (WildcardType) arg;
    if (wildcard.getSuperBound() != null) {
      return null;
    }
    if (wildcard.getExtendsBound() != null) {
      return wildcard.getExtendsBound();
    }
    return elements.getTypeElement(OBJECT).asType();
  }

  private static String describe(TypeMirror type) {
    return switch (type.getKind()) {
      case TYPEVAR -> "type variable " + type;
      case WILDCARD -> "wildcard " + type;
      case VOID -> "void";
      default -> type + " is not a value type";
    };
  }

  /**
   * Adds to {@code names} every undefined (erroneous) type in {@code type}, its array components
   * and type arguments: a type another processor has not generated yet, or a missing import.
   */
  public static void collectUndefined(TypeMirror type, Set<String> names) {
    switch (type.getKind()) {
      case ERROR -> names.add(type.toString());
      case ARRAY -> collectUndefined(((ArrayType) type).getComponentType(), names);
      case WILDCARD -> {
        WildcardType w = (WildcardType) type;
        if (w.getExtendsBound() != null) {
          collectUndefined(w.getExtendsBound(), names);
        }
        if (w.getSuperBound() != null) {
          collectUndefined(w.getSuperBound(), names);
        }
      }
      case DECLARED -> {
        for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
          collectUndefined(arg, names);
        }
      }
      default -> {}
    }
  }
}
