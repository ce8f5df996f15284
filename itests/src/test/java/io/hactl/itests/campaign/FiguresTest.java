package io.hactl.itests.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.fence.FenceCall;
import io.hactl.itests.nemesis.FaultKind;
import io.hactl.itests.nemesis.FaultRecord;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.check.NodeState;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.check.Timeline;
import io.hactl.testkit.observe.Transition;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parts of a failover, computed from a hand-written timeline, logs and fence calls. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class FiguresTest {
  private static final long MS = 1_000_000L;

  private static Sample at(long ms, Object... nodeStates) {
    Map<String, NodeState> m = new HashMap<>();
    for (int i = 0; i < nodeStates.length; i += 2) {
      m.put((String) nodeStates[i], (NodeState) nodeStates[i + 1]);
    }
    return new Sample(ms * MS, m);
  }

  private static Transition t(long ms, String node, String from, String to) {
    return new Transition(ms * MS, "s1", node, from, to, OptionalLong.empty());
  }

  private static Timeline timeline(List<Sample> samples) {
    return new Timeline(
        0,
        60_000 * MS,
        List.of("n1", "n2"),
        samples,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void aCrashFailoverSplitsIntoSessionFenceStartAndTheRest() {
    Timeline tl =
        timeline(
            List.of(
                at(0, "n1", NodeState.running(1)),
                at(1_000, "n1", NodeState.IDLE),
                at(7_500, "n2", NodeState.running(2))));
    List<Transition> log =
        List.of(
            t(5_050, "n2", "OFFLINE", "ACQUIRING"),
            t(5_060, "n2", "ACQUIRING", "FENCING"),
            t(7_300, "n2", "FENCING", "STARTING"),
            t(7_450, "n2", "STARTING", "RUNNING"));
    List<FenceCall> calls =
        List.of(new FenceCall("10.0.0.101:623:", "off", 5_070 * MS, 7_270 * MS, 0));
    FaultRecord r =
        new FaultRecord(
            "crash",
            FaultKind.NODE_CRASH,
            "n1",
            "n1",
            1_000 * MS,
            new Expectation.Recovery("crash", 1_000 * MS, 20_000 * MS, null, "n1"),
            "");
    Measurement m = new Figures(tl, log, calls, Duration.ofSeconds(4)).measure(r).orElseThrow();
    assertEquals(6_500, m.total());
    assertEquals(4_000, m.session());
    assertEquals(2_200, m.fence());
    assertEquals(200, m.start(), "STARTING until the daemon was seen");
    assertEquals(100, m.hactl());
  }

  @Test
  void aRelocationHasACommandAStopAHandOffAndAStart() {
    Timeline tl =
        timeline(
            List.of(
                at(0, "n1", NodeState.running(1)),
                at(1_300, "n1", NodeState.mountedOnly()),
                at(1_400, "n1", NodeState.IDLE),
                at(1_450, "n2", NodeState.mountedOnly()),
                at(1_600, "n2", NodeState.running(2))));
    List<Transition> log =
        List.of(
            t(1_200, "n1", "RUNNING", "STOPPING"),
            t(1_390, "n1", "STOPPING", "OFFLINE"),
            t(1_440, "n2", "ACQUIRING", "STARTING"),
            t(1_590, "n2", "STARTING", "RUNNING"));
    FaultRecord r =
        new FaultRecord(
            "move",
            FaultKind.RELOCATE,
            "n2",
            "n1",
            0,
            new Expectation.Recovery("move", 0, 20_000 * MS, "n2", null),
            "");
    Measurement m = new Figures(tl, log, List.of(), Duration.ofSeconds(4)).measure(r).orElseThrow();
    assertEquals(1_600, m.total());
    assertEquals(1_200, m.request());
    assertEquals(190, m.stop());
    assertEquals(160, m.start());
    assertEquals(50, m.handoff());
    assertEquals(50, m.hactl());
  }

  @Test
  void onlyOwnerCrashesAndPartitionsFirstKillsAndRelocationsAreMeasured() {
    Timeline tl = timeline(List.of(at(0, "n1", NodeState.running(1))));
    Figures f = new Figures(tl, List.of(), List.of(), Duration.ofSeconds(4));
    var rec = new Expectation.Recovery("x", 0, 10 * MS);
    assertTrue(
        f.measure(new FaultRecord("x", FaultKind.NODE_CRASH, "n2", "n1", 0, rec, "")).isEmpty());
    assertTrue(
        f.measure(new FaultRecord("x kill 2", FaultKind.DAEMON_CRASH, "n1", "n1", 0, rec, ""))
            .isEmpty());
    assertTrue(
        f.measure(new FaultRecord("x", FaultKind.PARTITION, "n2", "n1", 0, rec, "")).isEmpty());
    assertTrue(
        f.measure(new FaultRecord("x", FaultKind.ZK_LEADER_CRASH, "n1", "n1", 0, rec, ""))
            .isEmpty());
  }
}
