package dev.exca.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.exca.processor.Compilations.compile;
import static dev.exca.processor.Compilations.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.exca.processor.validation.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message catalogue: every constant is printed by some source (listed here, one per id), ids
 * are unique and well-formed, and texts read "subject + rule; fix".
 */
class MessagesTest {
  private static final String STEP =
      "  @Step static double mult(@Item double value) { return value; }";

  /** One member list of {@code test.Ops} per message that triggers it. */
  private static final Map<Messages, List<String>> TRIGGERS =
      Map.ofEntries(
          Map.entry(
              Messages.STEP_NOT_STATIC,
              List.of("  @Step double mult(@Item double v) { return v; }")),
          Map.entry(
              Messages.STEP_PRIVATE,
              List.of("  @Step private static double mult(@Item double v) { return v; }")),
          Map.entry(
              Messages.STEP_GENERIC,
              List.of("  @Step static <T> double mult(@Item double v) { return v; }")),
          Map.entry(
              Messages.STEP_ENCLOSING_PRIVATE,
              List.of("  private static class In {", "  " + STEP, "  }")),
          Map.entry(Messages.STEP_VOID, List.of("  @Step static void mult(@Item double v) {}")),
          Map.entry(
              Messages.STEP_TWO_ITEMS,
              List.of("  @Step static double mult(@Item double a, @Item double b) { return a; }")),
          Map.entry(
              Messages.STEP_BAD_NAME,
              List.of("  @Step(name = \"a-b\") static double mult(@Item double v) { return v; }")),
          Map.entry(
              Messages.VERSION_CLASH,
              List.of(
                  "  @Step(version = \"1\") static double mult(int version, @Item double v) {"
                      + " return v; }")),
          Map.entry(
              Messages.RESERVED_NAME,
              List.of("  @Step static double mult(int uid, @Item double v) { return v; }")),
          Map.entry(
              Messages.NAME_CLASH,
              List.of(STEP, "  @Step(name = \"Mult\") static double m2() { return 0; }")),
          Map.entry(
              Messages.PARAM_WITHOUT_STEP,
              List.of("  static double mult(@Item double v) { return v; }")),
          Map.entry(
              Messages.DEFAULT_ON_ITEM,
              List.of("  @Step static double mult(@Item @Default(\"1\") double v) { return v; }")),
          Map.entry(
              Messages.EXCLUDE_ON_ITEM,
              List.of("  @Step static double mult(@Item @ExcludeFromUid double v) { return v; }")),
          Map.entry(
              Messages.DEFAULT_INVALID,
              List.of(
                  "  @Step static double mult(@Default(\"x\") int n, @Item double v) { return v;"
                      + " }")),
          Map.entry(
              Messages.DEFAULT_UNSUPPORTED,
              List.of(
                  "  @Step static double mult(@Default(\"x\") List<String> n, @Item double v) {"
                      + " return v; }")),
          Map.entry(
              Messages.CONFIG_TYPE_NOT_UID,
              List.of("  @Step static double mult(Object o, @Item double v) { return v; }")),
          Map.entry(
              Messages.ITEM_TYPE_NO_UID,
              List.of("  @Step static double mult(@Item Runnable v) { return 0; }")),
          Map.entry(
              Messages.RESULT_NO_CODEC,
              List.of("  @Step static Runnable mult(@Item double v) { return null; }")),
          Map.entry(
              Messages.BATCH_WITHOUT_STEP,
              List.of("  @Batch static List<Double> mult(List<Double> v) { return v; }")),
          Map.entry(
              Messages.BATCH_GENERATOR,
              List.of("  @Step @Batch static List<Double> mult() { return null; }")),
          Map.entry(
              Messages.BATCH_CONTAINER,
              List.of(
                  "  @Step @Batch static List<Double> mult(@Item Set<Double> v) { return null; }")),
          Map.entry(
              Messages.BATCH_RETURN,
              List.of(
                  "  @Step @Batch static Set<Double> mult(@Item List<Double> v) { return null; }")),
          Map.entry(
              Messages.BATCH_RAW_TYPE,
              List.of(
                  "  @SuppressWarnings(\"rawtypes\")",
                  "  @Step @Batch static List<Double> mult(@Item List v) { return null; }")),
          Map.entry(
              Messages.ITEM_UID_SIGNATURE,
              List.of("  @ItemUid static int uid(double v) { return 0; }", STEP)),
          Map.entry(
              Messages.ITEM_UID_AMBIGUOUS,
              List.of(
                  "  @ItemUid static String a(double v) { return \"\"; }",
                  "  @ItemUid static String b(Double v) { return \"\"; }",
                  STEP)),
          Map.entry(
              Messages.ITEM_UID_UNUSED,
              List.of("  @ItemUid static String a(String v) { return v; }", STEP)),
          Map.entry(
              Messages.UNDEFINED,
              List.of("  @Step static double mult(Missing m, @Item double v) { return v; }")));

