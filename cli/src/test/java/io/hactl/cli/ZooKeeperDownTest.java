package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that talks to the cluster, with ZooKeeper unreachable: exit 4 and one clear line
 * naming the ensemble, no stack trace (those only with --debug).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ZooKeeperDownTest {
  @TempDir Path tmp;
  private Path cfg;
  private String connect;

  @BeforeEach
  void configurationPointingNowhere() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    connect = "127.0.0.1:" + port;
    cfg = tmp.resolve("cluster.yaml");
    Files.writeString(cfg, TwoAgents.yaml("down", connect));
    Files.createDirectories(tmp.resolve("cluster.yaml.credentials"));
  }

  private HactlRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--connect-timeout", "1s"));
    return HactlRun.hactl(all.toArray(String[]::new));
  }

  @Test
  void everyClusterCommandSaysSoInOneLineAndExits4() {
    String c = cfg.toString();
    List<String[]> commands =
        List.of(
            new String[] {"status", "-c", c},
            new String[] {"status", "-o", "json", "-c", c},
            new String[] {"history", "-c", c},
            new String[] {"history", "s1", "-c", c},
            new String[] {"relocate", "s1", "-c", c},
            new String[] {"enable", "s1", "-c", c},
            new String[] {"disable", "s1", "-c", c},
            new String[] {"clear-request", "s1", "-c", c},
            new String[] {"fence", "ack", "n2", "-c", c},
            new String[] {"config", "show", "-c", c},
            new String[] {"config", "diff", c},
            new String[] {"config", "apply", "--yes", c});
    for (String[] cmd : commands) {
      HactlRun r = run(cmd);
      String what = String.join(" ", cmd) + ": " + r.err();
      assertEquals(4, r.code(), what);
      List<String> lines =
          r.err()
              .lines()
              .filter(l -> !l.startsWith("hactl: warning: no ZooKeeper credentials"))
              .toList();
      assertEquals(1, lines.size(), "one line: " + what);
      assertTrue(lines.get(0).contains("no ZooKeeper at " + connect), what);
      assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what);
    }
  }

  @Test
  void debugAddsTheStackTrace() {
    HactlRun r = run("status", "-c", cfg.toString(), "--debug");
    assertEquals(4, r.code());
    assertTrue(r.err().contains("\tat "), "a stack trace with --debug: " + r.err());
  }
}
