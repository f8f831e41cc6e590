package dev.exca.processor.validation;

import dev.exca.annotations.Step;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Hands out generated class names for one compilation and reports clashes: two steps with the same
 * {@code <name>Step} in one package, or a name already taken by another type. A class that extends
 * {@code GeneratedStep} is taken to be this processor's output of an earlier build (still on the
 * class path of an incremental build), not a clash.
 */
public final class GeneratedNames {
  private static final String GENERATED_STEP = "dev.exca.runtime.GeneratedStep";

  private final Elements elements;
  private final Map<String, String> claimed = new HashMap<>();

  public GeneratedNames(Elements elements) {
    this.elements = elements;
  }

  /** Claims the generated name of a valid step; the report has an error if it is taken. */
  public ValidationReport claim(ExecutableElement method) {
    ValidationReport.Builder report = ValidationReport.about(method);
    String name = StepNames.generatedQualifiedName(method);
    String origin = StepNames.origin(method);
    String owner = claimed.get(name);
    String clash = null;
    if (owner != null) {
      clash = "as does @Step method " + owner;
    } else {
      TypeElement existing = elements.getTypeElement(name);
      if (existing != null && !isGeneratedStep(existing)) {
        clash = "which is already the name of an existing type";
      }
    }
    if (clash == null) {
      claimed.put(name, origin);
      return report.build();
    }
    AnnotationMirror step = Annotations.mirror(method, Step.class).orElseThrow();
    report.add(
        Messages.NAME_CLASH,
        method,
        step,
        Annotations.explicitValue(step, "name").orElse(null),
        method.getSimpleName(),
        name,
        clash);
    return report.build();
  }

  private static boolean isGeneratedStep(TypeElement type) {
    return type.getSuperclass().getKind() == TypeKind.DECLARED
        && TypeRules.qualifiedName(type.getSuperclass()).equals(GENERATED_STEP);
  }
}