  static Stream<Arguments> triggers() {
    return TRIGGERS.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest
  @MethodSource("triggers")
  void eachMessageHasASourceThatPrintsIt(Messages message, List<String> members) {
    Compilation compilation = compile(ops(members.toArray(String[]::new)));
    if (message.kind() == Diagnostic.Kind.ERROR) {
      assertThat(compilation).hadErrorContaining("[" + message.id() + "] ");
    } else {
      assertThat(compilation).hadWarningContaining("[" + message.id() + "] ");
    }
  }

  @Test
  void everyMessageIsTriggeredSomewhere() {
    Set<Messages> missing = EnumSet.allOf(Messages.class);
    missing.removeAll(TRIGGERS.keySet());
    // ExcaInternal needs a failing processor:
    // ExcaProcessorTest.turnsAnExceptionIntoOneInternalError
    // ExcaBadOption needs a processor option: CodecErrorsTest.unknownCodecType
    assertEquals(EnumSet.of(Messages.INTERNAL, Messages.BAD_OPTION), missing);
  }

  @Test
  void idsAreUniqueAndTagged() {
    Set<String> ids = new HashSet<>();
    for (Messages m : Messages.values()) {
      assertTrue(m.id().matches("Exca[A-Z][A-Za-z]+"), m.id());
      assertTrue(ids.add(m.id()), "duplicate id " + m.id());
    }
  }

  /**
   * {@code exca-processor/ERRORS.md} lists every message as the catalogue has it; run with {@code
   * -Dexca.updateGoldens=true} to rewrite it after changing {@link Messages}.
   */
  @Test
  void errorReferenceIsUpToDate() throws IOException {
    StringBuilder doc =
        new StringBuilder()
            .append("# exca processor diagnostics\n\n")
            .append("Generated from `dev.exca.processor.validation.Messages` by `MessagesTest`;")
            .append(" do not edit. Each\nmessage starts with its id in brackets; `…` stands for")
            .append(" the names and types of the\noffending code.\n\n")
            .append("| id | kind | message |\n|---|---|---|\n");
    for (Messages m : Messages.values()) {
      doc.append("| `")
          .append(m.id())
          .append("` | ")
          .append(m.kind().toString().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(m.format().replace("%s%s", "%s").replace("%s", "…").replace("|", "\\|"))
          .append(" |\n");
    }
    Path file = Paths.get("ERRORS.md");
    if (Boolean.getBoolean("exca.updateGoldens")) {
      Files.writeString(file, doc, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(file), "missing " + file.toAbsolutePath() + ", content:\n" + doc);
    assertEquals(doc.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(Messages.class)
  void textsStateARuleAndAFix(Messages message) {
    assertTrue(message.format().contains("; "), message + " has no fix after '; '");
    assertTrue(message.text((Object[]) new String[10]).startsWith("[" + message.id() + "] "));
  }
}
