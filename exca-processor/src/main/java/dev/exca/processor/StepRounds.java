package dev.exca.processor;

import dev.exca.annotations.Batch;
import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.ItemUid;
import dev.exca.annotations.Step;
import dev.exca.processor.model.StepMethod;
import dev.exca.processor.model.StepModels;
import dev.exca.processor.validation.Annotations;
import dev.exca.processor.validation.CodecTypes;
import dev.exca.processor.validation.GeneratedNames;
import dev.exca.processor.validation.ItemUidValidator;
import dev.exca.processor.validation.Messages;
import dev.exca.processor.validation.PlacementValidator;
import dev.exca.processor.validation.StepValidator;
import dev.exca.processor.validation.ValidationReport;
import dev.exca.processor.writing.StepWriter;
import java.io.IOException;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.JavaFileObject;

/**
 * The work of each round: the scan for user codecs, placement checks, {@code @ItemUid} checks, and
 * for each {@code @Step} method validate, model, write. Holds what spans rounds: deferred steps,
 * claimed class names, the classes whose {@code @ItemUid} usage is still to check, and the types
 * user codecs store.
 */
final class StepRounds {

  /**
   * A method found again in a later round by its class and position: elements of one round must not
   * be reused in the next, where their types may have been completed.
   */
  private record MethodHandle(String typeName, int index) {
    static MethodHandle of(ExecutableElement method) {
      TypeElement type = (TypeElement) method.getEnclosingElement();
      return new MethodHandle(
          type.getQualifiedName().toString(), type.getEnclosedElements().indexOf(method));
    }

    ExecutableElement resolve(Elements elements) {
      TypeElement type = elements.getTypeElement(typeName);
      if (type == null || index < 0 || index >= type.getEnclosedElements().size()) {
        return null;
      }
      Element e = type.getEnclosedElements().get(index);
      return e instanceof ExecutableElement method ? method : null;
    }
  }

  private final Elements elements;
  private final Messager messager;
  private final ProcessingEnvironment env;
  private final Consumer<ExecutableElement> beforeEachStep;
  private final StepValidator stepValidator;
  private final ItemUidValidator itemUidValidator;
  private final GeneratedNames names;
  private final StepModels models;
  private final StepWriter writer;
  private final CodecTypes codecs;

  /** Names of {@code -Aexca.codecTypes} not found yet: reported when processing is over. */
  private final Set<String> unknownCodecTypes;

  /** Steps that referenced undefined types in the last round, with those types. */
  private Map<MethodHandle, Set<String>> deferred = new LinkedHashMap<>();

  /** Classes whose {@code @ItemUid} methods are to be checked for use once their steps are done. */
  private final Set<String> pendingUsageChecks = new LinkedHashSet<>();

  StepRounds(
      ProcessingEnvironment env,
      ProcessorOptions options,
      Consumer<ExecutableElement> beforeEachStep) {
    this.env = env;
    this.elements = env.getElementUtils();
    this.messager = env.getMessager();
    this.beforeEachStep = beforeEachStep;
    this.codecs = new CodecTypes(env.getTypeUtils(), elements);
    options.codecTypes().forEach(codecs::declare);
    this.unknownCodecTypes = new LinkedHashSet<>(options.codecTypes());
    this.stepValidator = new StepValidator(env.getTypeUtils(), elements, codecs);
    this.itemUidValidator = new ItemUidValidator(env.getTypeUtils(), elements);
    this.names = new GeneratedNames(elements);
    this.models = new StepModels(env.getTypeUtils(), elements);
    this.writer =
        new StepWriter(elements.getTypeElement("javax.annotation.processing.Generated") != null);
  }

