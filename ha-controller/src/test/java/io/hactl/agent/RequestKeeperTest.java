package io.hactl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.FailoverDomain;
import io.hactl.config.FailoverDomain.Member;
import io.hactl.placement.ClusterView;
import io.hactl.placement.Placement;
import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ServiceRequest.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which relocations the keeper rejects at once instead of leaving them pending. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RequestKeeperTest {
  private static final Placement PLACEMENT =
      new Placement(
          new FailoverDomain(
              "d", List.of(new Member("n1", 1), new Member("n2", 2)), true, true, true),
          List.of("n1", "n2", "n3"));

  private static ClusterView view(Map<String, Long> live, Set<String> banned, boolean frozen) {
    return new ClusterView(
        live,
        Optional.of(new ClusterView.Owner("n1", 5)),
        true,
        Optional.empty(),
        banned,
        frozen,
        Set.of(),
        Optional.empty());
  }

  private static ServiceRequest relocate(String from, String to) {
    return new ServiceRequest(Kind.RELOCATE, from, to, null, "op", 1, Long.MAX_VALUE);
  }

  private static Requests.Pending pending(String id, long deadline) {
    return new Requests.Pending(
        "s1",
        id,
        Optional.of(new ServiceRequest(Kind.RESTART, "n1", null, null, "op", 1, deadline)),
        null,
        Map.of());
  }

  @Test
  void theAgentComesBackAtTheNextRequestDeadlineEvenIfNothingElseChanges() {
    // With no ZooKeeper write at rest, no cache change would wake placement when a request expires.
    var corrupt = new Requests.Pending("s1", "r0", Optional.empty(), "bad json", Map.of());
    var list = List.of(pending("r1", 5_000), pending("r2", 2_000), pending("r3", 900), corrupt);
    assertEquals(OptionalLong.of(2_000), RequestKeeper.nextExpiry(list, 1_000));
    assertEquals(OptionalLong.of(5_000), RequestKeeper.nextExpiry(list, 2_000));
    assertEquals(OptionalLong.empty(), RequestKeeper.nextExpiry(list, 5_000));
  }

  @Test
  void aRelocationWithNoEligibleTargetIsRejectedWithTheReason() {
    var why =
        RequestKeeper.impossible(
            relocate("n1", null), view(Map.of("n1", 1L, "n3", 1L), Set.of(), false), PLACEMENT);
    assertTrue(why.isPresent());
    assertTrue(why.get().startsWith("no eligible node to move to"), why.get());
    assertTrue(why.get().contains("live: [n1, n3]"), why.get());
  }

  @Test
  void aBannedOrFrozenTargetIsRejectedAndAPossibleMoveIsNot() {
    Map<String, Long> all = Map.of("n1", 1L, "n2", 1L, "n3", 1L);
    assertTrue(
        RequestKeeper.impossible(relocate("n1", null), view(all, Set.of("n2"), false), PLACEMENT)
            .isPresent());
    assertTrue(
        RequestKeeper.impossible(relocate("n1", "n2"), view(all, Set.of(), true), PLACEMENT)
            .orElseThrow()
            .contains("frozen"));
    assertEquals(
        Optional.empty(),
        RequestKeeper.impossible(relocate("n1", "n2"), view(all, Set.of(), false), PLACEMENT));
    assertTrue(
        RequestKeeper.impossible(relocate("", "n3"), view(all, Set.of(), false), PLACEMENT)
            .orElseThrow()
            .startsWith("n3 is not eligible"));
  }

  @Test
  void aRestartOfAFrozenOrMovedServiceIsRejectedAndOneOnTheOwnerIsNot() {
    Map<String, Long> all = Map.of("n1", 1L, "n2", 1L);
    var onN1 = new ServiceRequest(Kind.RESTART, "n1", null, null, "op", 1, Long.MAX_VALUE);
    var onN2 = new ServiceRequest(Kind.RESTART, "n2", null, null, "op", 1, Long.MAX_VALUE);
    assertEquals(
        Optional.empty(), RequestKeeper.restartImpossible(onN1, view(all, Set.of(), false)));
    assertTrue(
        RequestKeeper.restartImpossible(onN1, view(all, Set.of(), true))
            .orElseThrow()
            .contains("frozen"));
    assertEquals(
        Optional.of("the service is no longer on n2 (owner now: n1)"),
        RequestKeeper.restartImpossible(onN2, view(all, Set.of(), false)));
  }
}
