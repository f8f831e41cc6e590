package dev.exca.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.exca.annotations.Batch;
import dev.exca.annotations.Default;
import dev.exca.annotations.ExcludeFromUid;
import dev.exca.annotations.Item;
import dev.exca.annotations.Step;
import dev.exca.processor.validation.Annotations;
import dev.exca.processor.validation.BatchShapes;
import dev.exca.processor.validation.DefaultLiterals;
import dev.exca.processor.validation.ItemUids;
import dev.exca.processor.validation.StepNames;
import dev.exca.processor.validation.TypeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Builds the {@link StepMethod} of a {@code @Step} method whose validation report is clean. It
 * assumes validity and fails with an exception, not a diagnostic, on anything else.
 */
public final class StepModels {
  private final BatchShapes shapes;
  private final ItemUids itemUids;

  public StepModels(Types types, Elements elements) {
    this.shapes = new BatchShapes(new TypeRules(types, elements));
    this.itemUids = new ItemUids(types, elements);
  }

  /** The model of a valid {@code @Step} method. */
  public StepMethod create(ExecutableElement method) {
    TypeElement enclosing = (TypeElement) method.getEnclosingElement();
    ClassName enclosingClass = ClassName.get(enclosing);
    boolean batch = Annotations.has(method, Batch.class);

    List<Parameter> parameters = new ArrayList<>();
    TypeMirror itemType = null;
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      if (Annotations.has(p, Item.class)) {
        itemType = batch ? shapes.input(p.asType()).element() : p.asType();
        parameters.add(new ItemParam(name, TypeName.get(p.asType()), TypeName.get(itemType).box()));
      } else {
        parameters.add(
            new ConfigParam(
                name,
                TypeName.get(p.asType()),
                defaultValue(p),
                Annotations.has(p, ExcludeFromUid.class)));
      }
    }

    TypeMirror result = method.getReturnType();
    Optional<BatchSignature> batchSignature = Optional.empty();
    if (batch) {
      VariableElement item =
          method.getParameters().stream()
              .filter(p -> Annotations.has(p, Item.class))
              .findFirst()
              .orElseThrow();
      BatchShapes.Shape in = shapes.input(item.asType());
      BatchShapes.Shape out = shapes.output(result);
      batchSignature =
          Optional.of(
              new BatchSignature(
                  BatchSignature.Container.of(in.container()),
                  BatchSignature.Container.of(out.container())));
      result = out.element();
    }

    Optional<ItemUidMethod> itemUid = Optional.empty();
    if (itemType != null) {
      List<ExecutableElement> matches = itemUids.matching(ItemUids.declaredIn(enclosing), itemType);
      if (!matches.isEmpty()) {
        itemUid =
            Optional.of(
                new ItemUidMethod(enclosingClass, matches.get(0).getSimpleName().toString()));
      }
    }

    ClassName generated =
        ClassName.get(StepNames.packageName(method), StepNames.generatedSimpleName(method));
    String version =
        Annotations.mirror(method, Step.class)
            .map(m -> Annotations.stringValue(m, "version"))
            .orElse("");
    return new StepMethod(
        method,
        generated,
        StepNames.stepName(method),
        version,
        enclosingClass,
        method.getSimpleName().toString(),
        parameters,
        TypeName.get(result).box(),
        batchSignature,
        itemUid);
  }

  private static Optional<DefaultValue> defaultValue(VariableElement p) {
    return Annotations.mirror(p, Default.class)
        .map(m -> toModel(p.asType(), Annotations.stringValue(m, "value")));
  }

  private static DefaultValue toModel(TypeMirror type, String text) {
    DefaultLiterals.Result result = DefaultLiterals.parse(type, text);
    if (!(result instanceof DefaultLiterals.Parsed parsed)) {
      throw new IllegalStateException("invalid @Default(\"" + text + "\") passed validation");
    }
    return switch (parsed.kind()) {
      case PRIMITIVE -> new DefaultValue.Primitive(parsed.value());
      case NULL -> new DefaultValue.Null();
      case STRING -> new DefaultValue.Text((String) parsed.value());
      case ENUM ->
          new DefaultValue.EnumConstant(
              ClassName.get((TypeElement) ((DeclaredType) type).asElement()),
              (String) parsed.value());
      case BIG_DECIMAL -> new DefaultValue.BigDecimalText((String) parsed.value());
      case BIG_INTEGER -> new DefaultValue.BigIntegerText((String) parsed.value());
      case PATH -> new DefaultValue.PathText((String) parsed.value());
    };
  }
}