  void process(RoundEnvironment round) {
    if (round.processingOver()) {
      reportUndefined();
      reportUnknownCodecTypes();
      return;
    }
    // All codec classes of the round are known before any step is validated: a step and its
    // result's codec are usually in the same round, in any order.
    codecs.scan(round.getRootElements());
    unknownCodecTypes.removeIf(name -> codecs.resolve(name) != null);
    checkPlacement(round);
    for (ExecutableElement method : methods(round, ItemUid.class)) {
      itemUidValidator.validate(method).printTo(messager);
      pendingUsageChecks.add(typeName(method));
    }

    List<ExecutableElement> steps = new ArrayList<>();
    for (MethodHandle handle : deferred.keySet()) {
      ExecutableElement method = handle.resolve(elements);
      if (method != null) {
        steps.add(method);
      }
    }
    steps.addAll(methods(round, Step.class));
    deferred = new LinkedHashMap<>();
    for (ExecutableElement step : steps) {
      pendingUsageChecks.add(typeName(step));
      Set<String> undefined = stepValidator.undefinedTypes(step);
      if (!undefined.isEmpty() && !typeName(step).isEmpty()) {
        deferred.put(MethodHandle.of(step), undefined);
      } else {
        processStep(step);
      }
    }
    checkItemUidUsage();
  }

  private void checkPlacement(RoundEnvironment round) {
    for (ExecutableElement method : methods(round, Batch.class)) {
      PlacementValidator.checkBatch(method).printTo(messager);
    }
    for (Class<? extends Annotation> annotation :
        List.of(Item.class, Default.class, ExcludeFromUid.class)) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        if (e instanceof VariableElement p) {
          PlacementValidator.checkParameter(p, annotation).printTo(messager);
        }
      }
    }
  }

  /** Validate, then model, then write: nothing is generated for a step with errors. */
  private void processStep(ExecutableElement step) {
    beforeEachStep.accept(step);
    ValidationReport report = stepValidator.validate(step);
    report.printTo(messager);
    if (!report.isClean()) {
      return;
    }
    ValidationReport claim = names.claim(step);
    claim.printTo(messager);
    if (!claim.isClean()) {
      return;
    }
    StepMethod model = models.create(step);
    String name = model.generatedClass().canonicalName();
    try {
      JavaFileObject file = env.getFiler().createSourceFile(name, model.element());
      try (Writer out = file.openWriter()) {
        out.write(writer.source(model));
      }
    } catch (IOException e) {
      messager.printMessage(
          Messages.INTERNAL.kind(),
          Messages.INTERNAL.text("could not write " + name + ": " + e),
          step);
    }
  }

  /** Warns about unused {@code @ItemUid} methods of classes that have no deferred step left. */
  private void checkItemUidUsage() {
    Set<String> waiting = new LinkedHashSet<>();
    for (MethodHandle handle : deferred.keySet()) {
      waiting.add(handle.typeName());
    }
    for (String name : List.copyOf(pendingUsageChecks)) {
      if (waiting.contains(name)) {
        continue;
      }
      pendingUsageChecks.remove(name);
      TypeElement type = name.isEmpty() ? null : elements.getTypeElement(name);
      if (type == null) {
        continue;
      }
      List<ExecutableElement> steps = new ArrayList<>();
      for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (Annotations.has(m, Step.class)) {
          steps.add(m);
        }
      }
      itemUidValidator.checkUsed(type, steps).printTo(messager);
    }
  }

  private void reportUndefined() {
    deferred.forEach(
        (handle, undefined) -> {
          ExecutableElement method = handle.resolve(elements);
          if (method != null) {
            messager.printMessage(
                Messages.UNDEFINED.kind(),
                Messages.UNDEFINED.text(method.getSimpleName(), String.join(", ", undefined)),
                method);
          }
        });
    deferred.clear();
  }

  /** One error per name of {@code -Aexca.codecTypes} that no round defined. */
  private void reportUnknownCodecTypes() {
    for (String name : unknownCodecTypes) {
      messager.printMessage(
          Messages.BAD_OPTION.kind(),
          Messages.BAD_OPTION.text(ProcessorOptions.CODEC_TYPES, name));
    }
    unknownCodecTypes.clear();
  }

  private static List<ExecutableElement> methods(
      RoundEnvironment round, Class<? extends Annotation> annotation) {
    return List.copyOf(ElementFilter.methodsIn(round.getElementsAnnotatedWith(annotation)));
  }

  private static String typeName(ExecutableElement method) {
    Element enclosing = method.getEnclosingElement();
    return enclosing instanceof TypeElement type ? type.getQualifiedName().toString() : "";
  }
}
