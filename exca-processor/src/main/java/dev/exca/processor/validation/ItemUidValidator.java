package dev.exca.processor.validation;

import dev.exca.annotations.ItemUid;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks {@code @ItemUid} methods: their signature (an error) and whether any step of their class
 * uses them (a warning, as an unused method is harmless but usually a mistyped parameter).
 */
public final class ItemUidValidator {
  private final ItemUids itemUids;
  private final StepValidator steps;

  public ItemUidValidator(Types types, Elements elements) {
    this.itemUids = new ItemUids(types, elements);
    this.steps = new StepValidator(types, elements);
  }

  /** Checks the signature of an {@code @ItemUid} method. */
  public ValidationReport validate(ExecutableElement method) {
    ValidationReport.Builder report = ValidationReport.about(method);
    itemUids
        .signatureProblem(method)
        .ifPresent(
            problem ->
                report.add(
                    Messages.ITEM_UID_SIGNATURE,
                    method,
                    method.getSimpleName(),
                    problem,
                    method.getSimpleName()));
    return report.build();
  }

  /**
   * Warns about each well-formed {@code @ItemUid} method of {@code type} that matches the item type
   * of none of its {@code @Step} methods. A step whose item type is unknown (a malformed batch
   * parameter, reported elsewhere) could match anything, so it silences the warning.
   *
   * @param stepMethods the {@code @Step} methods declared in {@code type}
   */
  public ValidationReport checkUsed(TypeElement type, List<ExecutableElement> stepMethods) {
    ValidationReport.Builder report = ValidationReport.about(type);
    for (ExecutableElement method : ItemUids.declaredIn(type)) {
      if (itemUids.signatureProblem(method).isPresent() || isSuppressed(method)) {
        continue;
      }
      boolean used = false;
      for (ExecutableElement step : stepMethods) {
        if (!hasItem(step)) {
          continue;
        }
        Optional<TypeMirror> itemType = steps.itemType(step);
        if (itemType.isEmpty() || !itemUids.matching(List.of(method), itemType.get()).isEmpty()) {
          used = true;
          break;
        }
      }
      if (!used) {
        report.add(
            Messages.ITEM_UID_UNUSED,
            method,
            Annotations.mirror(method, ItemUid.class).orElse(null),
            method.getSimpleName(),
            method.getParameters().get(0).asType(),
            type.getSimpleName());
      }
    }
    return report.build();
  }

  private static boolean hasItem(ExecutableElement step) {
    return step.getParameters().stream()
        .anyMatch(p -> Annotations.has(p, dev.exca.annotations.Item.class));
  }

  private static boolean isSuppressed(Element element) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
      if (suppress != null
          && Arrays.asList(suppress.value()).contains(Messages.ITEM_UID_UNUSED.id())) {
        return true;
      }
    }
    return false;
  }
}
