package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ocf:hactl:slurmctld against a real slurmctld (Debian's) authenticating through a private munged:
 * ocf-tester, the three-way monitor at levels 0 and 10, the probe without binaries, and the stop's
 * escalation to KILL inside the operation's timeout.
 */
class SlurmctldAgentIT {
  private static final String AGENT = "slurmctld";
  private static final Duration OP = Duration.ofSeconds(30);

  private Path dir;
  private Munge munge;
  private OcfRoot root;
  private Map<String, String> params;

  @BeforeEach
  void setUp() throws IOException {
    OcfRoot.skipUnlessShellFuncs();
    Munge.skipUnlessAvailable();
    Skip.unlessPrograms("slurmctld", "scontrol", "ocf-tester", "xmllint", "setsid", "timeout");
    dir = RunDir.create("slurmctld");
    munge = Munge.start(dir);
    root = OcfRoot.create(dir);
    String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().split("\\.")[0];
    Path conf = SlurmConf.write(dir, host, munge.socket(), dir.resolve("state"));
    params = new HashMap<>();
    params.put("config", conf.toString());
    params.put("controller", host);
    params.put("pidfile", dir.resolve("run/slurmctld.pid").toString());
    params.put("output", dir.resolve("slurmctld.out").toString());
    params.put("ping_timeout", "3");
  }

  @AfterEach
  void tearDown() {
    if (root != null) {
      root.run(AGENT, "stop", "ctl", params, Map.of(), OP);
    }
    if (munge != null) {
      munge.close();
    }
  }

  @Test
  @Timeout(180)
  void ocfTesterPasses() {
    root.ocfTester(AGENT, "ctl", params, Duration.ofSeconds(150));
  }

  @Test
  @Timeout(180)
  void monitorTellsRunningFromHungFromDeadFromStopped() throws Exception {
    assertEquals(0, op("start", Map.of()).rc());
    assertEquals(0, op("monitor", Map.of("OCF_CHECK_LEVEL", "10")).rc(), "asked, it answers");
    long pid = pid();

    signal("STOP", pid);
    assertEquals(0, op("monitor", Map.of()).rc(), "level 0 sees only the process");
    Proc.Result hung = op("monitor", Map.of("OCF_CHECK_LEVEL", "10"));
    assertEquals(1, hung.rc(), hung::describe);
    assertTrue(
        hung.output().contains("ocf-exit-reason:slurmctld runs but scontrol ping"), hung::describe);
    signal("CONT", pid);

    signal("KILL", pid);
    Proc.Result dead = op("monitor", Map.of());
    assertEquals(
        1, dead.rc(), "a pidfile that outlives its daemon is a failure: " + dead.describe());
    assertTrue(dead.output().contains("ocf-exit-reason:slurmctld died"), dead::describe);
    assertEquals(7, op("monitor", Map.of("OCF_RESKEY_CRM_meta_interval", "0")).rc(), "probe");
    assertEquals(0, op("stop", Map.of()).rc());
    assertFalse(Files.exists(Path.of(params.get("pidfile"))), "stop removed the stale pidfile");
    assertEquals(7, op("monitor", Map.of()).rc(), "cleanly stopped");
  }

  @Test
  @Timeout(120)
  void probeWithoutBinariesIsNotRunningAndStartIsNotInstalled() {
    params.put("binary", "/nonexistent/slurmctld");
    params.put("scontrol", "/nonexistent/scontrol");
    assertEquals(7, op("monitor", Map.of("OCF_RESKEY_CRM_meta_interval", "0")).rc());
    Proc.Result start = op("start", Map.of());
    assertEquals(5, start.rc(), start::describe);
    assertTrue(
        start.output().contains("ocf-exit-reason:binary: /nonexistent/slurmctld"), start::describe);
  }

  @Test
  @Timeout(120)
  void stopEscalatesToKillInsideTheOperationTimeout() throws Exception {
    assertEquals(0, op("start", Map.of()).rc());
    long pid = pid();
    signal("STOP", pid); // TERM stays pending: only KILL ends it
    long t0 = System.nanoTime();
    Proc.Result stop = root.run(AGENT, "stop", "ctl", params, Map.of(), Duration.ofSeconds(8));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("stop of a stopped slurmctld with an 8 s timeout took %d ms%n", ms);
    assertEquals(0, stop.rc(), stop::describe);
    assertTrue(stop.output().contains("sending KILL"), stop::describe);
    assertFalse(Files.exists(Path.of("/proc/" + pid + "/comm")) && !zombie(pid), "pid " + pid);
    assertEquals(7, op("monitor", Map.of()).rc());
  }

  private Proc.Result op(String action, Map<String, String> extra) {
    return root.run(AGENT, action, "ctl", params, extra, OP);
  }

  private long pid() throws IOException {
    return Long.parseLong(Files.readString(Path.of(params.get("pidfile"))).trim());
  }

  private void signal(String sig, long pid) {
    Proc.Result r = Proc.run(List.of("kill", "-s", sig, Long.toString(pid)), Map.of(), OP, dir);
    assertEquals(0, r.rc(), r::describe);
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return true;
    }
  }
}
