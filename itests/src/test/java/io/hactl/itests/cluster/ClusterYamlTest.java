package io.hactl.itests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ClusterYamlTest {
  static String sample() {
    List<ClusterYaml.NodeEntry> nodes =
        List.of(
            new ClusterYaml.NodeEntry(
                "n1",
                "10.0.0.1",
                "/run/x/bin/fence_hx_ipmilan",
                Map.of("ip", "10.0.0.101", "ipport", "623"),
                Duration.ofSeconds(10)),
            new ClusterYaml.NodeEntry(
                "n2",
                "10.0.0.2",
                "/run/x/bin/fence_hx_ipmilan",
                Map.of("ip", "10.0.0.102", "ipport", "623"),
                Duration.ofSeconds(10)));
    return ClusterYaml.render(
        "hxab12",
        "10.0.0.201:2181",
        Duration.ofSeconds(4),
        nodes,
        true,
        new ClusterYaml.ServiceEntry(
            "/run/x/nfs/spool",
            "/run/x/mnt/spool",
            List.of("/bin/sh", "/run/x/bin/hx-heartbeat", "/run/x/mnt/spool", "0.2")));
  }

  @Test
  void rendersEveryPartOfTheSchema() {
    String y = sample();
    assertTrue(y.contains("  sessionTimeout: 4s\n"), y);
    assertTrue(y.contains("    nodes: [n1, n2]\n"), y);
    assertTrue(y.contains("  s1:\n    domain: all\n"), y);
    assertTrue(y.contains("        options: bind\n"), y);
    assertTrue(y.contains("      - - agent: \"/run/x/bin/fence_hx_ipmilan\"\n"), y);
  }

  @Test
  void quotesStrings() {
    assertEquals("\"a\\\"b\\\\c\"", ClusterYaml.q("a\"b\\c"));
  }

  @Test
  void durationsRoundTrip() {
    assertEquals(Duration.ofMillis(90_250), Durations.parse("1m30s250ms"));
    assertEquals("4s", Durations.format(Duration.ofSeconds(4)));
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("4 seconds"));
  }
}
