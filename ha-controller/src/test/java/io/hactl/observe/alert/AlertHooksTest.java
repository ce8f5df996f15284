package io.hactl.observe.alert;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.config.AlertHookConfig;
import io.hactl.process.ProcessRunner;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Alert hooks run as real programs: order, environment, deadline, overflow. */
@Timeout(60)
class AlertHooksTest {
  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<String> recorded = new CopyOnWriteArrayList<>();

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private AlertHooks hooks(List<AlertHookConfig> list) {
    return new AlertHooks(
        () -> list,
        new ProcessRunner(),
        Clock.systemUTC(),
        registry,
        (k, m) -> recorded.add(k + ": " + m));
  }

  private static ServiceStatus status(ServiceState s) {
    return new ServiceStatus("s1", "n1", s, 42, 0, 1, "r", 0, 0);
  }

  private double counter(String name, String... labels) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals(name))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .filter(d -> d.getLabels().toString().contains(String.join("", labels)))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  @Test
  void oneCallPerEventInOrderWithTheEventInTheEnvironment() throws Exception {
    Path log = dir.resolve("calls");
    Path hook =
        script(
            "log",
            "printf '%s %s %s %s %s %s|%s\\n' \"$HACTL_EVENT_SEQUENCE\" \"$HACTL_EVENT_KIND\""
                + " \"$HACTL_NODE\" \"$HACTL_SERVICE\" \"$HACTL_STATE\" \"$HACTL_EPOCH\""
                + " \"${HACTL_AUTH:-clean}\" >> "
                + log
                + "\n");
    try (AlertHooks h =
        hooks(List.of(new AlertHookConfig("log", hook, Duration.ofSeconds(10), 100)))) {
      h.joined("n1", Duration.ofSeconds(6));
      h.transition(status(ServiceState.FENCING), ServiceState.ACQUIRING, "unclean");
      h.transition(status(ServiceState.BLOCKED), ServiceState.FENCING, "fence failed");
      h.event("s1", "ban", "n1 keeps off");
      h.transition(status(ServiceState.STARTING), ServiceState.BLOCKED, "fenced");
      h.transition(status(ServiceState.RUNNING), ServiceState.STARTING, "started");
      await("five hook calls")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 5);
      assertEquals(
          List.of(
              "1 failover n1 s1 FENCING 42|clean",
              "2 blocked n1 s1 BLOCKED 42|clean",
              "3 ban n1 s1  |clean",
              "4 transition n1 s1 STARTING 42|clean",
              "5 transition n1 s1 RUNNING 42|clean"),
          Files.readAllLines(log));
      assertEquals(5.0, counter("hactl_alert_calls", "ok"));
    }
  }

  @Test
  void aHangingHookIsKilledAtItsDeadlineAndNeverBlocksTheAgent() throws Exception {
    Path log = dir.resolve("calls");
    Path pids = dir.resolve("pids");
    // The first call hangs, with a child in its process group that outlives a plain kill of sh.
    Path hook =
        script(
            "hang",
            "echo \"$HACTL_EVENT_SEQUENCE\" >> "
                + log
                + "\nif [ \"$HACTL_EVENT_SEQUENCE\" = 1 ]; then\n"
                + "  (trap '' TERM; sleep 300) & echo $! >> "
                + pids
                + "\n  sleep 300\nfi\n");
    try (AlertHooks h =
        hooks(List.of(new AlertHookConfig("hang", hook, Duration.ofSeconds(1), 3)))) {
      h.joined("n1", Duration.ofSeconds(6));
      h.transition(status(ServiceState.RUNNING), ServiceState.STARTING, "event 0");
      await("the first call runs (and hangs)")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(pids) && !Files.readAllLines(pids).isEmpty());
      List<Long> offerMillis = new ArrayList<>();
      for (int i = 1; i < 10; i++) {
        long t0 = System.nanoTime();
        h.transition(status(ServiceState.RUNNING), ServiceState.STARTING, "event " + i);
        offerMillis.add((System.nanoTime() - t0) / 1_000_000);
      }
      await("the hook is called again after the hanging call's deadline")
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 4);
      // 10 events, queue of 3: the first hangs, events 2..7 are dropped, 8..10 called.
      assertEquals(List.of("1", "8", "9", "10"), Files.readAllLines(log));
      assertEquals(6.0, counter("hactl_alert_dropped", "hang"));
      assertEquals(1.0, counter("hactl_alert_calls", "timeout"));
      assertTrue(
          recorded.stream().anyMatch(r -> r.contains("alert hook hang falls behind")),
          recorded.toString());
      long child = Long.parseLong(Files.readAllLines(pids).get(0).trim());
      await("the hook's child in its process group is killed too")
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
      System.out.println("offering events 2..10 took at most " + offerMillis + " ms each");
    }
  }

  @Test
  void aMissingHookIsCountedNotRun() throws Exception {
    try (AlertHooks h =
        hooks(
            List.of(
                new AlertHookConfig(
                    "gone", dir.resolve("nothing-here"), Duration.ofSeconds(1), 10)))) {
      h.event("s1", "failure", "x");
      await("the missing hook is counted")
          .atMost(Duration.ofSeconds(10))
          .until(() -> counter("hactl_alert_calls", "missing") == 1.0);
    }
  }
}
