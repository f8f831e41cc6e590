package dev.exca.processor.validation;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.Step;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one {@code @Step} method: its modifiers and enclosing classes, its name and version, its
 * parameters ({@code @Item}, {@code @Default}, {@code @ExcludeFromUid}, configuration types), its
 * {@code @Batch} shape, its item uid and its result type. Name clashes between steps are checked by
 * {@link GeneratedNames}; {@code @ItemUid} signatures by {@link ItemUidValidator}.
 */
public final class StepValidator {
  private final TypeRules rules;
  private final BatchShapes shapes;
  private final ItemUids itemUids;

  /** A validator that knows no user codec. */
  public StepValidator(Types types, Elements elements) {
    this(types, elements, new CodecTypes(types, elements));
  }

  /** A validator for which the results that {@code codecs} store are storable. */
  public StepValidator(Types types, Elements elements, CodecTypes codecs) {
    this.rules = new TypeRules(types, elements, codecs);
    this.shapes = new BatchShapes(rules);
    this.itemUids = new ItemUids(types, elements);
  }

  /**
   * The undefined types a step depends on: in its signature, or in the parameters of the
   * {@code @ItemUid} methods of its class (which decide its item uid). Empty when it can be
   * validated.
   */
  public Set<String> undefinedTypes(ExecutableElement method) {
    Set<String> names = new LinkedHashSet<>();
    TypeRules.collectUndefined(method.getReturnType(), names);
    for (VariableElement p : method.getParameters()) {
      TypeRules.collectUndefined(p.asType(), names);
    }
    for (TypeMirror thrown : method.getThrownTypes()) {
      TypeRules.collectUndefined(thrown, names);
    }
    if (method.getEnclosingElement() instanceof TypeElement type) {
      for (ExecutableElement itemUid : ItemUids.declaredIn(type)) {
        for (VariableElement p : itemUid.getParameters()) {
          TypeRules.collectUndefined(p.asType(), names);
        }
      }
    }
    return names;
  }

  /**
   * The item type of a step as its {@code @ItemUid} methods see it: the {@code @Item} parameter
   * type, or the element type of a {@code @Batch} container. Empty for generators and for malformed
   * batch parameters.
   */
  public Optional<TypeMirror> itemType(ExecutableElement method) {
    Optional<VariableElement> item =
        method.getParameters().stream()
            .filter(p -> Annotations.has(p, Item.class))
            .map(VariableElement.class::cast)
            .findFirst();
    if (item.isEmpty()) {
      return Optional.empty();
    }
    if (!Annotations.has(method, Batch.class)) {
      return Optional.of(item.get().asType());
    }
    BatchShapes.Shape shape = shapes.input(item.get().asType());
    return shape.kind() == BatchShapes.Kind.CONTAINER
        ? Optional.of(shape.element())
        : Optional.empty();
  }

  /** Validates a method annotated with {@code @Step}. */
  public ValidationReport validate(ExecutableElement method) {
    ValidationReport.Builder report = ValidationReport.about(method);
    String name = method.getSimpleName().toString();
    checkModifiers(method, name, report);
    checkEnclosingClasses(method, name, report);
    AnnotationMirror step = Annotations.mirror(method, Step.class).orElseThrow();
    String explicitName = StepNames.explicitName(method);
    if (!explicitName.isEmpty() && !StepNames.isValidName(explicitName)) {
      report.add(
          Messages.STEP_BAD_NAME,
          method,
          step,
          Annotations.explicitValue(step, "name").orElse(null),
          explicitName);
    }
    boolean returnsVoid = method.getReturnType().getKind() == TypeKind.VOID;
    if (returnsVoid) {
      report.add(Messages.STEP_VOID, method, name);
    }

    String version = Annotations.stringValue(step, "version");
    VariableElement item = null;
    for (VariableElement p : method.getParameters()) {
      if (Annotations.has(p, Item.class)) {
        if (item == null) {
          item = p;
        } else {
          report.add(
              Messages.STEP_TWO_ITEMS,
              p,
              Annotations.mirror(p, Item.class).orElseThrow(),
              name,
              p.getSimpleName(),
              item.getSimpleName());
        }
        checkItemAnnotations(p, report);
      } else {
        checkConfig(method, p, version, report);
      }
    }

    TypeMirror itemType = item == null ? null : item.asType();
    TypeMirror resultType = returnsVoid ? null : method.getReturnType();
    Optional<AnnotationMirror> batch = Annotations.mirror(method, Batch.class);
    if (batch.isPresent()) {
      if (item == null) {
        report.add(Messages.BATCH_GENERATOR, method, batch.get(), name);
        resultType = null;
      } else {
        itemType = batchItemType(method, item, report);
        resultType = returnsVoid ? null : batchResultType(method, report);
      }
    }
    if (itemType != null) {
      checkItemUid(method, item, itemType, batch.isPresent(), report);
    }
    if (resultType != null) {
      Optional<String> problem = rules.whyNotStorable(resultType);
      if (problem.isPresent()) {
        report.add(Messages.RESULT_NO_CODEC, method, name, resultType, problem.get());
      }
    }
    return report.build();
  }

