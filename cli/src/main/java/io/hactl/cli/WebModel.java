package io.hactl.cli;

import io.hactl.agent.ServiceState;
import io.hactl.config.FenceLevel;
import io.hactl.history.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON document the web view polls, from the same read model as {@code hactl status}
 * ({@link ClusterSnapshot}) and the event history: nodes with their fence configuration, services
 * with owner, state, epoch, uptime and failures, and the last moves ({@link WebTimeline}). It only
 * shapes data: it reads nothing itself.
 */
final class WebModel {
  /** How many moves the timeline keeps. */
  static final int MOVES = 12;

  private WebModel() {}

  static Map<String, Object> build(
      ClusterSnapshot snap, List<HistoryEvent> history, long nowMillis) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("cluster", snap.config().cluster().name());
    doc.put("readMillis", nowMillis);
    List<Map<String, Object>> nodes = new ArrayList<>();
    snap.nodesUp()
        .forEach(
            (n, up) -> {
              var cfg = snap.config().nodes().get(n);
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", n);
              m.put("up", up);
              m.put("address", cfg.address());
              m.put("fence", fence(cfg.fenceLevels()));
              nodes.add(m);
            });
    doc.put("nodes", nodes);
    List<Map<String, Object>> services = new ArrayList<>();
    for (var v : snap.services().values()) {
      var st = ClusterSnapshot.ownerStatus(v);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", v.name());
      m.put("state", ClusterSnapshot.stateOf(v, nowMillis));
      m.put("owner", v.owner().orElse(null));
      m.put("epoch", v.owner().isPresent() ? Long.toString(v.ownerEpoch()) : null);
      m.put(
          "uptimeSeconds",
          st.filter(s -> s.state() == ServiceState.RUNNING)
              .map(s -> Math.max(0, nowMillis - s.sinceMillis()) / 1000)
              .orElse(null));
      m.put("failures", st.map(s -> s.failures()).orElse(null));
      m.put("reason", st.map(s -> s.reason()).orElse(null));
      m.put("enabled", v.enabled());
      m.put(
          "bans",
          v.bans().entrySet().stream()
              .filter(b -> b.getValue().untilMillis() > nowMillis)
              .map(Map.Entry::getKey)
              .toList());
      m.put("toFence", v.breadcrumb().map(b -> List.copyOf(b.unfenced())).orElse(List.of()));
      m.put("problems", v.corrupt());
      services.add(m);
    }
    doc.put("services", services);
    doc.put("problems", snap.corrupt());
    List<Map<String, Object>> moves = new ArrayList<>();
    for (WebTimeline.Move mv : WebTimeline.moves(history, nowMillis, MOVES)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", mv.service());
      m.put("kind", mv.kind());
      m.put("from", mv.from());
      m.put("to", mv.to());
      m.put("startMillis", mv.startMillis());
      m.put("endMillis", mv.endMillis());
      m.put("live", mv.live());
      m.put(
          "phases",
          mv.phases().stream()
              .map(
                  p ->
                      Map.of(
                          "name",
                          p.name(),
                          "startMillis",
                          p.startMillis(),
                          "endMillis",
                          p.endMillis()))
              .toList());
      moves.add(m);
    }
    doc.put("moves", moves);
    return doc;
  }

  /** A fence agent's program name without its directory ({@code fence_ipmilan}). */
  static String programName(String agent) {
    int slash = agent.lastIndexOf('/');
    return slash < 0 ? agent : agent.substring(slash + 1);
  }

  /** What the page shows of a node's fencing: its levels' agents, or that it has none. */
  private static Map<String, Object> fence(List<FenceLevel> levels) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("configured", !levels.isEmpty());
    m.put(
        "levels",
        levels.stream()
            .map(l -> l.devices().stream().map(d -> programName(d.agent())).toList())
            .toList());
    return m;
  }
}
