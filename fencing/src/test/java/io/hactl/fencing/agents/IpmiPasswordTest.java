package io.hactl.fencing.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
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

/** The BMC password of the fence_ipmilan family leaves stdin for the environment. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IpmiPasswordTest {
  @TempDir Path dir;

  private static Map<String, String> options(String... kv) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      o.put(kv[i], kv[i + 1]);
    }
    return o;
  }

  @Test
  void theFamilyGetsThePasswordInTheEnvironmentAndTheWrapperAsIpmitool() {
    for (String agent : IpmiPassword.FAMILY) {
      IpmiPassword.Call call =
          IpmiPassword.route(
              Path.of("/usr/sbin", agent),
              options("ip", "10.0.0.1", "password", "pw1", "lanplus", "1"));
      assertEquals(Map.of("IPMI_PASSWORD", "pw1"), call.environment(), agent);
      Path wrapper = IpmiPassword.wrapper().orElseThrow();
      assertEquals(
          options("ip", "10.0.0.1", "lanplus", "1", "ipmitool_path", wrapper.toString()),
          call.options(),
          agent);
    }
  }

  @Test
  void anIpmitoolPathOfTheDeviceBecomesTheRealIpmitool() {
    IpmiPassword.Call call =
        IpmiPassword.route(
            Path.of("/usr/sbin/fence_idrac"),
            options("ipmitool_path", "/opt/ipmitool", "passwd", "pw2"));
    assertEquals(
        Map.of("IPMI_PASSWORD", "pw2", "HACTL_IPMITOOL", "/opt/ipmitool"), call.environment());
    assertEquals(List.of("ipmitool_path"), List.copyOf(call.options().keySet()));
  }

  @Test
  void otherAgentsSudoAndNoPasswordAreLeftAlone() {
    Map<String, String> withPassword = options("ip", "10.0.0.1", "password", "pw3");
    assertEquals(
        withPassword,
        IpmiPassword.route(Path.of("/usr/sbin/fence_apc"), withPassword).options(),
        "another agent");
    assertEquals(
        withPassword,
        IpmiPassword.route(Path.of("/srv/bin/fence_hx_ipmilan"), withPassword).options(),
        "a wrapper of another name");
    Map<String, String> sudo = options("password", "pw3", "use_sudo", "1");
    IpmiPassword.Call call = IpmiPassword.route(Path.of("/usr/sbin/fence_ipmilan"), sudo);
    assertEquals(sudo, call.options(), "sudo clears the environment");
    assertEquals(Map.of(), call.environment());
    Map<String, String> none = options("ip", "10.0.0.1", "passwd_script", "/etc/pw.sh");
    assertEquals(
        none, IpmiPassword.route(Path.of("/usr/sbin/fence_ipmilan"), none).options(), "none");
  }

  @Test
  void theWrapperDropsTheEmptyPasswordArgumentAndAddsE() throws IOException {
    Path args = dir.resolve("args");
    Path recorder = dir.resolve("ipmitool");
    Files.writeString(
        recorder,
        "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > '"
            + args
            + "'\nprintf '%s' \"$IPMI_PASSWORD\" >> '"
            + args
            + "'\n");
    Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
    Path wrapper = IpmiPassword.wrapper().orElseThrow();
    assertEquals(
        "r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wrapper)));
    ProcessResult r =
        new ProcessRunner()
            .run(
                new ProcessSpec(
                    "wrapper",
                    List.of(
                        wrapper.toString(),
                        "-I",
                        "lanplus",
                        "-U",
                        "a b",
                        "-P",
                        "",
                        "-C",
                        "3",
                        "chassis",
                        "power",
                        "status"),
                    Map.of("IPMI_PASSWORD", "pw 4", "HACTL_IPMITOOL", recorder.toString()),
                    null,
                    null,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1)));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "[-E][-I][lanplus][-U][a b][-C][3][chassis][power][status]pw 4", Files.readString(args));
  }

  @Test
  void aKgKeyLeavesTheOptionsForTheEnvironmentUnlessAZeroByteIsInside() {
    IpmiPassword.Call call =
        IpmiPassword.route(
            Path.of("/usr/sbin/fence_ipmilan"),
            options("ip", "10.0.0.1", "password", "pw5", "hexadecimal_kg", "4B67FF0a0000"));
    assertEquals(
        Map.of("IPMI_PASSWORD", "pw5", "HACTL_IPMI_KG_HEX", "4b67ff0a"), call.environment());
    assertEquals(List.of("ip", "ipmitool_path"), List.copyOf(call.options().keySet()));

    IpmiPassword.Call kgOnly =
        IpmiPassword.route(
            Path.of("/usr/sbin/fence_ilo4"), options("hexadecimal-kg", "31", "passwd_script", "s"));
    assertEquals(Map.of("HACTL_IPMI_KG_HEX", "31"), kgOnly.environment());
    assertEquals(List.of("passwd_script", "ipmitool_path"), List.copyOf(kgOnly.options().keySet()));

    for (String cannot : List.of("4b00ff", "004b", "0000", "4b6", "4g67", "31".repeat(21))) {
      Map<String, String> o = options("password", "pw6", "hexadecimal_kg", cannot);
      IpmiPassword.Call c = IpmiPassword.route(Path.of("/usr/sbin/fence_ipmilan"), o);
      assertEquals(Map.of("IPMI_PASSWORD", "pw6"), c.environment(), cannot);
      assertEquals(cannot, c.options().get("hexadecimal_kg"), "stays an option: " + cannot);
    }
  }

  @Test
  void theWrapperTurnsTheKgHexIntoTheRawKeyForK() throws IOException {
    Path args = dir.resolve("args");
    Path key = dir.resolve("key");
    Path recorder = dir.resolve("ipmitool");
    Files.writeString(
        recorder,
        "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done > '"
            + args
            + "'\nprintf '%s' \"${HACTL_IPMI_KG_HEX-unset}\" >> '"
            + args
            + "'\nprintf '%s' \"$IPMI_KGKEY\" > '"
            + key
            + "'\n");
    Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
    // high bytes, a percent sign, a backslash and a trailing newline byte survive the shell
    String hex = "ff8025" + "5c6e" + "4b" + "0a";
    ProcessResult r =
        new ProcessRunner()
            .run(
                new ProcessSpec(
                    "wrapper",
                    List.of(IpmiPassword.wrapper().orElseThrow().toString(), "-P", "", "power"),
                    Map.of(
                        "IPMI_PASSWORD",
                        "pw7",
                        "HACTL_IPMI_KG_HEX",
                        hex,
                        "HACTL_IPMITOOL",
                        recorder.toString()),
                    null,
                    null,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1)));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("[-E][-K][power]unset", Files.readString(args));
    assertEquals(hex, java.util.HexFormat.of().formatHex(Files.readAllBytes(key)));
  }

  @Test
  void aWrapperRemovedOrChangedIsWrittenAgain() throws IOException {
    Path first = IpmiPassword.wrapper().orElseThrow();
    Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(first, "#!/bin/sh\nexit 0\n");
    Path second = IpmiPassword.wrapper().orElseThrow();
    assertTrue(!second.equals(first) && Files.isExecutable(second), second.toString());
    assertTrue(Files.readString(second).contains("exec \"$real\" -E \"$@\""));
  }
}
