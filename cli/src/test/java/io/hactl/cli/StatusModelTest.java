package io.hactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.config.ConfigParser;
import io.hactl.zk.AdminState;
import io.hactl.zk.Ban;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The status model: failures that expire with the window, bans, widths, the JSON schema. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StatusModelTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final long WINDOW = 60_000;

  private static ClusterSnapshot snapshot(List<Long> failedAt, Map<String, Ban> bans)
      throws Exception {
    return snapshot(failedAt, bans, false);
  }

  private static ClusterSnapshot snapshot(
      List<Long> failedAt, Map<String, Ban> bans, boolean watched) throws Exception {
    var config = new ConfigParser().parse(TwoAgents.yaml("c1", "127.0.0.1:1"), "test.yaml");
    ServiceStatus st =
        new ServiceStatus(
            "s1",
            "n1",
            ServiceState.RUNNING,
            7,
            failedAt.size(),
            T0,
            "restarted",
            T0 + 1_000,
            2_000,
            failedAt,
            WINDOW,
            watched);
    var view =
        new ClusterSnapshot.ServiceView(
            "s1",
            Optional.of("n1"),
            7,
            Optional.of(st),
            AdminState.NONE,
            true,
            Optional.empty(),
            bans,
            List.of(),
            List.of());
    Map<String, Boolean> up = new LinkedHashMap<>();
    up.put("n1", true);
    up.put("n2", false);
    return new ClusterSnapshot(
        config,
        up,
        Map.of("s1", view),
        List.of(),
        Set.of(),
        Map.of("n1", new ClusterSnapshot.Member(0x1234L, 6000)));
  }

  @Test
  void aWatchedRunningOwnerShowsNoLastCheckAgeButThatItsChecksAreWatched() throws Exception {
    var watched = StatusModel.of(snapshot(List.of(), Map.of(), true), T0 + 3_600_000);
    var s = watched.services().get(0);
    assertEquals("RUNNING", s.state());
    assertTrue(s.watched());
    assertEquals(null, s.lastCheckAgeMillis(), "its age is unknown, not an hour");
    String table = StatusTable.render(watched, 200);
    assertTrue(table.contains("restarted; checks every 2 s, watched by the owner"), table);
    var unwatched = StatusModel.of(snapshot(List.of(), Map.of(), false), T0 + 3_600_000);
    assertEquals("RUNNING?", unwatched.services().get(0).state());
    assertFalse(unwatched.services().get(0).watched());
    assertTrue(StatusTable.render(unwatched, 200).contains("NO GOOD CHECK"));
  }

  @Test
  void failuresExpireAsTheWindowSlidesWithoutANewReport() throws Exception {
    var snap = snapshot(List.of(T0 - 50_000, T0 - 20_000, T0), Map.of());
    assertEquals(3, StatusModel.of(snap, T0 + 1_000).services().get(0).failures());
    assertEquals(2, StatusModel.of(snap, T0 + 10_000).services().get(0).failures());
    assertEquals(1, StatusModel.of(snap, T0 + 45_000).services().get(0).failures());
    var later = StatusModel.of(snap, T0 + WINDOW).services().get(0);
    assertEquals(0, later.failures());
    assertEquals(List.of(), later.failureTimesMillis());
  }

  @Test
  void expiredBansAreGoneAndLongLinesEndInAnEllipsisAtTheWidth() throws Exception {
    String longReason = "x".repeat(700);
    var snap =
        snapshot(
            List.of(),
            Map.of("n2", new Ban(T0 + 30_000, longReason), "n3", new Ban(T0 - 1, "old")));
    StatusModel m = StatusModel.of(snap, T0 + 2_000);
    assertEquals(1, m.services().get(0).bans().size());
    assertEquals(28_000, m.services().get(0).bans().get(0).remainingMillis());
    String table = StatusTable.render(m, 80);
    for (String line : table.split("\n")) {
      assertTrue(line.length() <= 80, "line longer than 80: " + line);
    }
    assertTrue(
        table.contains("n2 banned for 28 s more (lift: `hactl clear s1 --node n2`): xxx"), table);
    assertTrue(table.contains("\u2026"), table);
    assertFalse(table.contains("n3 banned"), table);
    String json = StatusCommand.JSON.writeValueAsString(m);
    assertTrue(json.contains(longReason), "JSON keeps the full reason");
  }

  @Test
  void jsonReadsBackIntoTheModelWithTheDocumentedFields() throws Exception {
    StatusModel m = StatusModel.of(snapshot(List.of(T0), Map.of()), T0 + 1_000);
    String json = StatusCommand.JSON.writeValueAsString(m);
    assertEquals(m, StatusCommand.JSON.readValue(json, StatusModel.class));
    JsonNode tree = StatusCommand.JSON.readTree(json);
    assertEquals(1, tree.get("schemaVersion").asInt());
    JsonNode s = tree.get("services").get(0);
    for (String f :
        List.of(
            "name",
            "state",
            "enabled",
            "owner",
            "epoch",
            "sinceMillis",
            "reason",
            "failures",
            "failureTimesMillis",
            "failureWindowMillis",
            "lastCheckAgeMillis",
            "checkEveryMillis",
            "watched",
            "bans",
            "toFence",
            "frozen",
            "requests",
            "corrupt")) {
      assertTrue(s.has(f), "service field " + f + " in " + s);
    }
    assertEquals("n1", s.get("owner").asText());
    assertEquals(1, s.get("failures").asInt());
    JsonNode n2 = tree.get("nodes").get(1);
    assertFalse(n2.get("member").asBoolean());
    assertTrue(n2.get("session").isNull());
    assertEquals("0x1234", tree.get("nodes").get(0).get("session").asText());
    var yaml =
        StatusCommand.YAML.readValue(StatusCommand.YAML.writeValueAsString(m), StatusModel.class);
    assertEquals(m, yaml);
    assertFalse(m.services().get(0).frozen());
    assertEquals(List.of(), m.services().get(0).requests());
  }

  @Test
  void hostileControlCharactersAreNotSentToTheTerminal() {
    assertEquals("a?[2Jb", StatusTable.visible("a\033[2Jb"));
    assertEquals("ab\u2026", StatusTable.fit("abcdef", 3));
    assertEquals(Optional.of(33), TerminalWidth.parse(" 33 "));
    assertEquals(Optional.empty(), TerminalWidth.parse("-1"));
    assertEquals(Optional.empty(), TerminalWidth.parse("wide"));
  }
}
