package dev.exca.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.exca.processor.model.BatchSignature;
import dev.exca.processor.model.ConfigParam;
import dev.exca.processor.model.ItemParam;
import dev.exca.processor.model.ItemUidMethod;
import dev.exca.processor.model.Parameter;
import dev.exca.processor.model.StepMethod;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@code <Name>Step} class of a {@link StepMethod}: a {@code GeneratedStep} subclass
 * with a static descriptor, one field and accessor per configuration parameter, a builder, and the
 * override that calls the user's method. All behaviour lives in the runtime.
 *
 * <p>Generated identifiers never clash with user parameter names: the few names the writer invents
 * (the descriptor constant, the builder's "is set" flags, constructor parameters) come from a
 * {@link NameAllocator} seeded with the parameter names, and types whose simple name equals a
 * parameter name are written fully qualified.
 *
 * <p>Builder setters of reference types reject {@code null} ({@code Objects.requireNonNull}, naming
 * the parameter), except boxed primitives: a {@code Double} parameter exists to allow {@code null},
 * which enters the uid as Python's {@code None}. Values are stored as given, not copied.
 */
public final class StepWriter {
  private static final String RUNTIME = "dev.exca.runtime";
  private static final ClassName GENERATED_STEP = ClassName.get(RUNTIME, "GeneratedStep");
  private static final ClassName STEP_DESCRIPTOR = ClassName.get(RUNTIME, "StepDescriptor");
  private static final ClassName TYPE_LITERAL = ClassName.get(RUNTIME, "TypeLiteral");
  private static final ClassName INFRA = ClassName.get(RUNTIME, "Infra");
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");
  private static final String PROCESSOR = "dev.exca.processor.ExcaProcessor";
  private static final Pattern ONE_LINE_JAVADOC =
      Pattern.compile("(?m)^([ ]*)/\\*\\*\n\\1 \\* ([^\n]*)\n\\1 \\*/$");

  private final boolean generatedAnnotation;

  /**
   * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} exists on the
   *     compilation's platform
   */
  public StepWriter(boolean generatedAnnotation) {
    this.generatedAnnotation = generatedAnnotation;
  }

  /** The source file of the step class. */
  public JavaFile write(StepMethod step) {
    return JavaFile.builder(step.generatedClass().packageName(), new ClassWriter(step).type())
        .skipJavaLangImports(true)
        .build();
  }

  /** The text of the step class, as written to disk. */
  public String source(StepMethod step) {
    return compactJavadoc(write(step).toString());
  }

  /** Puts each javadoc of one sentence on one line, as JavaPoet always spreads it over three. */
  static String compactJavadoc(String source) {
    return ONE_LINE_JAVADOC
        .matcher(source)
        .replaceAll(
            m -> {
              String line = m.group(1) + "/** " + m.group(2) + " */";
              return Matcher.quoteReplacement(line.length() <= 100 ? line : m.group());
            });
  }

  /** The state of writing one class. */
  private final class ClassWriter {
    private final StepMethod step;
    private final ClassName self;
    private final ClassName builder;
    private final List<ConfigParam> config;
    private final String descriptor;
    private final String builderParam;
    private final NameAllocator builderNames = new NameAllocator();
    private final Set<String> parameterNames;

    ClassWriter(StepMethod step) {
      this.step = step;
      this.self = step.generatedClass();
      this.builder = self.nestedClass("Builder");
      this.config = step.configParams();
      this.parameterNames =
          step.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
      NameAllocator classNames = new NameAllocator();
      for (Parameter p : step.parameters()) {
        classNames.newName(p.name(), p);
        builderNames.newName(p.name(), p);
      }
      this.descriptor = classNames.newName("DESCRIPTOR");
      this.builderParam = classNames.newName("builder");
      builderNames.newName("infra", INFRA);
      for (ConfigParam p : config) {
        if (p.defaultValue().isEmpty()) {
          builderNames.newName(p.name() + "Set", setFlagTag(p));
        }
      }
    }

    TypeSpec type() {
      TypeSpec.Builder type =
          TypeSpec.classBuilder(self)
              .addJavadoc(
                  "Step {@code $L}, generated from {@link $T#$L}. Do not edit.\n",
                  step.stepName(),
                  step.enclosingClass(),
                  step.methodName())
              .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
              .superclass(ParameterizedTypeName.get(GENERATED_STEP, itemType(), step.outputType()))
              .addOriginatingElement(step.element())
              .alwaysQualify(parameterNames.toArray(String[]::new));
      if (generatedAnnotation) {
        type.addAnnotation(
            AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR).build());
      }
      type.addField(descriptorField());
      for (ConfigParam p : config) {
        type.addField(p.type(), p.name(), Modifier.PRIVATE, Modifier.FINAL);
      }
      type.addMethod(constructor()).addMethod(builderFactory());
      if (step.allDefaults()) {
        type.addMethod(createFactory());
      }
      for (ConfigParam p : config) {
        type.addMethod(accessor(p));
      }
      type.addMethod(toBuilder()).addMethod(withInfra()).addMethod(userCall());
      step.itemUid().ifPresent(m -> type.addMethod(customItemUid(m)));
      return type.addType(builderType()).build();
    }

    private TypeName itemType() {
      return step.item().map(ItemParam::itemType).orElse(ClassName.get(Void.class));
    }

    private FieldSpec descriptorField() {
      CodeBlock.Builder init =
          CodeBlock.builder()
              .add("$T.builder($S, $S)\n$>$>", STEP_DESCRIPTOR, step.stepName(), step.origin());
      if (!step.version().isEmpty()) {
        init.add(".version($S)\n", step.version());
      }
      step.item()
          .ifPresent(
              item -> init.add(".item($L, $L)\n", typeToken(item.itemType()), item.primitive()));
      init.add(".output($L)\n", typeToken(step.outputType()));
      if (step.batch().isPresent()) {
        init.add(".batch()\n");
      }
      for (ConfigParam p : config) {
        if (p.defaultValue().isPresent()) {
          init.add(
              ".paramWithDefault($S, $L, $L)\n",
              p.name(),
              DefaultValues.expression(p.defaultValue().get(), this::typeReference),
              p.excluded());
        } else {
          init.add(".param($S, $L)\n", p.name(), p.excluded());
        }
      }
      init.add(".build()$<$<");
      return FieldSpec.builder(
              STEP_DESCRIPTOR, descriptor, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
          .initializer(init.build())
          .build();
    }

    /** {@code Double.class}, or a {@code TypeLiteral} for types a class literal cannot express. */
    private CodeBlock typeToken(TypeName type) {
      return isGeneric(type)
          ? CodeBlock.of("new $T<$T>() {}.type()", TYPE_LITERAL, type)
          : CodeBlock.of("$T.class", type);
    }

    private MethodSpec constructor() {
      CodeBlock.Builder values = CodeBlock.builder().add("$N, $N.infra", descriptor, builderParam);
      for (ConfigParam p : config) {
        // A lone Object[] argument would be taken as the varargs array itself.
        String cast = config.size() == 1 && isReferenceArray(p.type()) ? "(Object) " : "";
        values.add(",$W$L$N.$N", cast, builderParam, p.name());
      }
      MethodSpec.Builder ctor =
          MethodSpec.constructorBuilder()
              .addModifiers(Modifier.PRIVATE)
              .addParameter(builder, builderParam)
              .addStatement("super($L)", values.build());
      for (ConfigParam p : config) {
        ctor.addStatement("this.$N = $N.$N", p.name(), builderParam, p.name());
      }
      return ctor.build();
    }

    private MethodSpec builderFactory() {
      MethodSpec.Builder method =
          MethodSpec.methodBuilder("builder")
              .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
              .returns(builder)
              .addStatement("return new $T()", builder);
      List<ConfigParam> required = required();
      if (required.isEmpty()) {
        method.addJavadoc("Returns a builder with every parameter at its default.\n");
      } else {
        method.addJavadoc(
            "Returns a builder; set $L before {@link $T#build}.\n", codeList(required), builder);
      }
      return method.build();
    }

    private MethodSpec createFactory() {
      return MethodSpec.methodBuilder("create")
          .addJavadoc("Returns the step with every parameter at its default.\n")
          .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
          .returns(self)
          .addStatement("return builder().build()")
          .build();
    }

    private MethodSpec accessor(ConfigParam p) {
      return MethodSpec.methodBuilder(p.name())
          .addJavadoc("Returns the {@code $L} parameter.\n", p.name())
          .addModifiers(Modifier.PUBLIC)
          .returns(p.type())
          .addStatement("return $N", p.name())
          .build();
    }

    private MethodSpec toBuilder() {
      CodeBlock.Builder chain = CodeBlock.builder().add("return new $T()", builder);
      for (ConfigParam p : config) {
        chain.add("\n.$N($N)", p.name(), p.name());
      }
      chain.add("\n.infra(infra())");
      return MethodSpec.methodBuilder("toBuilder")
          .addJavadoc("Returns a builder initialised with this step's configuration.\n")
          .addModifiers(Modifier.PUBLIC)
          .returns(builder)
          .addStatement(chain.build())
          .build();
    }

    private MethodSpec withInfra() {
      return MethodSpec.methodBuilder("withInfra")
          .addJavadoc("Returns a copy of this step with another infra ({@code null} for none).\n")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC)
          .returns(self)
          .addParameter(INFRA, "infra")
          .addStatement("return toBuilder().infra(infra).build()")
          .build();
    }

    /** The override that calls the user's method: compute, generate or computeBatch. */
    private MethodSpec userCall() {
      Optional<ItemParam> item = step.item();
      Optional<BatchSignature> batch = step.batch();
      MethodSpec.Builder method =
          MethodSpec.methodBuilder(
                  item.isEmpty() ? "generate" : batch.isPresent() ? "computeBatch" : "compute")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PROTECTED)
              .addException(Exception.class);
      if (item.isEmpty()) {
        return method
            .returns(step.outputType())
            .addStatement("return $L", call(CodeBlock.of("")))
            .build();
      }
      String name = item.get().name();
      if (batch.isEmpty()) {
        return method
            .returns(step.outputType())
            .addParameter(item.get().itemType(), name)
            .addStatement("return $L", call(CodeBlock.of("$N", name)))
            .build();
      }
      CodeBlock items =
          switch (batch.get().input()) {
            case ITERATOR -> CodeBlock.of("$N", name);
            case STREAM -> CodeBlock.of("toStream($N)", name);
            case ITERABLE -> CodeBlock.of("toIterable($N)", name);
            case LIST -> CodeBlock.of("toList($N)", name);
          };
      return method
          .returns(ParameterizedTypeName.get(ClassName.get(Iterator.class), step.outputType()))
          .addParameter(
              ParameterizedTypeName.get(ClassName.get(Iterator.class), item.get().itemType()), name)
          .addStatement("return resultsOf($L)", call(items))
          .build();
    }

    /** {@code Ops.mult(coeff, value)}: configuration fields and the item in declaration order. */
    private CodeBlock call(CodeBlock itemArgument) {
      CodeBlock args =
          step.parameters().stream()
              .map(p -> p instanceof ItemParam ? itemArgument : CodeBlock.of("$N", p.name()))
              .collect(CodeBlock.joining(",$W"));
      return CodeBlock.of(
          "$L.$N($L)", typeReference(step.enclosingClass()), step.methodName(), args);
    }

    private MethodSpec customItemUid(ItemUidMethod itemUid) {
      ItemParam item = step.item().orElseThrow();
      return MethodSpec.methodBuilder("customItemUid")
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED)
          .returns(String.class)
          .addParameter(item.itemType(), item.name())
          .addStatement(
              "return $L.$N($N)",
              typeReference(itemUid.enclosingClass()),
              itemUid.methodName(),
              item.name())
          .build();
    }

    private TypeSpec builderType() {
      TypeSpec.Builder type =
          TypeSpec.classBuilder(builder)
              .addJavadoc("Builds {@link $T}.\n", self)
              .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
      for (ConfigParam p : config) {
        FieldSpec.Builder field = FieldSpec.builder(p.type(), p.name(), Modifier.PRIVATE);
        p.defaultValue()
            .ifPresent(v -> field.initializer(DefaultValues.expression(v, this::typeReference)));
        type.addField(field.build());
      }
      for (ConfigParam p : required()) {
        type.addField(TypeName.BOOLEAN, setFlag(p), Modifier.PRIVATE);
      }
      type.addField(INFRA, "infra", Modifier.PRIVATE)
          .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
      for (ConfigParam p : config) {
        type.addMethod(setter(p));
      }
      type.addMethod(
          MethodSpec.methodBuilder("infra")
              .addJavadoc("Sets the infra ({@code null} for none).\n")
              .addModifiers(Modifier.PUBLIC)
              .returns(builder)
              .addParameter(INFRA, "infra")
              .addStatement("this.infra = infra")
              .addStatement("return this")
              .build());
      return type.addMethod(build()).build();
    }

    private MethodSpec setter(ConfigParam p) {
      MethodSpec.Builder method =
          MethodSpec.methodBuilder(p.name())
              .addModifiers(Modifier.PUBLIC)
              .returns(builder)
              .addParameter(p.type(), p.name());
      if (p.type().isPrimitive()) {
        method.addJavadoc("Sets {@code $L}.\n", p.name());
        method.addStatement("this.$N = $N", p.name(), p.name());
      } else if (p.type().isBoxedPrimitive()) {
        method.addJavadoc("Sets {@code $L} ({@code null} is a valid value).\n", p.name());
        method.addStatement("this.$N = $N", p.name(), p.name());
      } else {
        method.addJavadoc("Sets {@code $L}, which must not be null.\n", p.name());
        method.addStatement(
            "this.$N = $T.requireNonNull($N, $S)", p.name(), Objects.class, p.name(), p.name());
      }
      if (p.defaultValue().isEmpty()) {
        method.addStatement("this.$N = true", setFlag(p));
      }
      return method.addStatement("return this").build();
    }

    private MethodSpec build() {
      MethodSpec.Builder method =
          MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(self);
      List<ConfigParam> required = required();
      if (required.isEmpty()) {
        method.addJavadoc("Builds the step.\n");
      } else {
        method.addJavadoc(
            "Builds the step; throws {@code IllegalStateException} if a required parameter is"
                + " unset.\n");
      }
      for (ConfigParam p : required) {
        method
            .beginControlFlow("if (!$N)", setFlag(p))
            .addStatement(
                "throw new $T($S)",
                IllegalStateException.class,
                self.simpleName() + ": required parameter " + p.name() + " is not set")
            .endControlFlow();
      }
      return method.addStatement("return new $T(this)", self).build();
    }

    /**
     * A type in an expression ({@code Ops.mult(...)}), written in full when a parameter, which
     * becomes a field, has its simple name: the field would shadow it. JavaPoet's {@code
     * alwaysQualify} does this for imported types, but not for those of the same package.
     */
    private CodeBlock typeReference(ClassName type) {
      boolean shadowed =
          type.packageName().equals(self.packageName())
              && parameterNames.contains(type.topLevelClassName().simpleName());
      return shadowed ? CodeBlock.of("$L", type.canonicalName()) : CodeBlock.of("$T", type);
    }

    private List<ConfigParam> required() {
      return config.stream().filter(p -> p.defaultValue().isEmpty()).toList();
    }

    private String setFlag(ConfigParam p) {
      return builderNames.get(setFlagTag(p));
    }
  }

  /** The allocator tag of a required parameter's "is set" flag. */
  private static Object setFlagTag(ConfigParam p) {
    return List.of("set", p.name());
  }

  /** {@code {@code a}, {@code b} and {@code c}}. */
  private static String codeList(List<ConfigParam> params) {
    List<String> names = params.stream().map(p -> "{@code " + p.name() + "}").toList();
    int last = names.size() - 1;
    return last == 0
        ? names.get(0)
        : String.join(", ", names.subList(0, last)) + " and " + names.get(last);
  }

  private static boolean isGeneric(TypeName type) {
    if (type instanceof ParameterizedTypeName) {
      return true;
    }
    return type instanceof ArrayTypeName array && isGeneric(array.componentType());
  }

  private static boolean isReferenceArray(TypeName type) {
    return type instanceof ArrayTypeName array && !array.componentType().isPrimitive();
  }
}
