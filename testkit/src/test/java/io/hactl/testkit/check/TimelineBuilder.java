package io.hactl.testkit.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds hand-written timelines for checker tests; times are in milliseconds from 0. */
final class TimelineBuilder {
  static final long MS = 1_000_000L;
  private final List<String> nodes = List.of("n1", "n2", "n3");
  private final List<Sample> samples = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();
  private final List<Heartbeat> heartbeats = new ArrayList<>();
  private final List<String> stray = new ArrayList<>();
  private final List<BmcEvent> power = new ArrayList<>();
  private final List<Expectation> expectations = new ArrayList<>();
  private long end = 60_000 * MS;

  /** A sample at {@code ms}; pairs of node name and state. */
  TimelineBuilder at(long ms, Object... nodeStates) {
    Map<String, NodeState> m = new LinkedHashMap<>();
    for (int i = 0; i < nodeStates.length; i += 2) {
      m.put((String) nodeStates[i], (NodeState) nodeStates[i + 1]);
    }
    samples.add(new Sample(ms * MS, m));
    return this;
  }

  TimelineBuilder gap(long fromMs, long toMs) {
    gaps.add(new Gap(fromMs * MS, toMs * MS));
    return this;
  }

  TimelineBuilder beat(String node, long epoch, long ms, long pid) {
    heartbeats.add(new Heartbeat(heartbeats.size() + 1, node, epoch, ms * MS, pid));
    return this;
  }

  TimelineBuilder stray(String file) {
    stray.add(file);
    return this;
  }

  TimelineBuilder powerOff(String node, long ms) {
    power.add(new BmcEvent(node, ms * MS, BmcEvent.Kind.POWER_OFF, "power off killed 2"));
    return this;
  }

  TimelineBuilder recovery(long fromMs, long deadlineMs) {
    expectations.add(new Expectation.Recovery("r", fromMs * MS, deadlineMs * MS));
    return this;
  }

  TimelineBuilder recoveryAvoiding(String node, long fromMs, long deadlineMs) {
    expectations.add(new Expectation.Recovery("r", fromMs * MS, deadlineMs * MS, null, node));
    return this;
  }

  TimelineBuilder recoveryOn(String node, long fromMs, long deadlineMs) {
    expectations.add(new Expectation.Recovery("r", fromMs * MS, deadlineMs * MS, node, null));
    return this;
  }

  TimelineBuilder noTakeover(String victim, long fromMs, long toMs) {
    expectations.add(new Expectation.NoTakeover("f", victim, fromMs * MS, toMs * MS));
    return this;
  }

  TimelineBuilder noFence(long fromMs, long toMs) {
    expectations.add(new Expectation.NoFence("c", fromMs * MS, toMs * MS));
    return this;
  }

  TimelineBuilder end(long ms) {
    end = ms * MS;
    return this;
  }

  Timeline build() {
    return new Timeline(0, end, nodes, samples, gaps, heartbeats, stray, power, expectations);
  }
}
