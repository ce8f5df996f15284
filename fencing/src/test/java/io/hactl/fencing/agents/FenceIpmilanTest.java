package io.hactl.fencing.agents;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.FenceOutcome;
import io.hactl.fencing.FenceTarget;
import io.hactl.fencing.NodeFenceResult;
import io.hactl.fencing.NodeFencer;
import io.hactl.process.LogCapture;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.hactl.process.RunningProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fences a "node" (a real process) through the real fence_ipmilan talking IPMI over LAN to
 * OpenIPMI's simulated BMC, whose chassis-control hook kills the node on power off.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FenceIpmilanTest {
  private static final String PASSWORD = "s3cret-bmc";

  /** A Kg key the BMC can be given as text (its configuration takes no hexadecimal key). */
  private static final String KG = "Kg.7qZ#x-2";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final ProcessRunner runner = new ProcessRunner();
  private final FenceAgentsAdapter adapter = new FenceAgentsAdapter(runner);
  private RunningProcess bmc;
  private RunningProcess node;
  private int port;

  @BeforeEach
  void startBmcAndNode() throws IOException {
    requireProgram("ipmi_sim", Path.of("/usr/bin/ipmi_sim"), "openipmi");
    requireProgram("ipmitool", Path.of("/usr/bin/ipmitool"), "ipmitool");
    requireProgram("fence_ipmilan", Path.of("/usr/sbin/fence_ipmilan"), "fence-agents");
    node = runner.start(ProcessSpec.of("node n1", Duration.ofSeconds(60), List.of("sleep", "300")));
    Files.writeString(dir.resolve("node.pid"), Long.toString(node.pid()));
    Files.writeString(dir.resolve("power"), "1");
    try (DatagramSocket probe = new DatagramSocket(0)) {
      port = probe.getLocalPort();
    }
    bmc = startBmc(null, device(PASSWORD));
  }

  /** Starts the simulated BMC, requiring the Kg key {@code kg} if not null, until it answers. */
  private RunningProcess startBmc(String kg, FenceDevice probe) throws IOException {
    writeBmcConfig(kg);
    RunningProcess started =
        runner.start(
            ProcessSpec.of(
                "bmc",
                Duration.ofSeconds(60),
                List.of(
                    "ipmi_sim",
                    "-c",
                    dir.resolve("lan.conf").toString(),
                    "-f",
                    dir.resolve("sim.emu").toString(),
                    "-s",
                    Files.createDirectories(dir.resolve("state")).toString(),
                    "-n")));
    await("simulated BMC answers")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> adapter.run("n1", probe, FenceAction.STATUS).success());
    return started;
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (RunningProcess p : new RunningProcess[] {bmc, node}) {
      if (p != null) {
        p.terminate(Duration.ofSeconds(1), Duration.ofSeconds(1));
      }
    }
  }

  @Test
  void offCutsTheNodeAndStatusThenReportsOff() {
    NodeFenceResult result =
        new NodeFencer(adapter).fence(new FenceTarget("n1", List.of(List.of(device(PASSWORD)))));

    assertTrue(result.success(), result.outcome().detail());
    await("node process killed by the BMC hook")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !node.isAlive());
    FenceOutcome status = adapter.run("n1", device(PASSWORD), FenceAction.STATUS);
    assertEquals(FenceOutcome.Power.OFF, status.power(), status.detail());
  }

  @Test
  void wrongPasswordFailsAndIsNeverShown() {
    String wrong = "not-the-" + PASSWORD;
    FenceOutcome outcome;
    try (LogCapture logs = new LogCapture()) {
      outcome = adapter.fence("n1", device(wrong));
      assertTrue(
          logs.messages().stream().noneMatch(m -> m.contains(wrong)), logs.messages().toString());
    }

    assertFalse(outcome.success(), outcome.detail());
    assertEquals(1, outcome.exitCode(), outcome.detail());
    assertFalse(outcome.detail().contains(wrong), outcome.detail());
    assertTrue(node.isAlive(), "a failed fence must not have touched the node");
  }

  @Test
  void aPasswordFromASecretFileFencesAndNeverShows() throws Exception {
    Path file = dir.resolve("bmc1.secret");
    Files.writeString(file, PASSWORD + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> options = new LinkedHashMap<>(device(PASSWORD).options());
    options.remove("password");
    FenceDevice fromFile =
        new FenceDevice("fence_ipmilan", "off", options, Map.of("password", file), TIMEOUT);
    Sampled sampled = fenceSampled(fromFile, PASSWORD);
    NodeFenceResult result = sampled.result();
    List<String> seen = sampled.seen();
    // hactl gives fence_ipmilan no password: it travels in IPMI_PASSWORD (environ, readable by
    // the process's owner only) to ipmitool -E behind hactl-ipmitool; no command line shows it.
    seen.stream()
        .distinct()
        .forEach(h -> System.out.println("password seen: " + h.replace(PASSWORD, "****")));
    assertEquals(
        List.of(),
        seen.stream().filter(h -> !h.contains(" environ ")).toList(),
        "command lines (/proc/PID/cmdline, ps -eo args) showing the password");
    assertEquals(
        List.of(),
        seen.stream().filter(h -> !h.contains(" environ r-------- ")).toList(),
        "environments readable by others than their owner");
    assertTrue(
        seen.stream().anyMatch(h -> h.matches("\\d+ environ r-------- of /usr/bin/ipmitool -E .*")),
        "the password reached ipmitool -E through its environment: " + seen);
    assertFalse(result.outcome().detail().contains(PASSWORD), result.outcome().detail());
    assertFalse(fromFile.toString().contains(PASSWORD), fromFile.toString());
    assertTrue(result.outcome().output().stream().noneMatch(l -> l.contains(PASSWORD)));
    await("node process killed by the BMC hook")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !node.isAlive());
  }

  @Test
  void aKgKeyFromASecretFileFencesAndIsOnNoCommandLine() throws Exception {
    String kgHex = hex(KG);
    bmc.terminate(Duration.ofSeconds(1), Duration.ofSeconds(1));
    bmc = startBmc(KG, withKg(device(PASSWORD), kgHex));
    // the BMC checks the key: without it, or with another, nothing is done
    assertFalse(adapter.run("n1", device(PASSWORD), FenceAction.STATUS).success(), "no Kg key");
    assertFalse(
        adapter.run("n1", withKg(device(PASSWORD), hex(KG + "!")), FenceAction.STATUS).success(),
        "another Kg key");

    Path file = dir.resolve("bmc1.kg");
    Files.writeString(file, kgHex + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    FenceDevice fromFile =
        new FenceDevice(
            "fence_ipmilan",
            "off",
            device(PASSWORD).options(),
            Map.of("hexadecimal_kg", file),
            TIMEOUT);
    Sampled sampled = fenceSampled(fromFile, kgHex, KG);
    NodeFenceResult result = sampled.result();
    List<String> seen = sampled.seen();
    seen.stream()
        .distinct()
        .forEach(h -> System.out.println("Kg key seen: " + h.replace(kgHex, "****")));
    assertEquals(
        List.of(),
        seen.stream().filter(h -> !h.contains(" environ r-------- ")).toList(),
        "command lines or readable environments showing the Kg key");
    assertTrue(
        seen.stream()
            .anyMatch(h -> h.matches("\\d+ environ r-------- of /usr/bin/ipmitool -E -K .*")),
        "the Kg key reached ipmitool -K through its environment: " + seen);
    assertFalse(result.outcome().detail().contains(kgHex), result.outcome().detail());
    await("node process killed by the BMC hook")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !node.isAlive());
  }

  /** What fencing with {@code device} gave, and the processes that showed one of the secrets. */
  private record Sampled(NodeFenceResult result, List<String> seen) {}

  /**
   * Fences n1 with {@code device} while sampling the process tables for {@code secrets}; asserts
   * that it succeeded, that ps ran, and that no log line shows a secret.
   */
  private Sampled fenceSampled(FenceDevice device, String... secrets) throws InterruptedException {
    NodeFenceResult result;
    List<String> seen;
    try (LogCapture logs = new LogCapture();
        ProcSampler ps = ProcSampler.start(secrets)) {
      result = new NodeFencer(adapter).fence(new FenceTarget("n1", List.of(List.of(device))));
      seen = ps.stop();
      for (String secret : secrets) {
        assertTrue(
            logs.messages().stream().noneMatch(m -> m.contains(secret)),
            logs.messages().toString());
      }
      assertTrue(ps.psRuns() > 0, "ps was sampled during fencing");
      System.out.printf(
          "process tables sampled %d times (ps -eo args %d times) during fencing%n",
          ps.samples(), ps.psRuns());
    }
    assertTrue(result.success(), result.outcome().detail());
    return new Sampled(result, seen);
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }

  private static FenceDevice withKg(FenceDevice device, String kgHex) {
    return device.withOption("hexadecimal_kg", kgHex);
  }

  private FenceDevice device(String password) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("ip", "127.0.0.1");
    options.put("ipport", Integer.toString(port));
    options.put("username", "admin");
    options.put("password", password);
    options.put("lanplus", "1");
    options.put("cipher", "3"); // without it every call stalls about 10 s
    return new FenceDevice("fence_ipmilan", "off", options, TIMEOUT);
  }

  private void writeBmcConfig(String kg) throws IOException {
    Path hook = dir.resolve("chassis.sh");
    Files.writeString(
        hook,
        String.join(
            "\n",
            "#!/bin/sh",
            "# called as: chassis.sh MC get|set PARAM [VALUE]",
            "here=$(dirname \"$0\")",
            "case \"$2\" in",
            "  get) [ \"$3\" = power ] && echo \"power:$(cat \"$here/power\")\" ;;",
            "  set) if [ \"$3\" = power ]; then",
            "         echo \"$4\" > \"$here/power\"",
            "         [ \"$4\" = 0 ] && kill -KILL \"$(cat \"$here/node.pid\")\"",
            "       fi ;;",
            "esac",
            "exit 0",
            ""));
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        dir.resolve("lan.conf"),
        String.join(
            "\n",
            "name \"hactl-test\"",
            "set_working_mc 0x20",
            "  startlan 1",
            "    addr 127.0.0.1 " + port,
            "    priv_limit admin",
            "    allowed_auths_callback none md2 md5 straight",
            "    allowed_auths_user none md2 md5 straight",
            "    allowed_auths_operator none md2 md5 straight",
            "    allowed_auths_admin none md2 md5 straight",
            "    guid a123456789abcdefa123456789abcdef",
            kg == null ? "" : "    bmc_key \"" + kg + "\"",
            "  endlan",
            "  chassis_control \"" + hook + " 0x20\"",
            "user 2 true \"admin\" \"" + PASSWORD + "\" admin 10 none md2 md5 straight",
            ""));
    Files.writeString(
        dir.resolve("sim.emu"),
        String.join(
            "\n",
            "mc_setbmc 0x20",
            "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr",
            "mc_enable 0x20",
            ""));
  }

  private static void requireProgram(String name, Path path, String pkg) {
    boolean present = Files.isExecutable(path);
    if (!present) {
      System.err.println("SKIPPED: " + name + " is missing; install Debian's " + pkg);
    }
    assumeTrue(present, name + " is missing; install Debian's " + pkg);
  }
}
