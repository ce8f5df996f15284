package io.hactl.testkit.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.testkit.check.NodeState;
import io.hactl.testkit.observe.ProcScanner.RawNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A sample keeps only what two consecutive scans both saw. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ObserverConfirmTest {
  @Test
  void daemonsSeenInOneScanOnlyAreDropped() {
    Map<String, RawNode> a =
        Map.of("n1", new RawNode(true, Set.of(1L, 2L)), "n2", new RawNode(false, Set.of()));
    Map<String, RawNode> b =
        Map.of("n1", new RawNode(false, Set.of(2L, 3L)), "n2", new RawNode(true, Set.of()));
    Map<String, NodeState> s = Observer.confirm(a, b);
    assertEquals(new NodeState(true, false, List.of(2L)), s.get("n1"));
    assertEquals(new NodeState(false, true, List.of()), s.get("n2"));
  }

  @Test
  void aDaemonOutsideEveryNodeIsKept() {
    Map<String, RawNode> a = Map.of(ProcScanner.OUTSIDE, new RawNode(false, Set.of(9L)));
    Map<String, NodeState> s = Observer.confirm(a, a);
    assertEquals(new NodeState(false, false, List.of(9L)), s.get(ProcScanner.OUTSIDE));
    assertEquals(Map.of(), Observer.confirm(Map.of(), Map.of()));
  }
}
