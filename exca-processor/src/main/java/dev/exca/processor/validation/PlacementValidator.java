package dev.exca.processor.validation;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Step;
import java.lang.annotation.Annotation;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/** Checks that {@code @Batch} and the parameter annotations sit on {@code @Step} methods. */
public final class PlacementValidator {
  private PlacementValidator() {}

  /** Reports {@code @Batch} on a method without {@code @Step}. */
  public static ValidationReport checkBatch(ExecutableElement method) {
    ValidationReport.Builder report = ValidationReport.about(method);
    if (!Annotations.has(method, Step.class)) {
      Annotations.mirror(method, Batch.class)
          .ifPresent(
              m -> report.add(Messages.BATCH_WITHOUT_STEP, method, m, method.getSimpleName()));
    }
    return report.build();
  }

  /**
   * Reports {@code @Item}, {@code @Default} or {@code @ExcludeFromUid} on a parameter of a method
   * or constructor without {@code @Step}.
   */
  public static ValidationReport checkParameter(
      VariableElement parameter, Class<? extends Annotation> annotation) {
    ValidationReport.Builder report = ValidationReport.about(parameter);
    Element owner = parameter.getEnclosingElement();
    // On a @Batch method without @Step, the @Batch error names the root cause already.
    if (!Annotations.has(owner, Step.class) && !Annotations.has(owner, Batch.class)) {
      String ownerName =
          owner.getKind() == ElementKind.CONSTRUCTOR
              ? "the constructor of " + owner.getEnclosingElement().getSimpleName()
              : owner.getSimpleName().toString();
      Annotations.mirror(parameter, annotation)
          .ifPresent(
              m ->
                  report.add(
                      Messages.PARAM_WITHOUT_STEP,
                      parameter,
                      m,
                      annotation.getSimpleName(),
                      parameter.getSimpleName(),
                      ownerName,
                      annotation.getSimpleName()));
    }
    return report.build();
  }
}
