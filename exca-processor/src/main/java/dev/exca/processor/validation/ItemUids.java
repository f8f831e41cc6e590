package dev.exca.processor.validation;

import dev.exca.annotations.ItemUid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the {@code @ItemUid} methods of a class, checks their signature and matches them to step
 * item types: a method {@code String f(V item)} serves every step of its class whose item type is
 * assignable to {@code V}.
 */
public final class ItemUids {
  private final Types types;
  private final Elements elements;

  public ItemUids(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /** The {@code @ItemUid} methods declared directly in {@code type}, in source order. */
  public static List<ExecutableElement> declaredIn(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (Annotations.has(m, ItemUid.class)) {
        methods.add(m);
      }
    }
    return methods;
  }

  /**
   * What is wrong with the signature of an {@code @ItemUid} method, such as {@code "must be
   * static"}, or empty when it can be called as {@code String f(V item)} from a generated class.
   */
  public Optional<String> signatureProblem(ExecutableElement method) {
    List<String> problems = new ArrayList<>();
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      problems.add("is not static");
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      problems.add("is private");
    }
    if (!method.getTypeParameters().isEmpty()) {
      problems.add("has type parameters");
    }
    if (!TypeRules.qualifiedName(method.getReturnType()).equals("java.lang.String")) {
      problems.add("returns " + method.getReturnType() + " instead of String");
    }
    if (method.getParameters().size() != 1) {
      problems.add("takes " + method.getParameters().size() + " parameters instead of one");
    }
    TypeMirror runtimeException = elements.getTypeElement("java.lang.RuntimeException").asType();
    TypeMirror error = elements.getTypeElement("java.lang.Error").asType();
    for (TypeMirror thrown : method.getThrownTypes()) {
      if (!types.isSubtype(thrown, runtimeException) && !types.isSubtype(thrown, error)) {
        problems.add("throws the checked exception " + thrown);
        break;
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", problems));
  }

  /**
   * The {@code @ItemUid} methods among {@code candidates} whose single parameter accepts {@code
   * itemType} (boxing included). Methods without exactly one parameter never match.
   */
  public List<ExecutableElement> matching(List<ExecutableElement> candidates, TypeMirror itemType) {
    List<ExecutableElement> matches = new ArrayList<>();
    for (ExecutableElement m : candidates) {
      if (m.getParameters().size() == 1 && accepts(m.getParameters().get(0).asType(), itemType)) {
        matches.add(m);
      }
    }
    return matches;
  }

  private boolean accepts(TypeMirror parameter, TypeMirror itemType) {
    if (parameter.getKind() == TypeKind.ERROR || itemType.getKind() == TypeKind.ERROR) {
      return false;
    }
    return types.isAssignable(itemType, parameter);
  }
}
