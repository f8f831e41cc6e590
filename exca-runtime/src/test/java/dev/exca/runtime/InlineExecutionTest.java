package dev.exca.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.exca.runtime.TestSteps.Add;
import dev.exca.runtime.TestSteps.Describe;
import dev.exca.runtime.TestSteps.Gen;
import dev.exca.runtime.TestSteps.GroupedMult;
import dev.exca.runtime.TestSteps.Mult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InlineExecutionTest {

  @BeforeEach
  void reset() {
    TestSteps.CALLS.clear();
  }

  @Test
  void runAndRunManyComputeInInputOrder() {
    Mult mult = new Mult(3, null);
    assertEquals(15.0, mult.run(5.0));
    List<Double> out = mult.runMany(List.of(3.0, 1.0, 2.0)).stream().collect(Collectors.toList());
    assertEquals(List.of(9.0, 3.0, 6.0), out);
  }

  @Test
  void uidsAreExcaCompatible() {
    Mult mult = new Mult(3, null);
    assertEquals("coeff=3,type=Mult-4c6b8f5f", mult.uid());
    assertEquals("type=Mult-b9b7a7a5", new Mult(2, null).uid(), "a default value stays out of the uid");
    assertEquals("5-227dcc9a", mult.itemUid(5.0));
    assertEquals("type=Add-c4eb5f00", new Add(2, 7, null).uid(), "an excluded parameter stays out");
    try (StepItems<Double> items = mult.runMany(List.of(5.0, 1.0))) {
      assertEquals(List.of("5-227dcc9a", "1-8a754ff2"), items.uids());
    }
  }

  @Test
  void runManyIsLazyAndReiterable() {
    Mult mult = new Mult(2, null);
    StepItems<Double> items = mult.runMany(List.of(1.0, 2.0));
    assertTrue(TestSteps.CALLS.isEmpty(), "nothing runs before iteration");
    assertEquals(2, items.size());
    Iterator<Double> it = items.iterator();
    assertEquals(2.0, it.next());
    assertEquals(1, TestSteps.CALLS.size(), "one item computed per result pulled");
    assertEquals(List.of(2.0, 4.0), items.stream().collect(Collectors.toList()));
  }

  @Test
  void duplicatesAreComputedOnce() {
    Mult mult = new Mult(2, null);
    List<Double> out = mult.runMany(List.of(1.0, 2.0, 1.0, 1.0)).stream().collect(Collectors.toList());
    assertEquals(List.of(2.0, 4.0, 2.0, 2.0), out);
    assertEquals(2, TestSteps.CALLS.size(), TestSteps.CALLS.toString());
  }

  @Test
  void nullIsAValidItemExceptForPrimitives() {
    Describe describe = new Describe(null, null);
    assertEquals("null", describe.run(null));
    assertEquals("None-adaaae33", describe.itemUid(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Mult(2, null).run(null));
    assertTrue(e.getMessage().contains("primitive"), e.getMessage());
    assertTrue(e.getMessage().contains("Mult"), e.getMessage());
  }

  @Test
  void customItemUidIsUsedAndShortened() {
    Describe describe = new Describe(o -> "custom-" + o, null);
    assertEquals("custom-x", describe.itemUid("x"));
    String longUid = describe.itemUid("y".repeat(600));
    assertTrue(longUid.length() <= 256 && longUid.length() >= 254, longUid);
  }

  @Test
  void unmappableItemNamesItsClassAndItemUid() {
    Describe describe = new Describe(null, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> describe.run(new Object()));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertTrue(e.getMessage().contains("@ItemUid"), e.getMessage());
  }

  @Test
  void generatorsRunWithoutItem() {
    Gen gen = new Gen(4, null);
    assertEquals(List.of(0, 1, 2, 3), gen.run());
    assertThrows(IllegalStateException.class, () -> gen.runMany(List.of()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Mult(2, null).run());
    assertTrue(e.getMessage().contains("needs an item"), e.getMessage());
  }

  @Test
  void userFailureSurfacesAsStepFailedWithCause() {
    Add add = new Add(1, 3, null);
    StepFailedException e =
        assertThrows(
            StepFailedException.class,
            () -> add.runMany(List.of(1.0, 2.0, 3.0, 4.0)).forEach(x -> {}));
    assertEquals(List.of(add.itemUid(3.0)), e.itemUids());
    assertEquals(IllegalArgumentException.class.getName(), e.errorType());
    assertTrue(e.getCause() instanceof IllegalArgumentException);
    assertEquals(add.uid(), e.stepUid());
    assertTrue(!e.fromCache());
    assertEquals(3, TestSteps.CALLS.size(), "fail fast: item 4 is never computed");
  }

  @Test
  void chainedBatchesPullLazily() {
    // exca's test_chained_group_sizes_call_order
    Chain<Double, Double> chain =
        Chain.of(new GroupedMult(10, 2), new GroupedMult(10, 3)).then(new GroupedMult(10, 1));
    List<Double> out =
        chain.runMany(List.of(1.0, 2.0, 3.0, 4.0, 5.0)).stream().collect(Collectors.toList());
    assertEquals(List.of(1000.0, 2000.0, 3000.0, 4000.0, 5000.0), out);
    assertEquals(
        Arrays.asList(
            "[1.0, 2.0]", "[3.0, 4.0]", "[10.0, 20.0, 30.0]", "[100.0]", "[200.0]", "[300.0]",
            "[5.0]", "[40.0, 50.0]", "[400.0]", "[500.0]"),
        TestSteps.CALLS);
  }

  @Test
  void batchYieldingBeforeConsumingIsAProtocolError() {
    GroupedMult step = new GroupedMult(2, 1, "early", null);
    BatchProtocolError e =
        assertThrows(BatchProtocolError.class, () -> step.runMany(List.of(1.0, 2.0)).forEach(x -> {}));
    assertTrue(e.getMessage().contains("yielded before consuming an input"), e.getMessage());
  }

  @Test
  void batchYieldingTooFewIsAProtocolError() {
    GroupedMult step = new GroupedMult(2, 1, "under", null);
    List<Double> seen = new ArrayList<>();
    BatchProtocolError e =
        assertThrows(BatchProtocolError.class, () -> step.runMany(List.of(1.0, 2.0, 3.0)).forEach(seen::add));
    assertTrue(e.getMessage().contains("yielded 2 results for 3 inputs"), e.getMessage());
    assertEquals(List.of(step.itemUid(3.0)), e.inflightUids());
  }

  @Test
  void batchYieldingTooManyIsAProtocolError() {
    GroupedMult step = new GroupedMult(2, 1, "over", null);
    BatchProtocolError e =
        assertThrows(BatchProtocolError.class, () -> step.runMany(List.of(1.0, 2.0)).forEach(x -> {}));
    assertTrue(e.getMessage().contains("yielded more than 2 results"), e.getMessage());
  }

  @Test
  void midBatchFailureNamesInflightUids() {
    GroupedMult step = new GroupedMult(2, 2, "fail3", null);
    List<Double> seen = new ArrayList<>();
    StepFailedException e =
        assertThrows(
            StepFailedException.class, () -> step.runMany(List.of(1.0, 2.0, 3.0, 4.0)).forEach(seen::add));
    assertEquals(List.of(2.0, 4.0), seen, "results before the failure are delivered");
    assertEquals(List.of(step.itemUid(3.0)), e.itemUids());
    assertEquals(IllegalStateException.class.getName(), e.errorType());
  }

  @Test
  void chainItemUidComesFromFirstStep() {
    Chain<Double, Double> chain = Chain.of(new Add(1, null), new Mult(3, null));
    assertEquals("value=1,type=Add-c1a6f4c8/coeff=3,type=Mult-4c6b8f5f", chain.uid());
    assertEquals("5-227dcc9a", chain.itemUid(5.0));
    assertEquals(18.0, chain.run(5.0));
    assertNull(chain.infra());
    assertEquals(Status.MISSING, chain.lookup(5.0).status());
  }
}
