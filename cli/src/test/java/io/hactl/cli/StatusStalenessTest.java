package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.zk.AdminState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RUNNING in status means "seen healthy recently"; an owner whose checks stopped says so. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StatusStalenessTest {
  private static final long T0 = 1_800_000_000_000L;

  private static ClusterSnapshot.ServiceView view(ServiceState s, long checked, long every) {
    return view(s, checked, every, false);
  }

  private static ClusterSnapshot.ServiceView view(
      ServiceState s, long checked, long every, boolean watched) {
    ServiceStatus st =
        new ServiceStatus(
            "s1",
            "n1",
            s,
            7,
            0,
            T0,
            "all resources started",
            checked,
            every,
            List.of(),
            0,
            watched);
    return new ClusterSnapshot.ServiceView(
        "s1",
        Optional.of("n1"),
        7,
        Optional.of(st),
        AdminState.NONE,
        true,
        Optional.empty(),
        Map.of(),
        List.of(),
        List.of());
  }

  @Test
  void aRecentlyCheckedOwnerIsRunning() {
    assertEquals(
        "RUNNING",
        ClusterSnapshot.stateOf(view(ServiceState.RUNNING, T0 + 20_000, 2_000), T0 + 21_000));
  }

  @Test
  void anOwnerWhoseChecksStoppedIsNotShownAsRunning() {
    // Checks every 2 s; the last one 47 s ago.
    var v = view(ServiceState.RUNNING, T0 + 3_000, 2_000);
    long now = T0 + 50_000;
    assertEquals("RUNNING?", ClusterSnapshot.stateOf(v, now));
  }

  @Test
  void anOwnerThatPublishesNoChecksIsNotShownAsRunning() {
    assertEquals(
        "RUNNING?", ClusterSnapshot.stateOf(view(ServiceState.RUNNING, 0, 0), T0 + 60_000));
  }

  @Test
  void aWatchedRunningStatusOfTheOwnerStaysRunningWithoutRoutineChecks() {
    // Published once at T0 + 2 s; the owner republishes only if its checks fall behind.
    var v = view(ServiceState.RUNNING, T0 + 2_000, 2_000, true);
    assertEquals("RUNNING", ClusterSnapshot.stateOf(v, T0 + 3_600_000));
  }

  @Test
  void otherStatesAreShownAsTheyAre() {
    assertEquals(
        "BLOCKED", ClusterSnapshot.stateOf(view(ServiceState.BLOCKED, 0, 2_000), T0 + 600_000));
  }
}
