package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.history.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Moves and their phases, found in histories as the agents write them. */
@Timeout(10)
class WebTimelineTest {
  private static HistoryEvent t(long at, String node, String from, String to, String why) {
    return new HistoryEvent(
        at, node, "s1", "transition", from + " -> " + to + " (epoch 7): " + why);
  }

  private static HistoryEvent e(long at, String node, String kind, String msg) {
    return new HistoryEvent(at, node, "s1", kind, msg);
  }

  private static final List<HistoryEvent> FIRST_START =
      List.of(
          t(1_000, "n1", "OFFLINE", "ACQUIRING", "placement"),
          t(1_010, "n1", "ACQUIRING", "STARTING", "owner"),
          t(1_500, "n1", "STARTING", "RUNNING", "all resources started"));

  @Test
  void aFirstStartIsNoMove() {
    assertEquals(List.of(), WebTimeline.moves(FIRST_START, 9_000, 10));
  }

  @Test
  void aPlannedRelocationHasStopDetectionAndStart() {
    List<HistoryEvent> h = new java.util.ArrayList<>(FIRST_START);
    h.add(t(10_000, "n1", "RUNNING", "STOPPING", "placement moves it to n2"));
    h.add(t(10_400, "n1", "STOPPING", "OFFLINE", "released cleanly"));
    h.add(t(10_430, "n2", "OFFLINE", "ACQUIRING", "placement"));
    h.add(t(10_440, "n2", "ACQUIRING", "STARTING", "owner"));
    h.add(t(11_000, "n2", "STARTING", "RUNNING", "all resources started"));
    List<WebTimeline.Move> moves = WebTimeline.moves(h, 20_000, 10);
    assertEquals(1, moves.size());
    WebTimeline.Move m = moves.get(0);
    assertEquals("relocation", m.kind());
    assertEquals("n1", m.from());
    assertEquals("n2", m.to());
    assertEquals(
        List.of(
            new WebTimeline.Phase("stop", 10_000, 10_400),
            new WebTimeline.Phase("detection", 10_400, 10_430),
            new WebTimeline.Phase("mount+start", 10_440, 11_000)),
        m.phases());
    assertEquals(10_000, m.startMillis());
    assertEquals(11_000, m.endMillis());
  }

  @Test
  void aCrashFailoverHasFencingAndIsLiveUntilRunning() {
    List<HistoryEvent> h = new java.util.ArrayList<>(FIRST_START);
    h.add(t(20_000, "n2", "OFFLINE", "ACQUIRING", "placement"));
    h.add(t(20_010, "n2", "ACQUIRING", "FENCING", "n1 did not release"));
    h.add(e(22_000, "n2", "fence", "fenced n1: off"));
    List<WebTimeline.Move> live = WebTimeline.moves(h, 22_500, 10);
    assertEquals(1, live.size());
    assertTrue(live.get(0).live());
    assertEquals(List.of(new WebTimeline.Phase("fencing", 20_010, 22_500)), live.get(0).phases());
    h.add(t(22_100, "n2", "FENCING", "STARTING", "fenced"));
    h.add(t(22_900, "n2", "STARTING", "RUNNING", "all resources started"));
    WebTimeline.Move m = WebTimeline.moves(h, 30_000, 10).get(0);
    assertEquals("failover", m.kind());
    assertEquals(
        List.of(
            new WebTimeline.Phase("fencing", 20_010, 22_100),
            new WebTimeline.Phase("mount+start", 22_100, 22_900)),
        m.phases());
  }

  @Test
  void aFailureRelocationIsAFailoverWithDetectionFromTheFailure() {
    List<HistoryEvent> h = new java.util.ArrayList<>(FIRST_START);
    h.add(e(5_000, "n1", "failure", "daemon exited"));
    h.add(t(5_001, "n1", "RUNNING", "STOPPING", "relocating after 3 failures"));
    h.add(t(5_300, "n1", "STOPPING", "OFFLINE", "released cleanly"));
    h.add(t(5_350, "n2", "OFFLINE", "ACQUIRING", "placement"));
    h.add(t(5_360, "n2", "ACQUIRING", "STARTING", "owner"));
    h.add(t(5_900, "n2", "STARTING", "RUNNING", "started"));
    WebTimeline.Move m = WebTimeline.moves(h, 9_000, 10).get(0);
    assertEquals("failover", m.kind());
    assertEquals(5_001, m.startMillis(), "the stop begins the move");
    assertEquals("stop", m.phases().get(0).name());
  }
}
