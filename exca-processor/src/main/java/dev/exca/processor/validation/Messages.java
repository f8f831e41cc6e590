package dev.exca.processor.validation;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the exca processor prints, with its stable id. A message reads {@code [Id]
 * subject + rule; fix}: the id never changes once released, so that users, docs and tests can refer
 * to it; the text may improve.
 *
 * <p>Each constant takes {@link String#format} arguments; callers go through {@link
 * ValidationReport.Builder}, which adds the id.
 */
public enum Messages {
  STEP_NOT_STATIC(
      "ExcaStepNotStatic", "@Step method %s must be static; put configuration in its parameters"),
  STEP_PRIVATE(
      "ExcaStepPrivate",
      "@Step method %s must not be private; make it package-private so that the generated %s can"
          + " call it"),
  STEP_GENERIC(
      "ExcaStepGeneric",
      "@Step method %s must not have type parameters; use concrete types, or one @Step method per"
          + " type"),
  STEP_ENCLOSING_PRIVATE(
      "ExcaStepEnclosingPrivate",
      "@Step method %s must not be nested in the private class %s; make %s package-private"),
  STEP_VOID(
      "ExcaStepVoid",
      "@Step method %s must return a value, not void; return the result that the cache keeps"),
  STEP_TWO_ITEMS(
      "ExcaStepTwoItems",
      "@Step method %s has a second @Item parameter %s (the first is %s); keep @Item on the one"
          + " parameter that receives the item, the others are configuration"),
  STEP_BAD_NAME(
      "ExcaStepBadName",
      "@Step name \"%s\" is not a valid Java identifier; use letters, digits and _, as it names"
          + " the class <name>Step"),
  VERSION_CLASH(
      "ExcaVersionClash",
      "@Step method %s has a version and a parameter named version, which would both be the uid"
          + " entry version; rename the parameter or remove the version"),
  RESERVED_NAME(
      "ExcaReservedName",
      "parameter %s of @Step method %s has the name of a member of the generated %s or its"
          + " builder; rename the parameter"),
  NAME_CLASH(
      "ExcaNameClash",
      "@Step method %s generates %s, %s; give one of them another @Step(name = ...)"),
  PARAM_WITHOUT_STEP(
      "ExcaParamWithoutStep",
      "@%s on parameter %s has no effect: %s is not a @Step method; add @Step to it or remove"
          + " @%s"),
  DEFAULT_ON_ITEM(
      "ExcaDefaultOnItem",
      "@Default on the @Item parameter %s has no effect: items are inputs, not configuration;"
          + " remove @Default"),
  EXCLUDE_ON_ITEM(
      "ExcaExcludeOnItem",
      "@ExcludeFromUid on the @Item parameter %s has no effect: items are never part of the step"
          + " uid; remove it (use @ItemUid to control item uids)"),
  DEFAULT_INVALID(
      "ExcaDefaultInvalid", "@Default(\"%s\") of parameter %s is not a valid %s; write %s"),
  DEFAULT_UNSUPPORTED(
      "ExcaDefaultUnsupported",
      "@Default is not supported for parameter %s of type %s (only primitives and their boxes,"
          + " String, enums, BigDecimal, BigInteger and Path); remove @Default and set the"
          + " parameter on the builder"),
  CONFIG_TYPE_NOT_UID(
      "ExcaConfigTypeNotUid",
      "parameter %s of @Step method %s has type %s, which cannot enter a uid (%s); use"
          + " primitives, String, enums, BigDecimal, BigInteger, Path, lists, sets, String-keyed"
          + " maps and arrays of those, records of those, or steps"),
  ITEM_TYPE_NO_UID(
      "ExcaItemTypeNoUid",
      "item type %s of @Step method %s has no default uid (%s); add a static @ItemUid method"
          + " String f(%s item) to %s%s"),
  RESULT_NO_CODEC(
      "ExcaResultNoCodec",
      "@Step method %s returns %s, which no codec can store (%s); return primitives, String,"
          + " enums, BigDecimal, BigInteger, Path, arrays, lists, sets or maps of those, records,"
          + " or a concrete class with a public no-arg constructor, or register a Codec for it (a"
          + " class implementing dev.exca.runtime.cache.Codec<T> in this compilation, or"
          + " -Aexca.codecTypes=<fqcn>)"),
  BATCH_WITHOUT_STEP(
      "ExcaBatchWithoutStep", "@Batch method %s is not a @Step method; add @Step or remove @Batch"),
  BATCH_GENERATOR(
      "ExcaBatchGenerator",
      "@Batch method %s has no @Item parameter, so it has no items to batch; remove @Batch, or"
          + " add an @Item Iterator<V> parameter"),
  BATCH_CONTAINER(
      "ExcaBatchContainer",
      "@Item parameter %s of @Batch method %s has type %s; declare it as Iterator<V>,"
          + " Iterable<V>, Stream<V> or List<V>"),
  BATCH_RETURN(
      "ExcaBatchReturn",
      "@Batch method %s returns %s; return Iterator<R>, Stream<R>, Iterable<R> or List<R> (R a"
          + " concrete type) with one result per consumed item"),
  BATCH_RAW_TYPE(
      "ExcaBatchRawType",
      "@Batch method %s uses the raw type %s for its %s; give the element type, as in %s<%s>"),
  ITEM_UID_SIGNATURE(
      "ExcaItemUidSignature",
      "@ItemUid method %s %s; declare it as a static, non-private String %s(V item) without"
          + " type parameters or checked exceptions"),
  ITEM_UID_AMBIGUOUS(
      "ExcaItemUidAmbiguous",
      "@Step method %s has item type %s, which several @ItemUid methods accept (%s); keep one"
          + " @ItemUid method per item type"),
  ITEM_UID_UNUSED(
      Diagnostic.Kind.WARNING,
      "ExcaItemUidUnused",
      "@ItemUid method %s takes %s, which is the item type of no @Step method of %s; fix the"
          + " parameter type or remove @ItemUid (or suppress with"
          + " @SuppressWarnings(\"ExcaItemUidUnused\"))"),
  UNDEFINED(
      "ExcaUndefined",
      "did not generate the step class of @Step method %s because it references undefined types"
          + " (%s); check the imports, or the annotation processor that should generate them"),
  BAD_OPTION(
      "ExcaBadOption",
      "Processor option -A%s names %s, which is not on the classpath; write the fully qualified"
          + " names of classes or interfaces on the compile classpath, separated by commas (nested"
          + " types as Outer.Inner)"),
  INTERNAL(
      "ExcaInternal",
      "the exca annotation processor failed unexpectedly; this is a bug, please report it with"
          + " this stack trace: %s");

  private final Diagnostic.Kind kind;
  private final String id;
  private final String format;

  Messages(String id, String format) {
    this(Diagnostic.Kind.ERROR, id, format);
  }

  Messages(Diagnostic.Kind kind, String id, String format) {
    this.kind = kind;
    this.id = id;
    this.format = format;
  }

  /** The stable id, such as {@code ExcaStepNotStatic}. */
  public String id() {
    return id;
  }

  /** Whether the message is an error or a warning. */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The format string, without the id. */
  public String format() {
    return format;
  }

  /** The full text, {@code [Id] } followed by the formatted message. */
  public String text(Object... args) {
    return "[" + id + "] " + String.format(format, args);
  }
}
