package dev.exca.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.TestSteps.Add;
import dev.exca.runtime.TestSteps.Const;
import dev.exca.runtime.TestSteps.Mult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChainTest {
  @TempDir Path folder;

  @BeforeEach
  void reset() {
    TestSteps.CALLS.clear();
  }

  private List<String> cacheFolders() throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(p -> p.getFileName().toString().equals("cache") && Files.isDirectory(p))
          .map(p -> folder.relativize(p.getParent()).toString())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void nestedChainsFlattenForIdentity() {
    Chain<Double, Double> chain = Chain.of(new Add(12, null), Chain.of(new Mult(3, null), new Add(12, null)));
    assertEquals(
        "type=Add,value=12-725c0018/coeff=3,type=Mult-4c6b8f5f/type=Add,value=12-725c0018", chain.uid());
    assertEquals(2, chain.steps().size());
    assertEquals((5 + 12) * 3 + 12.0, chain.run(5.0));
  }

  @Test
  void chainAndLastStepShareOneCell() throws IOException {
    Infra infra = Infra.cached(folder);
    Chain<Double, Double> chain = Chain.of(new Add(1, null), new Mult(10, infra)).withInfra(infra);
    assertEquals(20.0, chain.run(1.0));
    assertEquals(List.of("value=1,type=Add-c1a6f4c8/coeff=10,type=Mult-98baeffc"), cacheFolders());
    assertEquals(Status.SUCCESS, chain.lookup(1.0).status());
    assertEquals(20.0, chain.lookup(1.0).result());
    assertEquals(Status.SUCCESS, Chain.of(new Add(1, null), new Mult(10, infra)).lookup(1.0).status());
  }

  @Test
  void chainInfraIsOneComputeUnitAndSkipsChildrenWhenComplete() {
    Infra infra = Infra.cached(folder);
    Chain<Double, Double> chain = Chain.of(new Add(1, infra), new Mult(10, null)).withInfra(infra);
    assertEquals(List.of(20.0, 30.0), chain.runMany(List.of(1.0, 2.0)).stream().collect(Collectors.toList()));
    assertEquals(4, TestSteps.CALLS.size());
    TestSteps.CALLS.clear();
    assertEquals(List.of(30.0, 20.0), chain.runMany(List.of(2.0, 1.0)).stream().collect(Collectors.toList()));
    assertTrue(TestSteps.CALLS.isEmpty(), "no child walked: " + TestSteps.CALLS);
  }

  @Test
  void stepInfraWithoutFolderTakesTheChainFolder() throws IOException {
    Infra noFolder = Infra.builder().build();
    Chain<Double, Double> chain =
        Chain.of(new Add(1, noFolder), new Mult(10, null)).withInfra(Infra.cached(folder));
    assertEquals(20.0, chain.run(1.0));
    assertEquals(
        List.of("value=1,type=Add-c1a6f4c8", "value=1,type=Add-c1a6f4c8/coeff=10,type=Mult-98baeffc"),
        cacheFolders());
  }

  @Test
  void chainsWithACommonPrefixShareItsEntries() {
    Infra infra = Infra.cached(folder);
    Chain<Void, Double> ten = Chain.of(new Const(2, infra), new Mult(10, null));
    Chain<Void, Double> hundred = Chain.of(new Const(2, infra), new Mult(100, null));
    assertEquals(20.0, ten.run());
    assertEquals(200.0, hundred.run());
    assertEquals(List.of("Const(2.0)", "Mult(10.0)(2.0)", "Mult(100.0)(2.0)"), TestSteps.CALLS);
    assertThrows(IllegalStateException.class, () -> ten.run(null), "a chain starting with a generator is a generator");
  }

  @Test
  void itemUidIsComputedOnceFromTheFirstStep() throws IOException {
    Infra infra = Infra.cached(folder);
    Chain<Double, Double> chain = Chain.of(new Add(1, infra), new Mult(10, infra));
    chain.run(5.0);
    Path multCache = folder.resolve("value=1,type=Add-c1a6f4c8/coeff=10,type=Mult-98baeffc/cache");
    String index;
    try (Stream<Path> files = Files.list(multCache)) {
      index = Files.readString(files.filter(p -> p.toString().endsWith("-info.jsonl")).findFirst().orElseThrow());
    }
    assertTrue(index.contains("\"#key\":\"5-227dcc9a\""), "the Mult entry keeps the input's uid, not 6's: " + index);
  }

  @Test
  void lookupClearsRecursively() {
    Infra infra = Infra.cached(folder);
    Chain<Double, Double> chain = Chain.of(new Add(1, infra), new Mult(10, infra));
    chain.run(1.0);
    CacheEntry<Double> entry = chain.lookup(1.0);
    assertEquals(Status.SUCCESS, entry.status());
    assertEquals(Status.SUCCESS, new Add(1, infra).lookup(1.0).status());
    entry.clearCache();
    assertEquals(Status.MISSING, chain.lookup(1.0).status());
    assertEquals(Status.MISSING, new Add(1, infra).lookup(1.0).status());
    TestSteps.CALLS.clear();
    chain.run(1.0);
    assertEquals(2, TestSteps.CALLS.size());
  }

  @Test
  void forceOnAChildPropagatesDownstream() {
    Infra infra = Infra.cached(folder);
    Chain.of(new Add(1, infra), new Mult(10, infra)).run(1.0);
    TestSteps.CALLS.clear();
    Infra force = Infra.builder().folder(folder).mode(Mode.FORCE).build();
    Chain.of(new Add(1, force), new Mult(10, infra)).run(1.0);
    assertEquals(List.of("Add(1.0)(1.0)", "Mult(10.0)(2.0)"), TestSteps.CALLS);
  }

  @Test
  void readOnlyStaysLocal() {
    Infra infra = Infra.cached(folder);
    new Add(1, infra).run(1.0);
    TestSteps.CALLS.clear();
    Infra ro = Infra.builder().folder(folder).mode(Mode.READ_ONLY).build();
    assertEquals(20.0, Chain.of(new Add(1, ro), new Mult(10, infra)).run(1.0));
    assertEquals(List.of("Mult(10.0)(2.0)"), TestSteps.CALLS, "the downstream step still computes");
    assertThrows(IllegalStateException.class, () -> Chain.of(new Add(1, ro), new Mult(10, infra)).run(2.0));
  }

  @Test
  void conflictingModesFailBeforeAnyWork() {
    Infra force = Infra.builder().folder(folder).mode(Mode.FORCE).build();
    Infra ro = Infra.builder().folder(folder).mode(Mode.READ_ONLY).build();
    Chain<Double, Double> chain = Chain.of(new Add(1, force), new Mult(10, null)).withInfra(ro);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chain.run(1.0));
    assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    assertTrue(TestSteps.CALLS.isEmpty());
  }

  static Stream<Arguments> foldCases() {
    // exca's 23 pinned cases (spec §6.2); null means ValueError
    String table =
        "|cached;cached|cached;read-only|read-only;cached,cached|cached;cached,retry|retry;"
            + "cached,force|force;retry,cached|retry;retry,force|force;force,cached|force;"
            + "force,retry|force;cached,retry,force|force;read-only,cached|cached;read-only,retry|retry;"
            + "read-only,force|force;cached,read-only|read-only;retry,read-only|read-only;"
            + "read-only,read-only|read-only;cached,read-only,force|force;"
            + "read-only,cached,read-only|read-only;retry,read-only,cached|cached;force,read-only|;"
            + "cached,force,read-only|;read-only,force,read-only|";
    List<Arguments> cases = new ArrayList<>();
    for (String c : table.split(";")) {
      String[] parts = c.split("\\|", -1);
      List<Mode> modes = new ArrayList<>();
      if (!parts[0].isEmpty()) {
        for (String m : parts[0].split(",")) {
          modes.add(Mode.parse(m));
        }
      }
      cases.add(Arguments.of(parts[0], modes, parts[1].isEmpty() ? null : Mode.parse(parts[1])));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "({0})")
  @MethodSource("foldCases")
  void foldTable(String label, List<Mode> modes, Mode expected) {
    Mode[] array = modes.toArray(new Mode[0]);
    if (expected == null) {
      assertThrows(IllegalArgumentException.class, () -> Modes.fold(array));
    } else {
      assertEquals(expected, Modes.fold(array));
    }
  }

  @Test
  void foldTableHas23Cases() {
    assertEquals(23, foldCases().count());
  }
}
