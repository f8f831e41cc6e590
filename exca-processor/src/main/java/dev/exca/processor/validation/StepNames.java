package dev.exca.processor.validation;

import dev.exca.annotations.Step;
import java.util.Set;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/** How a {@code @Step} method names its step and its generated class. */
public final class StepNames {
  /**
   * Members of the generated class, its builder and their supertypes that a configuration parameter
   * (which becomes an accessor, a builder field and a setter) must not shadow.
   */
  public static final Set<String> RESERVED =
      Set.of(
          "infra",
          "uid",
          "itemUid",
          "run",
          "runMany",
          "lookup",
          "then",
          "withInfra",
          "toBuilder",
          "builder",
          "create",
          "build",
          "stepDescriptor",
          "configValues",
          "equals",
          "hashCode",
          "toString",
          "getClass",
          "notify",
          "notifyAll",
          "wait",
          "clone",
          "finalize",
          "compute",
          "generate",
          "computeBatch",
          "customItemUid");

  private StepNames() {}

  /** The explicit {@code @Step(name)}, or {@code ""}. */
  public static String explicitName(ExecutableElement method) {
    return Annotations.mirror(method, Step.class)
        .map(m -> Annotations.stringValue(m, "name"))
        .orElse("");
  }

  /** The step name: {@code @Step(name)}, or the method name with its first letter upper-cased. */
  public static String stepName(ExecutableElement method) {
    String explicit = explicitName(method);
    if (!explicit.isEmpty()) {
      return explicit;
    }
    String m = method.getSimpleName().toString();
    return Character.toUpperCase(m.charAt(0)) + m.substring(1);
  }

  /** Whether an explicit step name is usable as the start of a class name. */
  public static boolean isValidName(String name) {
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
  }

  /** The simple name of the generated class, {@code <name>Step}. */
  public static String generatedSimpleName(ExecutableElement method) {
    return stepName(method) + "Step";
  }

  /** The package of the generated class: the package of the method's top-level class. */
  public static String packageName(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  /** The qualified name of the generated class. */
  public static String generatedQualifiedName(ExecutableElement method) {
    String pkg = packageName(method);
    String simple = generatedSimpleName(method);
    return pkg.isEmpty() ? simple : pkg + "." + simple;
  }

  /** The method as {@code com.acme.Ops#mult}, for messages and the step descriptor. */
  public static String origin(ExecutableElement method) {
    TypeElement type = (TypeElement) method.getEnclosingElement();
    return type.getQualifiedName() + "#" + method.getSimpleName();
  }
}