  private static void checkModifiers(
      ExecutableElement method, String name, ValidationReport.Builder report) {
    if (!method.getModifiers().contains(Modifier.STATIC)) {
      report.add(Messages.STEP_NOT_STATIC, method, name);
    }
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report.add(Messages.STEP_PRIVATE, method, name, StepNames.generatedSimpleName(method));
    }
    if (!method.getTypeParameters().isEmpty()) {
      report.add(Messages.STEP_GENERIC, method, name);
    }
  }

  /**
   * The generated class calls {@code Outer.Inner.method}: every class on the way must be visible.
   * (Local and anonymous classes need no check: annotation processing never sees their members.)
   */
  private static void checkEnclosingClasses(
      ExecutableElement method, String name, ValidationReport.Builder report) {
    Element e = method.getEnclosingElement();
    while (e instanceof TypeElement type) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        report.add(
            Messages.STEP_ENCLOSING_PRIVATE,
            method,
            name,
            type.getSimpleName(),
            type.getSimpleName());
        return;
      }
      e = type.getEnclosingElement();
    }
  }

  private static void checkItemAnnotations(VariableElement item, ValidationReport.Builder report) {
    Annotations.mirror(item, Default.class)
        .ifPresent(m -> report.add(Messages.DEFAULT_ON_ITEM, item, m, item.getSimpleName()));
    Annotations.mirror(item, ExcludeFromUid.class)
        .ifPresent(m -> report.add(Messages.EXCLUDE_ON_ITEM, item, m, item.getSimpleName()));
  }

  private void checkConfig(
      ExecutableElement method,
      VariableElement p,
      String version,
      ValidationReport.Builder report) {
    String name = p.getSimpleName().toString();
    String methodName = method.getSimpleName().toString();
    if (StepNames.RESERVED.contains(name)) {
      report.add(
          Messages.RESERVED_NAME, p, name, methodName, StepNames.generatedSimpleName(method));
    }
    if (name.equals("version") && !version.isEmpty()) {
      report.add(Messages.VERSION_CLASH, p, methodName);
    }
    TypeMirror type = p.asType();
    Optional<String> notUid = rules.whyNotConfig(type);
    if (notUid.isPresent()) {
      report.add(Messages.CONFIG_TYPE_NOT_UID, p, name, methodName, type, notUid.get());
      return;
    }
    Optional<AnnotationMirror> defaultMirror = Annotations.mirror(p, Default.class);
    if (defaultMirror.isEmpty()) {
      return;
    }
    String text = Annotations.stringValue(defaultMirror.get(), "value");
    DefaultLiterals.Result parsed = DefaultLiterals.parse(type, text);
    if (parsed instanceof DefaultLiterals.Invalid invalid) {
      report.add(
          Messages.DEFAULT_INVALID,
          p,
          defaultMirror.get(),
          Annotations.explicitValue(defaultMirror.get(), "value").orElse(null),
          text,
          name,
          type,
          invalid.hint());
    } else if (parsed instanceof DefaultLiterals.Unsupported) {
      report.add(Messages.DEFAULT_UNSUPPORTED, p, defaultMirror.get(), name, type);
    }
  }

  private TypeMirror batchItemType(
      ExecutableElement method, VariableElement item, ValidationReport.Builder report) {
    BatchShapes.Shape in = shapes.input(item.asType());
    switch (in.kind()) {
      case CONTAINER:
        return in.element();
      case RAW:
        report.add(
            Messages.BATCH_RAW_TYPE,
            item,
            method.getSimpleName(),
            in.container(),
            "item parameter " + item.getSimpleName(),
            in.simpleContainer(),
            "V");
        return null;
      default:
        report.add(
            Messages.BATCH_CONTAINER,
            item,
            item.getSimpleName(),
            method.getSimpleName(),
            item.asType());
        return null;
    }
  }

  private TypeMirror batchResultType(ExecutableElement method, ValidationReport.Builder report) {
    BatchShapes.Shape out = shapes.output(method.getReturnType());
    switch (out.kind()) {
      case CONTAINER:
        return out.element();
      case RAW:
        report.add(
            Messages.BATCH_RAW_TYPE,
            method,
            method.getSimpleName(),
            out.container(),
            "return type",
            out.simpleContainer(),
            "R");
        return null;
      default:
        report.add(Messages.BATCH_RETURN, method, method.getSimpleName(), method.getReturnType());
        return null;
    }
  }

  private void checkItemUid(
      ExecutableElement method,
      VariableElement item,
      TypeMirror itemType,
      boolean batch,
      ValidationReport.Builder report) {
    TypeElement type = (TypeElement) method.getEnclosingElement();
    List<ExecutableElement> matches = itemUids.matching(ItemUids.declaredIn(type), itemType);
    if (matches.size() > 1) {
      report.add(
          Messages.ITEM_UID_AMBIGUOUS,
          method,
          method.getSimpleName(),
          itemType,
          matches.stream()
              .map(m -> m.getSimpleName().toString())
              .collect(Collectors.joining(", ")));
    } else if (matches.size() == 1) {
      if (itemUids.signatureProblem(matches.get(0)).isPresent()) {
        report.block(); // reported on the @ItemUid method itself
      }
    } else {
      Optional<String> problem = rules.whyNoDefaultItemUid(itemType);
      if (problem.isPresent()) {
        String container = TypeRules.qualifiedName(itemType);
        boolean looksBatched = !batch && BatchShapes.CONTAINERS.contains(container);
        report.add(
            Messages.ITEM_TYPE_NO_UID,
            item,
            itemType,
            method.getSimpleName(),
            problem.get(),
            itemType,
            type.getSimpleName(),
            looksBatched ? "; or, if the method takes a batch of items, add @Batch" : "");
      }
    }
  }
}
