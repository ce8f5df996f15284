package io.hactl.fencing.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.FenceDummy;
import io.hactl.fencing.FenceOutcome;
import io.hactl.process.LogCapture;
import io.hactl.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real fence_dummy (and small real scripts) through {@link FenceAgentsAdapter}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FenceAgentsAdapterTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration GRACE = Duration.ofSeconds(1);

  @TempDir Path dir;

  private final FenceAgentsAdapter adapter = new FenceAgentsAdapter(new ProcessRunner());

  @Test
  void offSucceedsAndStatusThenReportsOff() {
    FenceDummy.assumeInstalled();
    Path power = FenceDummy.poweredOn(dir, "n1");
    FenceDevice device = FenceDummy.device(power, TIMEOUT);

    FenceOutcome before = adapter.run("n1", device, FenceAction.STATUS);
    FenceOutcome off = adapter.fence("n1", device);
    FenceOutcome after = adapter.run("n1", device, FenceAction.STATUS);

    assertEquals(FenceOutcome.Power.ON, before.power(), before.detail());
    assertTrue(off.success(), off.detail());
    assertEquals(0, off.exitCode());
    assertEquals(FenceAction.OFF, off.action());
    assertTrue(off.detail().startsWith("fence_dummy off of node n1: succeeded"), off.detail());
    assertTrue(off.detail().contains("Powered OFF"), off.detail());
    assertEquals("off", FenceDummy.power(power));
    assertTrue(after.success(), after.detail());
    assertEquals(2, after.exitCode());
    assertEquals(FenceOutcome.Power.OFF, after.power(), after.detail());
  }

  @Test
  void findsTheAgentByAbsolutePathToo() {
    FenceDummy.assumeInstalled();
    Path power = FenceDummy.poweredOn(dir, "n1");
    FenceDevice device =
        new FenceDevice(
            FenceDummy.PROGRAM.toString(),
            "reboot",
            Map.of("status_file", power.toString()),
            TIMEOUT);

    FenceOutcome reboot = adapter.fence("n1", device);

    assertTrue(reboot.success(), reboot.detail());
    assertEquals(FenceAction.REBOOT, reboot.action());
    assertTrue(reboot.detail().contains("Rebooted"), reboot.detail());
  }

  @Test
  void typeFailFails() {
    FenceDummy.assumeInstalled();
    FenceDevice device =
        FenceDummy.device(
            "off", dir.resolve("unused"), TIMEOUT, Map.of("type", "fail", "power_timeout", "3"));

    FenceOutcome outcome = adapter.fence("n1", device);

    assertFalse(outcome.success(), outcome.detail());
    assertFalse(outcome.timedOut());
    assertEquals(1, outcome.exitCode());
    assertTrue(
        outcome.detail().startsWith("fence_dummy off of node n1: failed, exit 1"),
        outcome.detail());
    assertTrue(outcome.detail().contains("Timed out waiting to power OFF"), outcome.detail());
  }

  @Test
  void delayLongerThanTheTimeoutFailsAsATimeout() {
    FenceDummy.assumeInstalled();
    Path power = FenceDummy.poweredOn(dir, "n1");
    Duration timeout = Duration.ofMillis(1500);
    FenceDevice device = FenceDummy.device("off", power, timeout, Map.of("delay", "30"));

    long t0 = System.nanoTime();
    FenceOutcome outcome = adapter.fence("n1", device);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertFalse(outcome.success(), outcome.detail());
    assertTrue(outcome.timedOut(), outcome.detail());
    assertEquals(-1, outcome.exitCode());
    assertTrue(outcome.detail().contains("timed out"), outcome.detail());
    assertTrue(took.compareTo(timeout) >= 0, "took " + took);
    assertTrue(took.compareTo(timeout.plus(GRACE).plusSeconds(2)) < 0, "took " + took);
    assertEquals("on", FenceDummy.power(power), "the killed agent must not have acted");
  }

  @Test
  void missingAgentFails() {
    List<String> missing =
        List.of("fence_no_such_agent", "/nonexistent/fence_dummy", "relative/fence_dummy");
    for (String agent : missing) {
      FenceOutcome outcome = adapter.fence("n1", FenceDevice.off(agent, TIMEOUT));

      assertFalse(outcome.success(), outcome.detail());
      assertEquals(-1, outcome.exitCode());
      assertTrue(outcome.detail().contains("agent not found"), outcome.detail());
      assertTrue(outcome.detail().contains(agent), outcome.detail());
    }
  }

  @Test
  void passwordsNeverReachLogsOrOutcome() {
    FenceDummy.assumeInstalled();
    String secret = "Sup3r-" + System.nanoTime();
    Path power = FenceDummy.poweredOn(dir, "n1");
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("login", "admin");
    extra.put("passwd", secret);
    FenceDevice device = FenceDummy.device("off", power, TIMEOUT, extra);
    FenceOutcome outcome;
    try (LogCapture logs = new LogCapture()) {
      outcome = adapter.fence("n1", device);

      // fence_dummy has no passwd option and echoes the whole line in a warning.
      assertTrue(
          logs.messages().stream().anyMatch(m -> m.contains("passwd=****")),
          "the agent's warning was expected in the log: " + logs.messages());
      assertTrue(
          logs.messages().stream().noneMatch(m -> m.contains(secret)), logs.messages().toString());
    }
    assertTrue(outcome.success(), outcome.detail());
    assertTrue(
        outcome.output().stream().noneMatch(l -> l.contains(secret)), outcome.output().toString());
    assertFalse(outcome.detail().contains(secret), outcome.detail());
    assertFalse(device.toString().contains(secret), device.toString());
  }

  @Test
  void writesActionFirstThenOptionsInOrderThenNodename() throws IOException {
    Path agent = script("fence_recorder", "cat > \"$(dirname \"$0\")/stdin.txt\"\nexit 0\n");
    Map<String, String> options = new LinkedHashMap<>();
    options.put("ip", "192.0.2.9");
    options.put("plug", "n1-psu");
    options.put("password", "pw");
    FenceDevice device = new FenceDevice("fence_recorder", "reboot", options, TIMEOUT);
    FenceAgentsAdapter local =
        new FenceAgentsAdapter(new ProcessRunner(), new AgentLocator(List.of(dir)), GRACE);

    FenceOutcome outcome = local.fence("n1", device);

    assertTrue(outcome.success(), outcome.detail());
    assertEquals(
        List.of("action=reboot", "ip=192.0.2.9", "plug=n1-psu", "password=pw", "nodename=n1"),
        Files.readAllLines(agent.resolveSibling("stdin.txt")));
  }

  @Test
  void anyNonZeroExitIsAFailureAndStatusTwoOnlyMeansOffForStatus() throws IOException {
    script("fence_two", "cat > /dev/null\necho 'it says two'\nexit 2\n");
    FenceAgentsAdapter local =
        new FenceAgentsAdapter(new ProcessRunner(), new AgentLocator(List.of(dir)), GRACE);
    FenceDevice device = FenceDevice.off("fence_two", TIMEOUT);

    FenceOutcome off = local.fence("n1", device);
    FenceOutcome status = local.run("n1", device, FenceAction.STATUS);

    assertFalse(off.success(), off.detail());
    assertEquals(2, off.exitCode());
    assertTrue(
        off.detail().contains("exit 2") && off.detail().contains("it says two"), off.detail());
    assertTrue(status.success(), status.detail());
    assertEquals(FenceOutcome.Power.OFF, status.power());
  }

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
