package io.hactl.itests.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.fence.BmcMode;
import io.hactl.itests.fence.SimulatedBmc;
import io.hactl.itests.support.BootClock;
import io.hactl.itests.support.Daemon;
import io.hactl.itests.support.RunContext;
import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.net.NamespaceNetwork;
import io.hactl.testkit.support.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * fence_ipmilan, run from another node's namespace, against the simulated BMC of a node really
 * kills that node's processes, and can be made to fail.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SimulatedBmcIT {
  private RunContext run;
  private NamespaceNetwork net;
  private SimulatedBmc bmc;
  private final Shell shell = new Shell(Duration.ofSeconds(40));

  @BeforeEach
  void up() {
    Needs.namespaces();
    Needs.programs("ipmi_sim", "fence_ipmilan");
    run = RunContext.create(RunContext.defaultBaseDir());
    net =
        run.closeLater(
            "network", new NamespaceNetwork(run.id(), List.of("n1", "n2"), run.janitor()));
    String match = "net:" + net.netInode("n1").getAsLong();
    bmc =
        run.closeLater(
            "bmc",
            new SimulatedBmc(
                "n1",
                net.bmcAddress(1),
                623,
                run.dir().resolve("bmc-n1"),
                match,
                run.id(),
                run.janitor()));
    bmc.start(Duration.ofSeconds(20));
  }

  @AfterEach
  void down() {
    if (run != null) {
      run.close();
    }
  }

  private Daemon nodeProcess(String node) {
    List<String> cmd = new ArrayList<>(net.enter(node));
    cmd.addAll(List.of("sleep", "600"));
    return run.closeLater(
        node + " sleeper",
        Daemon.toFile(node, cmd, Map.of(), run.dir(), run.dir().resolve(node + ".log")));
  }

  /** Runs fence_ipmilan inside n2 against n1's BMC; returns exit status and elapsed time. */
  private long[] fenceFromN2(String action) {
    StringBuilder in = new StringBuilder("action=" + action + "\n");
    bmc.fenceOptions().forEach((k, v) -> in.append(k).append('=').append(v).append('\n'));
    List<String> cmd = new ArrayList<>(net.enterNetwork("n2"));
    cmd.add("fence_ipmilan");
    long t0 = System.nanoTime();
    int rc = shell.tryRun(cmd, in.toString()).exitCode();
    return new long[] {rc, (System.nanoTime() - t0) / 1_000_000};
  }

  @Test
  void powerOffKillsEveryProcessOfTheNodeAndNothingElse() {
    Daemon victim = nodeProcess("n1");
    Daemon bystander = nodeProcess("n2");
    long[] status = fenceFromN2("status");
    assertEquals(0, status[0], "status of a powered node");
    long[] off = fenceFromN2("off");
    System.err.printf("fence_ipmilan status %d ms, off %d ms%n", status[1], off[1]);
    assertEquals(0, off[0], "fence off succeeds");
    assertTrue(victim.awaitExit(Duration.ofSeconds(2)), "n1's process was killed");
    assertTrue(bystander.alive(), "n2's process survives");
    assertFalse(bmc.poweredOn());
    assertEquals(2, fenceFromN2("status")[0], "status reports OFF (exit 2)");
    List<BmcEvent> events = bmc.events(BootClock.calibrate());
    assertEquals(BmcEvent.Kind.POWER_OFF, events.get(events.size() - 1).kind());
  }

  @Test
  void refusingBmcMakesFencingFailAndTheNodeSurvives() {
    Daemon victim = nodeProcess("n1");
    bmc.mode(BmcMode.REFUSING);
    long[] off = fenceFromN2("off");
    System.err.printf(
        "fence_ipmilan off against a refusing BMC: rc %d after %d ms%n", off[0], off[1]);
    assertNotEquals(0, off[0], "fencing must fail");
    assertTrue(victim.alive(), "the node was not killed");
    bmc.mode(BmcMode.WORKING);
    assertEquals(0, fenceFromN2("off")[0], "fencing works again once repaired");
    assertTrue(victim.awaitExit(Duration.ofSeconds(2)));
  }

  @Test
  void unreachableBmcMakesFencingFail() {
    Daemon victim = nodeProcess("n1");
    bmc.mode(BmcMode.UNREACHABLE);
    long[] off = fenceFromN2("off");
    System.err.printf(
        "fence_ipmilan off against a stopped BMC: rc %d after %d ms%n", off[0], off[1]);
    assertNotEquals(0, off[0], "fencing must fail");
    assertTrue(victim.alive(), "the node was not killed");
    bmc.mode(BmcMode.WORKING);
    assertTrue(bmc.answers(), "the BMC answers again after SIGCONT");
  }
}
