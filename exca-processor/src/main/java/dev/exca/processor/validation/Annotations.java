package dev.exca.processor.validation;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.ItemUid;
import dev.exca.annotations.Step;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Reads exca's annotations as mirrors, so that messages can point at them and their values. */
public final class Annotations {
  /** The six annotations the processor handles. */
  public static final List<Class<? extends Annotation>> ALL =
      List.of(
          Step.class, Item.class, Batch.class, ItemUid.class, Default.class, ExcludeFromUid.class);

  private Annotations() {}

  /** The mirror of annotation {@code type} on {@code element}, if present. */
  public static Optional<AnnotationMirror> mirror(
      Element element, Class<? extends Annotation> type) {
    String name = type.getCanonicalName();
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement annotationType = (TypeElement) m.getAnnotationType().asElement();
      if (annotationType.getQualifiedName().contentEquals(name)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code element} carries annotation {@code type}. */
  public static boolean has(Element element, Class<? extends Annotation> type) {
    return mirror(element, type).isPresent();
  }

  /** The explicitly written value of {@code attribute}, if any (defaults are not included). */
  public static Optional<AnnotationValue> explicitValue(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** The string value of {@code attribute}, or {@code ""} when not written. */
  public static String stringValue(AnnotationMirror mirror, String attribute) {
    return explicitValue(mirror, attribute).map(v -> String.valueOf(v.getValue())).orElse("");
  }
}
