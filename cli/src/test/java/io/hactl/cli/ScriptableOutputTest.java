package io.hactl.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.agent.Agent;
import io.hactl.agent.ServiceState;
import io.hactl.config.ConfigParser;
import io.hactl.zk.auth.ZkAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status -o json|yaml} and {@code --watch} against two running agents: the output parses
 * back and names the node that really runs the service, before and after a relocation.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptableOutputTest {
  @TempDir Path tmp;
  @RegisterExtension final Closers closers = new Closers();

  /** The node whose agent runs s1 now, from the agents themselves. */
  private static String runner(List<Agent> agents) {
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i).controllers().get("s1").state() == ServiceState.RUNNING) {
        return "n" + (i + 1);
      }
    }
    return null;
  }

  @Test
  void statusJsonAndYamlParseBackAndNameTheRealOwner() throws Exception {
    TestingServer server = closers.add(new TestingServer(true));
    Path cfg = tmp.resolve("cluster.yaml");
    Files.writeString(cfg, TwoAgents.yaml("out", server.getConnectString()));
    List<Agent> agents =
        TwoAgents.start(
            new ConfigParser().parseFile(cfg), server.getConnectString(), ZkAccess.open(), closers);
    String c = cfg.toString();

    HactlRun json = HactlRun.hactl("status", "-o", "json", "-c", c);
    assertEquals(0, json.code(), json.err());
    StatusModel m = StatusCommand.JSON.readValue(json.out(), StatusModel.class);
    assertEquals(1, m.schemaVersion());
    assertEquals("out", m.cluster());
    var s1 = m.services().get(0);
    assertEquals("s1", s1.name());
    assertEquals("RUNNING", s1.state());
    assertEquals(runner(agents), s1.owner(), "the owner the agents say runs s1");
    assertTrue(s1.epoch() > 0, json.out());
    assertTrue(m.nodes().stream().allMatch(StatusModel.Node::member), json.out());
    assertTrue(m.nodes().get(0).session().startsWith("0x"), json.out());
    assertTrue(m.nodes().get(0).sessionTimeoutMillis() > 0, json.out());

    HactlRun yaml = HactlRun.hactl("status", "-o", "yaml", "-c", c);
    assertEquals(0, yaml.code(), yaml.err());
    StatusModel y = StatusCommand.YAML.readValue(yaml.out(), StatusModel.class);
    assertEquals(s1.owner(), y.services().get(0).owner());

    assertEquals(0, HactlRun.hactl("relocate", "s1", "--to", "n2", "-c", c).code());
    await("n2 runs s1").atMost(Duration.ofSeconds(30)).until(() -> "n2".equals(runner(agents)));
    JsonNode after =
        StatusCommand.JSON.readTree(HactlRun.hactl("status", "-o", "json", "-c", c).out());
    assertEquals("n2", after.at("/services/0/owner").asText(), after.toString());
    assertTrue(after.at("/services/0/epoch").asLong() > s1.epoch(), "a new term, a new epoch");
  }

  @Test
  void watchPrintsFramesOneAfterTheOtherWithoutATerminal() throws Exception {
    TestingServer server = closers.add(new TestingServer(true));
    Path cfg = tmp.resolve("cluster.yaml");
    Files.writeString(cfg, TwoAgents.yaml("watch", server.getConnectString()));
    TwoAgents.start(
        new ConfigParser().parseFile(cfg), server.getConnectString(), ZkAccess.open(), closers);
    String c = cfg.toString();

    HactlRun json =
        HactlRun.hactl("status", "--watch", "200ms", "--count", "3", "-o", "json", "-c", c);
    assertEquals(0, json.code(), json.err());
    List<String> frames = json.out().lines().toList();
    assertEquals(3, frames.size(), "one JSON document per line: " + json.out());
    long previous = 0;
    for (String f : frames) {
      StatusModel m = StatusCommand.JSON.readValue(f, StatusModel.class);
      assertEquals("n1", m.services().get(0).owner());
      assertTrue(m.timeMillis() > previous, "each frame is a new read");
      previous = m.timeMillis();
    }

    HactlRun table =
        HactlRun.hactl("status", "-w", "200ms", "--count", "2", "--width", "60", "-c", c);
    assertEquals(0, table.code(), table.err());
    assertEquals(2, table.out().lines().filter(l -> l.startsWith("--- ")).count(), table.out());
    assertFalse(table.out().contains(StatusCommand.CLEAR), "no escape codes into a pipe");
    assertTrue(table.out().lines().allMatch(l -> l.length() <= 60), table.out());
    assertEquals(2, table.out().lines().filter(l -> l.startsWith("cluster watch")).count());

    HactlRun bad = HactlRun.hactl("status", "--count", "2", "-c", c);
    assertEquals(2, bad.code(), "--count without --watch");
  }
}
