package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One instance of an agent under test: its actions run with the test's parameters (which the test
 * may change between actions), and its daemon is found through the pidfile parameter.
 */
final class AgentCase {
  /** Extra environment of a recurring monitor at depth 10. */
  static final Map<String, String> DEEP = Map.of("OCF_CHECK_LEVEL", "10");

  /** Extra environment of a probe: a monitor with interval 0. */
  static final Map<String, String> PROBE = Map.of("OCF_RESKEY_CRM_meta_interval", "0");

  private final OcfRoot root;
  private final String agent;
  private final String instance;
  private final Map<String, String> params;
  private final Duration timeout;

  AgentCase(
      OcfRoot root, String agent, String instance, Map<String, String> params, Duration timeout) {
    this.root = root;
    this.agent = agent;
    this.instance = instance;
    this.params = params;
    this.timeout = timeout;
  }

  /** Runs {@code action} with the usual operation timeout. */
  Proc.Result op(String action, Map<String, String> extra) {
    return op(action, extra, timeout);
  }

  Proc.Result op(String action, Map<String, String> extra, Duration opTimeout) {
    return root.run(agent, action, instance, params, extra, opTimeout);
  }

  /** Runs {@code action}, asserting its exit code; returns the result. */
  Proc.Result expect(int rc, String action, Map<String, String> extra) {
    Proc.Result r = op(action, extra);
    assertEquals(rc, r.rc(), () -> agent + " " + action + " " + extra + ":\n" + r.describe());
    return r;
  }

  /** The daemon's pid, from the pidfile parameter. */
  long pid() throws IOException {
    return Long.parseLong(Files.readString(Path.of(params.get("pidfile"))).trim());
  }

  /** Sends {@code sig} to the daemon's pid {@code pid}. */
  void signal(String sig, long pid) {
    Proc.Result r =
        Proc.run(
            List.of("kill", "-s", sig, Long.toString(pid)),
            Map.of(),
            Duration.ofSeconds(10),
            root.path());
    assertEquals(0, r.rc(), r::describe);
  }

  /**
   * The three-way monitor on a running daemon: a stopped (SIGSTOP) daemon passes level 0 and fails
   * level 10 with {@code hungReason}; a killed one fails every monitor with "NAME died" but a probe
   * reports it not running; stop cleans up (pidfile gone) and the monitor then says cleanly
   * stopped.
   */
  void hungThenDeadThenStopped(String hungReason) throws IOException {
    expect(0, "monitor", DEEP);
    long pid = pid();
    signal("STOP", pid);
    expect(0, "monitor", Map.of());
    Proc.Result hung = expect(1, "monitor", DEEP);
    assertTrue(hung.output().contains("ocf-exit-reason:" + hungReason), hung::describe);
    signal("CONT", pid);

    signal("KILL", pid);
    Proc.Result dead = expect(1, "monitor", Map.of());
    assertTrue(dead.output().contains("ocf-exit-reason:" + agent + " died"), dead::describe);
    expect(7, "monitor", PROBE);
    expect(0, "stop", Map.of());
    assertFalse(Files.exists(Path.of(params.get("pidfile"))), "stop removed the stale pidfile");
    expect(7, "monitor", Map.of());
  }

  /** Stops the instance after a test, whatever state it is in. */
  void stop() {
    op("stop", Map.of());
  }

  /** Runs ocf-tester on this instance with its current parameters. */
  String ocfTester(Duration testerTimeout) {
    return root.ocfTester(agent, instance, params, testerTimeout);
  }
}
