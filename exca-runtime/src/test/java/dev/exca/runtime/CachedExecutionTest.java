package dev.exca.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.TestSteps.Add;
import dev.exca.runtime.TestSteps.Gen;
import dev.exca.runtime.TestSteps.GroupedMult;
import dev.exca.runtime.TestSteps.Mult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedExecutionTest {
  @TempDir Path folder;

  @BeforeEach
  void reset() {
    TestSteps.CALLS.clear();
  }

  private static List<Double> all(Step<Double, Double> step, Double... values) {
    try (StepItems<Double> items = step.runMany(List.of(values))) {
      return items.stream().collect(Collectors.toList());
    }
  }

  @Test
  void secondRunReadsTheCache() {
    Mult mult = new Mult(3, Infra.cached(folder));
    assertEquals(List.of(3.0, 6.0, 3.0), all(mult, 1.0, 2.0, 1.0));
    assertEquals(2, TestSteps.CALLS.size(), "duplicates computed once");
    TestSteps.CALLS.clear();
    Mult fresh = new Mult(3, Infra.cached(folder));
    assertEquals(List.of(6.0, 3.0), all(fresh, 2.0, 1.0));
    assertTrue(TestSteps.CALLS.isEmpty(), "a new instance reads the cache: " + TestSteps.CALLS);
    assertEquals(9.0, fresh.run(3.0));
    assertEquals(1, TestSteps.CALLS.size());
  }

  @Test
  void layoutFollowsExca() throws IOException {
    new Mult(3, Infra.cached(folder)).run(1.0);
    Path stepFolder = folder.resolve("coeff=3,type=Mult-4c6b8f5f");
    assertEquals("- coeff: 3.0\n  type: Mult\n", Files.readString(stepFolder.resolve("uid.yaml")));
    assertTrue(Files.exists(stepFolder.resolve("full-uid.yaml")));
    assertTrue(Files.exists(stepFolder.resolve("config.yaml")));
    try (Stream<Path> files = Files.list(stepFolder.resolve("cache"))) {
      Path index = files.filter(p -> p.toString().endsWith("-info.jsonl")).findFirst().orElseThrow();
      assertEquals("{\"content\":3.0,\"#type\":\"Json\",\"#key\":\"1-8a754ff2\"}\n", Files.readString(index));
    }
  }

  @Test
  void runAndRunManyShareEntries() {
    Infra infra = Infra.cached(folder);
    new Mult(3, infra).run(4.0);
    TestSteps.CALLS.clear();
    assertEquals(List.of(12.0), all(new Mult(3, infra), 4.0));
    assertTrue(TestSteps.CALLS.isEmpty());
    assertEquals(Status.SUCCESS, new Mult(3, infra).lookup(4.0).status());
    assertEquals(12.0, new Mult(3, infra).lookup(4.0).result());
  }

  @Test
  void errorsAreCachedUntilRetried() {
    Infra infra = Infra.cached(folder);
    Add add = new Add(1, 3, infra);
    StepFailedException first =
        assertThrows(StepFailedException.class, () -> all(add, 1.0, 2.0, 3.0, 4.0, 5.0));
    assertFalse(first.fromCache());
    assertTrue(first.getCause() instanceof IllegalArgumentException);
    assertEquals(List.of(add.itemUid(3.0)), first.itemUids());
    assertEquals(3, TestSteps.CALLS.size(), "fail fast: 4 and 5 never computed");
    assertEquals(Status.SUCCESS, add.lookup(1.0).status());
    assertEquals(Status.SUCCESS, add.lookup(2.0).status());
    assertEquals(Status.ERROR, add.lookup(3.0).status());
    assertEquals(Status.MISSING, add.lookup(4.0).status());

    TestSteps.CALLS.clear();
    StepFailedException again = assertThrows(StepFailedException.class, () -> add.run(3.0));
    assertTrue(again.fromCache());
    assertEquals(IllegalArgumentException.class.getName(), again.errorType());
    assertTrue(again.getMessage().contains("Mode.RETRY"), again.getMessage());
    assertTrue(again.getMessage().contains("refusing 3.0"), again.getMessage());
    assertTrue(TestSteps.CALLS.isEmpty());
    StepFailedException viaLookup = assertThrows(StepFailedException.class, () -> add.lookup(3.0).result());
    assertTrue(viaLookup.fromCache());

    // RETRY recomputes the error only (a fixed step: same uid, failOn is excluded)
    Add fixed = new Add(1, 99, infra.toBuilder().mode(Mode.RETRY).build());
    assertEquals(List.of(2.0, 4.0), all(fixed, 1.0, 3.0));
    assertEquals(List.of("Add(1.0)(3.0)"), TestSteps.CALLS);
    assertEquals(Status.SUCCESS, add.lookup(3.0).status());
  }

  @Test
  void clearCacheRemovesAnError() {
    Infra infra = Infra.cached(folder);
    Add add = new Add(1, 3, infra);
    assertThrows(StepFailedException.class, () -> add.run(3.0));
    add.lookup(3.0).clearCache();
    assertEquals(Status.MISSING, add.lookup(3.0).status());
    assertThrows(StepFailedException.class, () -> add.run(3.0));
    assertEquals(2, TestSteps.CALLS.size(), "recomputed after the clear");
  }

  @Test
  void forceRecomputesOncePerInfraInstance() {
    new Mult(3, Infra.cached(folder)).run(1.0);
    TestSteps.CALLS.clear();
    Infra force = Infra.builder().folder(folder).mode(Mode.FORCE).build();
    Mult forced = new Mult(3, force);
    forced.run(1.0);
    forced.run(1.0);
    assertEquals(1, TestSteps.CALLS.size(), "force is one-shot per Infra instance");
    new Mult(3, Infra.builder().folder(folder).mode(Mode.FORCE).build()).run(1.0);
    assertEquals(2, TestSteps.CALLS.size(), "a new equal Infra forces again");
  }

  @Test
  void readOnlyNeverComputes() {
    Infra ro = Infra.builder().folder(folder).mode(Mode.READ_ONLY).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Mult(3, ro).run(1.0));
    assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    assertTrue(e.getMessage().contains("1-8a754ff2"), e.getMessage());
    assertTrue(TestSteps.CALLS.isEmpty());
    new Mult(3, Infra.cached(folder)).run(1.0);
    assertEquals(3.0, new Mult(3, ro).run(1.0));
  }

  @Test
  void generatorsAreCachedUnderTheNoInputUid() {
    Gen gen = new Gen(3, Infra.cached(folder));
    assertEquals(List.of(0, 1, 2), gen.run());
    assertEquals(List.of(0, 1, 2), new Gen(3, Infra.cached(folder)).run());
    assertEquals(1, TestSteps.CALLS.size());
    assertEquals("__exca_no_input__", gen.lookup().uid());
    assertEquals(Status.SUCCESS, gen.lookup().status());
  }

  @Test
  void protocolErrorKeepsNothing() {
    GroupedMult over = new GroupedMult(2, 1, "over", Infra.cached(folder));
    BatchProtocolError e = assertThrows(BatchProtocolError.class, () -> all(over, 1.0, 2.0));
    assertTrue(e.getMessage().contains("yielded more than 2 results"), e.getMessage());
    assertEquals(Status.MISSING, over.lookup(1.0).status());
    assertEquals(Status.MISSING, over.lookup(2.0).status());
  }

  @Test
  void midBatchFailureKeepsEarlierResults() {
    GroupedMult step = new GroupedMult(2, 2, "fail3", Infra.cached(folder));
    StepFailedException e = assertThrows(StepFailedException.class, () -> all(step, 1.0, 2.0, 3.0, 4.0));
    assertEquals(List.of(step.itemUid(3.0)), e.itemUids());
    assertEquals(Status.SUCCESS, step.lookup(1.0).status());
    assertEquals(Status.SUCCESS, step.lookup(2.0).status());
    assertEquals(Status.ERROR, step.lookup(3.0).status());
    assertEquals(Status.MISSING, step.lookup(4.0).status());
  }

  @Test
  void batchSeesOnlyPendingItems() {
    Infra infra = Infra.cached(folder);
    new GroupedMult(2, 10, "ok", infra).run(2.0);
    TestSteps.CALLS.clear();
    GroupedMult step = new GroupedMult(2, 10, "ok", infra);
    assertEquals(List.of(2.0, 4.0, 6.0), all(step, 1.0, 2.0, 3.0));
    assertEquals(List.of("[1.0, 3.0]"), TestSteps.CALLS);
  }

  @Test
  void missingFolderIsNamed() {
    Infra noFolder = Infra.builder().build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Mult(3, noFolder).run(1.0));
    assertTrue(e.getMessage().contains("folder"), e.getMessage());
  }

  @Test
  void downstreamHitDoesNotRunUpstream() {
    Infra infra = Infra.cached(folder);
    Chain<Double, Double> chain = Chain.of(new Add(1, null), new Mult(10, infra));
    assertEquals(20.0, chain.run(1.0));
    assertEquals(20.0, chain.run(1.0));
    assertEquals(List.of("Add(1.0)(1.0)", "Mult(10.0)(2.0)"), TestSteps.CALLS);
    assertTrue(Files.isDirectory(folder.resolve("value=1,type=Add-c1a6f4c8/coeff=10,type=Mult-98baeffc/cache")));
  }

  @Test
  void modesFold() {
    assertEquals(Mode.CACHED, Modes.fold());
    assertEquals(Mode.RETRY, Modes.fold(Mode.CACHED, Mode.RETRY));
    assertEquals(Mode.FORCE, Modes.fold(Mode.RETRY, Mode.FORCE));
    assertEquals(Mode.FORCE, Modes.fold(Mode.FORCE, Mode.RETRY));
    assertEquals(Mode.CACHED, Modes.fold(Mode.READ_ONLY, Mode.CACHED));
    assertEquals(Mode.READ_ONLY, Modes.fold(Mode.RETRY, Mode.READ_ONLY));
    assertEquals(Mode.CACHED, Modes.fold(Mode.RETRY, Mode.READ_ONLY, Mode.CACHED));
    assertThrows(IllegalArgumentException.class, () -> Modes.fold(Mode.FORCE, Mode.READ_ONLY));
    assertThrows(IllegalArgumentException.class, () -> Modes.fold(Mode.READ_ONLY, Mode.FORCE, Mode.READ_ONLY));
  }
}
