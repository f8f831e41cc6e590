package dev.exca.processor;

import com.google.auto.service.AutoService;
import dev.exca.processor.validation.Annotations;
import dev.exca.processor.validation.Messages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The exca annotation processor: turns each {@code @Step} method into a {@code <Name>Step} class.
 *
 * <h2>Pipeline</h2>
 *
 * Each {@code @Step} method goes through three layers, in three packages, in a strict order:
 *
 * <ol>
 *   <li>{@code validation}: validators read elements and return a {@code ValidationReport}; they
 *       never write code. Every diagnostic comes from the {@code Messages} catalogue, with a stable
 *       id ({@code [ExcaStepNotStatic] ...}), and is placed on the most precise position known: an
 *       annotation value, an annotation, then the element. The report is printed, and a method
 *       whose report is not clean gets no generated class (a half-valid class would only add
 *       confusing errors).
 *   <li>{@code model}: immutable records ({@code StepMethod}, {@code ConfigParam}, {@code
 *       BatchSignature}, ...) built only from valid elements, so building never reports.
 *   <li>{@code writing}: JavaPoet writers that take only the model and never report user errors.
 * </ol>
 *
 * <p>Checks that span several elements have their own places: {@code @ItemUid} signatures are
 * checked once per method, their use once per class when all its steps are known, and generated
 * class names are claimed for the whole compilation so that clashes are reported on the later step.
 *
 * <h2>Codecs</h2>
 *
 * A result type that the built-in handlers cannot store is still storable when a user codec stores
 * it, or a supertype of it: a concrete class of the compilation implementing {@code
 * dev.exca.runtime.cache.Codec<X>} (found by scanning the root elements of each round before its
 * steps are validated, and remembered across rounds), or a type named by the option {@code
 * -Aexca.codecTypes=com.acme.Image,com.acme.Audio} for codecs that come from libraries. Each name
 * of the option that no round defines gets one {@code [ExcaBadOption]} error when processing is
 * over.
 *
 * <h2>Rounds</h2>
 *
 * A step whose signature (or an {@code @ItemUid} parameter of its class) mentions a type that does
 * not exist yet, such as a class another processor generates, is deferred to the next round and
 * looked up again by position, since elements must not outlive their round. Steps still deferred
 * when processing is over get one {@code [ExcaUndefined]} error each. {@link #process} never claims
 * the annotations (other processors may want them), and turns an unexpected exception into one
 * {@code [ExcaInternal]} error with its stack trace, rather than a javac crash; processing then
 * stops for the rest of the compilation.
 *
 * <h2>Incremental builds</h2>
 *
 * The processor is Gradle-isolating: each generated file depends on its {@code @Step} method (its
 * originating element) and on what is reachable from it (its class's {@code @ItemUid} methods, its
 * parameter types). Generated classes are named {@code <name>Step}, in the package of the method's
 * top-level class. Codec classes only decide whether a step is valid, not what is generated; as an
 * incremental build only compiles the changed files, a codec class that is not recompiled with its
 * steps is not seen, so codecs of result types are best declared with {@code -Aexca.codecTypes}
 * there.
 */
@AutoService(Processor.class)
public final class ExcaProcessor extends AbstractProcessor {
  private final Consumer<ExecutableElement> beforeEachStep;
  private StepRounds rounds;
  private boolean failed;

  /** The processor, as javac's service loader creates it. */
  public ExcaProcessor() {
    this(step -> {});
  }

  /** A processor that runs {@code beforeEachStep} on each step before validating it (tests). */
  ExcaProcessor(Consumer<ExecutableElement> beforeEachStep) {
    this.beforeEachStep = beforeEachStep;
  }

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    rounds =
        new StepRounds(
            processingEnv, ProcessorOptions.parse(processingEnv.getOptions()), beforeEachStep);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return ProcessorOptions.SUPPORTED;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Annotations.ALL.stream().map(Class::getCanonicalName).collect(Collectors.toSet());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    if (failed) {
      return false;
    }
    try {
      rounds.process(roundEnv);
    } catch (RuntimeException e) {
      failed = true;
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      processingEnv
          .getMessager()
          .printMessage(Messages.INTERNAL.kind(), Messages.INTERNAL.text(trace));
    }
    return false;
  }
}
