package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
  private AgentCase agent;

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
    agent = new AgentCase(root, AGENT, "ctl", params, OP);
  }

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.stop();
    }
    if (munge != null) {
      munge.close();
    }
  }

  @Test
  @Timeout(180)
  void ocfTesterPasses() {
    agent.ocfTester(Duration.ofSeconds(150));
  }

  @Test
  @Timeout(180)
  void monitorTellsRunningFromHungFromDeadFromStopped() throws Exception {
    assertEquals(0, agent.op("start", Map.of()).rc());
    agent.hungThenDeadThenStopped("slurmctld runs but scontrol ping");
  }

  @Test
  @Timeout(120)
  void probeWithoutBinariesIsNotRunningAndStartIsNotInstalled() {
    params.put("binary", "/nonexistent/slurmctld");
    params.put("scontrol", "/nonexistent/scontrol");
    assertEquals(7, agent.op("monitor", AgentCase.PROBE).rc());
    Proc.Result start = agent.op("start", Map.of());
    assertEquals(5, start.rc(), start::describe);
    assertTrue(
        start.output().contains("ocf-exit-reason:binary: /nonexistent/slurmctld"), start::describe);
  }

  @Test
  @Timeout(120)
  void stopEscalatesToKillInsideTheOperationTimeout() throws Exception {
    assertEquals(0, agent.op("start", Map.of()).rc());
    long pid = agent.pid();
    agent.signal("STOP", pid); // TERM stays pending: only KILL ends it
    long t0 = System.nanoTime();
    Proc.Result stop = agent.op("stop", Map.of(), Duration.ofSeconds(8));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("stop of a stopped slurmctld with an 8 s timeout took %d ms%n", ms);
    assertEquals(0, stop.rc(), stop::describe);
    assertTrue(stop.output().contains("sending KILL"), stop::describe);
    assertFalse(Files.exists(Path.of("/proc/" + pid + "/comm")) && !zombie(pid), "pid " + pid);
    assertEquals(7, agent.op("monitor", Map.of()).rc());
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
