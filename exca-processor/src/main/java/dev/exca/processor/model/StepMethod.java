package dev.exca.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/**
 * A valid {@code @Step} method, as the code writers see it.
 *
 * @param element the method, only to declare it as the originating element of the generated file
 * @param generatedClass the class to generate, {@code <name>Step} next to the method's class
 * @param stepName the step name, the {@code type} entry of the uid
 * @param version the {@code @Step(version)}, or {@code ""}
 * @param enclosingClass the class declaring the method
 * @param methodName the method name
 * @param parameters the parameters in declaration order
 * @param outputType the result type, boxed: the return type, or {@code R} of a batch method
 * @param batch the containers of a {@code @Batch} method
 * @param itemUid the {@code @ItemUid} method giving item uids, when one matches the item type
 */
public record StepMethod(
    ExecutableElement element,
    ClassName generatedClass,
    String stepName,
    String version,
    ClassName enclosingClass,
    String methodName,
    List<Parameter> parameters,
    TypeName outputType,
    Optional<BatchSignature> batch,
    Optional<ItemUidMethod> itemUid) {

  public StepMethod {
    parameters = List.copyOf(parameters);
  }

  /** The method as {@code com.acme.Ops#mult}. */
  public String origin() {
    return enclosingClass.canonicalName() + "#" + methodName;
  }

  /** The configuration parameters, in declaration order. */
  public List<ConfigParam> configParams() {
    return parameters.stream()
        .filter(ConfigParam.class::isInstance)
        .map(ConfigParam.class::cast)
        .toList();
  }

  /** The {@code @Item} parameter; empty for a generator. */
  public Optional<ItemParam> item() {
    return parameters.stream()
        .filter(ItemParam.class::isInstance)
        .map(ItemParam.class::cast)
        .findFirst();
  }

  /** Whether every configuration parameter has a default (so {@code create()} exists). */
  public boolean allDefaults() {
    return configParams().stream().allMatch(p -> p.defaultValue().isPresent());
  }
}
