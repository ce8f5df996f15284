package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What an operator sees when the command line or the cluster is not what hactl needs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UsageTest {

  @Test
  void bareHactlPrintsItsUsageAndExitsWithTheUsageStatus() {
    HactlRun r = HactlRun.hactl();
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("Usage: hactl"), r.err());
    assertTrue(r.err().contains("relocate"), r.err());
  }

  @Test
  void aUsageErrorPointsAtTheCommandsOwnHelp() {
    HactlRun r = HactlRun.hactl("relocate");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Try 'hactl relocate --help'."), r.err());
    assertFalse(r.err().contains("hactl hactl"), r.err());
  }

  @Test
  void unreachableZooKeeperIsOneClearLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    // A real process: the ZooKeeper client's own log lines go to the process's stderr.
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Hactl.class.getName(),
            "status",
            "--zookeeper",
            "127.0.0.1:" + port,
            "--cluster",
            "x",
            "--connect-timeout",
            "3s");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "hactl status did not end");
    assertEquals(4, p.exitValue(), err);
    // Apart from the warning that this test's cluster has no credentials: one clear line.
    List<String> lines =
        err.lines().filter(l -> !l.startsWith("hactl: warning: no ZooKeeper credentials")).toList();
    assertEquals(List.of("hactl: no ZooKeeper at 127.0.0.1:" + port + " within 3 s"), lines, err);

    List<String> debug = new ArrayList<>(cmd);
    debug.add("--debug");
    Process d = new ProcessBuilder(debug).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String debugErr = new String(d.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(d.waitFor(30, TimeUnit.SECONDS), "hactl status --debug did not end");
    assertTrue(
        debugErr.contains("Connection refused"), "--debug shows the client's lines: " + debugErr);
  }
}
