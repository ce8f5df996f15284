package io.hactl.fencing.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.fencing.FenceDevice;
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

/**
 * fence_ibm_vpc's {@code apikey} and fence_ipmilan's {@code hexadecimal_kg}, given in options or
 * through secret files, reach the agent on stdin and nothing else: an agent that prints every line
 * it reads (the worst case) leaves no trace of them in the log, the outcome or its output.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretMaskingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void apikeyAndKgAreMaskedInOptionsAndInTheAgentsOutput() throws IOException {
    String apikey = "ApiKey-" + System.nanoTime();
    String kg = "4b67" + System.nanoTime();
    Map<String, String> options = new LinkedHashMap<>();
    options.put("apikey", apikey);
    options.put("hexadecimal_kg", kg);
    FenceDevice device = new FenceDevice("fence_echo", "off", options, TIMEOUT);

    FenceOutcome outcome = runEcho(device, apikey, kg);

    assertTrue(device.toString().contains("apikey=****"), device.toString());
    assertTrue(device.toString().contains("hexadecimal_kg=****"), device.toString());
    assertTrue(outcome.success(), outcome.detail());
  }

  @Test
  void secretsFromFilesReachTheAgentOnStdinOnly() throws IOException {
    String apikey = "FileKey-" + System.nanoTime();
    String kg = "6b67" + System.nanoTime();
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("apikey", secret("vpc", apikey + "\n"));
    files.put("hexadecimal_kg", secret("kg", kg));
    FenceDevice device =
        new FenceDevice("fence_echo", "off", Map.of("ip", "192.0.2.1"), files, TIMEOUT);

    FenceOutcome outcome = runEcho(device, apikey, kg);

    assertTrue(outcome.success(), outcome.detail());
    assertEquals(
        List.of("action=off", "ip=192.0.2.1", "apikey=" + apikey, "hexadecimal_kg=" + kg),
        Files.readAllLines(dir.resolve("stdin.txt")).subList(0, 4));
    assertTrue(
        device.toString().contains("apikey=<from " + files.get("apikey")), device.toString());
  }

  @Test
  void aSecretFileReadableByOthersIsRefusedWithoutShowingIt() throws IOException {
    String pw = "Leaky-" + System.nanoTime();
    Path file = secret("bmc", pw);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    FenceDevice device =
        new FenceDevice("fence_echo", "off", Map.of(), Map.of("passwd", file), TIMEOUT);
    echoAgent();

    FenceOutcome outcome = local().fence("n1", device);

    assertFalse(outcome.success(), outcome.detail());
    assertTrue(outcome.detail().contains(file + ": a secret file must be readable by its owner"));
    assertTrue(outcome.detail().contains("chmod 600"), outcome.detail());
    assertFalse(outcome.detail().contains(pw), outcome.detail());
    assertFalse(Files.exists(dir.resolve("stdin.txt")), "the agent must not have run");
  }

  private FenceOutcome runEcho(FenceDevice device, String... secrets) throws IOException {
    echoAgent();
    FenceOutcome outcome;
    try (LogCapture logs = new LogCapture()) {
      outcome = local().fence("n1", device);
      List<String> messages = logs.messages();
      assertTrue(
          messages.stream().anyMatch(m -> m.contains("apikey=****")),
          "the agent's echo was expected in the log, masked: " + messages);
      for (String s : secrets) {
        assertTrue(messages.stream().noneMatch(m -> m.contains(s)), s + " in " + messages);
        assertTrue(outcome.output().stream().noneMatch(l -> l.contains(s)), s + " in output");
        assertFalse(outcome.detail().contains(s), outcome.detail());
        assertFalse(device.toString().contains(s), device.toString());
      }
    }
    return outcome;
  }

  private FenceAgentsAdapter local() {
    return new FenceAgentsAdapter(
        new ProcessRunner(), new AgentLocator(List.of(dir)), Duration.ofSeconds(1));
  }

  /** An agent that records its stdin and prints every line back, secrets included. */
  private void echoAgent() throws IOException {
    Path file = dir.resolve("fence_echo");
    Files.writeString(
        file, "#!/bin/sh\ntee \"$(dirname \"$0\")/stdin.txt\" | sed 's/^/got: /'\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private Path secret(String name, String content) throws IOException {
    Path file = dir.resolve(name + ".secret");
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
