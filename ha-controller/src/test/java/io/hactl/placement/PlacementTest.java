package io.hactl.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.config.FailoverDomain;
import io.hactl.config.FailoverDomain.Member;
import io.hactl.placement.ClusterView.Owner;
import io.hactl.placement.ClusterView.Relocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PlacementTest {
  private static final List<String> CLUSTER = List.of("n1", "n2", "n3", "n4");

  private static FailoverDomain domain(boolean ordered, boolean restricted, boolean nofailback) {
    return new FailoverDomain(
        "d",
        List.of(new Member("n1", 1), new Member("n2", 2), new Member("n3", 3)),
        ordered,
        restricted,
        nofailback);
  }

  private static ClusterView view(Map<String, Long> live, Owner owner) {
    return new ClusterView(live, Optional.ofNullable(owner), true, Optional.empty(), Set.of());
  }

  private static Optional<String> place(FailoverDomain d, ClusterView v) {
    return new Placement(d, CLUSTER).desiredOwner(v);
  }

  @Test
  void orderedDomainPicksTheHighestPriorityLiveNode() {
    var d = domain(true, true, false);
    assertEquals(Optional.of("n1"), place(d, view(Map.of("n1", 5L, "n2", 6L, "n3", 7L), null)));
    assertEquals(Optional.of("n2"), place(d, view(Map.of("n2", 6L, "n3", 7L), null)));
  }

  @Test
  void priorityNotListOrderDecides() {
    var d =
        new FailoverDomain(
            "d",
            List.of(new Member("n1", 3), new Member("n2", 1), new Member("n3", 2)),
            true,
            true,
            false);
    assertEquals(Optional.of("n2"), place(d, view(Map.of("n1", 1L, "n2", 1L, "n3", 1L), null)));
  }

  @Test
  void restrictedDomainNeverRunsOutsideItsMembers() {
    var d = domain(true, true, false);
    assertEquals(Optional.empty(), place(d, view(Map.of("n4", 1L), null)));
  }

  @Test
  void unrestrictedDomainFallsBackToAnyLiveNode() {
    var d = domain(true, false, false);
    assertEquals(Optional.of("n4"), place(d, view(Map.of("n4", 1L), null)));
    assertEquals(Optional.of("n3"), place(d, view(Map.of("n4", 1L, "n3", 2L), null)));
  }

  @Test
  void ownerKeepsTheServiceWhileEligible() {
    var d = domain(true, true, false);
    // n2 owns since epoch 100; n1 was already up before (czxid 50): no failback.
    assertEquals(
        Optional.of("n2"), place(d, view(Map.of("n1", 50L, "n2", 60L), new Owner("n2", 100))));
  }

  @Test
  void failbackWhenABetterNodeJoinsAfterTheOwnerTookOver() {
    var d = domain(true, true, false);
    assertEquals(
        Optional.of("n1"), place(d, view(Map.of("n1", 150L, "n2", 60L), new Owner("n2", 100))));
  }

  @Test
  void nofailbackKeepsTheServiceWhereItIs() {
    var d = domain(true, true, true);
    assertEquals(
        Optional.of("n2"), place(d, view(Map.of("n1", 150L, "n2", 60L), new Owner("n2", 100))));
  }

  @Test
  void unorderedDomainNeverFailsBack() {
    var d = domain(false, true, false);
    assertEquals(
        Optional.of("n3"), place(d, view(Map.of("n1", 150L, "n3", 60L), new Owner("n3", 100))));
  }

  @Test
  void bannedNodesAreSkipped() {
    var d = domain(true, true, false);
    var v =
        new ClusterView(
            Map.of("n1", 1L, "n2", 1L), Optional.empty(), true, Optional.empty(), Set.of("n1"));
    assertEquals(Optional.of("n2"), place(d, v));
  }

  @Test
  void aBannedOwnerLosesTheService() {
    var d = domain(true, true, false);
    var v =
        new ClusterView(
            Map.of("n1", 1L, "n2", 1L),
            Optional.of(new Owner("n1", 10)),
            true,
            Optional.empty(),
            Set.of("n1"));
    assertEquals(Optional.of("n2"), place(d, v));
  }

  @Test
  void disabledRunsNowhere() {
    var d = domain(true, true, false);
    var v = new ClusterView(Map.of("n1", 1L), Optional.empty(), false, Optional.empty(), Set.of());
    assertEquals(Optional.empty(), place(d, v));
  }

  @Test
  void relocationMovesOffTheOwnerToTheTarget() {
    var d = domain(true, true, false);
    var reloc = Optional.of(new Relocation("r1", "n1", Optional.of("n3")));
    var live = Map.of("n1", 1L, "n2", 1L, "n3", 1L);
    var owned = new ClusterView(live, Optional.of(new Owner("n1", 10)), true, reloc, Set.of());
    assertEquals(Optional.of("n3"), place(d, owned));
    var released = new ClusterView(live, Optional.empty(), true, reloc, Set.of());
    assertEquals(Optional.of("n3"), place(d, released), "after release the target takes it");
  }

  @Test
  void relocationWithoutTargetTakesTheNextEligible() {
    var d = domain(true, true, false);
    var reloc = Optional.of(new Relocation("r1", "n1", Optional.empty()));
    var live = Map.of("n1", 1L, "n2", 1L, "n3", 1L);
    var released = new ClusterView(live, Optional.empty(), true, reloc, Set.of());
    assertEquals(Optional.of("n2"), place(d, released));
  }

  @Test
  void relocationWithNowhereToGoStays() {
    var d = domain(true, true, false);
    var reloc = Optional.of(new Relocation("r1", "n1", Optional.empty()));
    var v =
        new ClusterView(Map.of("n1", 1L), Optional.of(new Owner("n1", 10)), true, reloc, Set.of());
    assertEquals(Optional.of("n1"), place(d, v));
  }

  @Test
  void aFrozenServiceStaysWithItsOwnerOrRunsNowhere() {
    var d = domain(true, true, false);
    Map<String, Long> live = Map.of("n1", 1L, "n2", 1L, "n3", 1L);
    var reloc = Optional.of(new Relocation("r1", "n2", Optional.of("n3")));
    var owned =
        new ClusterView(
            live,
            Optional.of(new Owner("n2", 10)),
            false,
            reloc,
            Set.of("n2"),
            true,
            Set.of("n2"),
            Optional.empty());
    assertEquals(Optional.of("n2"), place(d, owned), "no failover, no relocation while frozen");
    var stopped =
        new ClusterView(
            live, Optional.empty(), true, reloc, Set.of(), true, Set.of(), Optional.empty());
    assertEquals(Optional.empty(), place(d, stopped), "a frozen stopped service is not started");
  }

  @Test
  void aStandbyNodeIsNeverChosenAndItsServicesMoveAway() {
    var d = domain(true, false, true);
    Map<String, Long> live = Map.of("n1", 1L, "n2", 1L, "n4", 1L);
    var v =
        new ClusterView(
            live,
            Optional.of(new Owner("n1", 10)),
            true,
            Optional.empty(),
            Set.of(),
            false,
            Set.of("n1", "n2"),
            Optional.empty());
    assertEquals(Optional.of("n4"), place(d, v));
    assertEquals(List.of("n4"), new Placement(d, CLUSTER).eligible(v));
  }

  @Test
  void manualRelocationToALowerNodeSticks() {
    // n1 (priority 1) was up before n3 took the service by relocation: no failback.
    var d = domain(true, true, false);
    var v = view(Map.of("n1", 5L, "n3", 6L), new Owner("n3", 100));
    assertEquals(Optional.of("n3"), place(d, v));
  }

  @Test
  void unrestrictedOwnerOutsideTheDomainFailsBackToAJoiningMember() {
    var d = domain(true, false, false);
    var v = view(Map.of("n4", 5L, "n2", 150L), new Owner("n4", 100));
    assertEquals(Optional.of("n2"), place(d, v));
  }
}
