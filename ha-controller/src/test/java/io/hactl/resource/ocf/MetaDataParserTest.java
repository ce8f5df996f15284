package io.hactl.resource.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.OcfAgentCatalog.AgentInfo;
import io.hactl.resource.ocf.MetaDataParser.MetaDataException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Meta-data as hostile XML: what is read, and what is refused or never fetched. */
@Timeout(30)
class MetaDataParserTest {
  private static String agent(String doctype, String body) {
    return "<?xml version=\"1.0\"?>\n"
        + doctype
        + "\n<resource-agent name=\"X\" version=\"1.0\">\n"
        + "<parameters>\n"
        + "<parameter name=\"ip\" unique=\"1\" required=\"1\"><content type=\"string\"/></parameter>\n"
        + "<parameter name=\"nic\"><content type=\"string\"/></parameter>\n"
        + "</parameters>\n"
        + "<actions>\n"
        + "<action name=\"start\" timeout=\"20s\"/>\n"
        + "<action name=\"stop\" timeout=\"90\"/>\n"
        + "<action name=\"monitor\" timeout=\"2min\" interval=\"10s\" depth=\"0\"/>\n"
        + "<action name=\"monitor\" timeout=\"30s\" interval=\"1m\" depth=\"10\"/>\n"
        + "<action name=\"promote\" role=\"Promoted\" timeout=\"1h\"/>\n"
        + "</actions>\n"
        + body
        + "</resource-agent>\n";
  }

  @Test
  void readsParametersRequiredOnesAndAdvisedTimeouts() throws MetaDataException {
    AgentInfo info =
        MetaDataParser.parse(agent("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">", ""));
    assertEquals(List.of("ip", "nic"), info.parameters());
    assertEquals(Set.of("ip"), info.required());
    assertEquals(Duration.ofSeconds(20), info.advisedTimeouts().get("start"));
    assertEquals(Duration.ofSeconds(90), info.advisedTimeouts().get("stop"), "no unit: seconds");
    assertEquals(Duration.ofMinutes(2), info.advisedTimeouts().get("monitor"), "the longest");
    assertEquals(Optional.of(Duration.ofSeconds(10)), info.advisedMonitorInterval());
  }

  @Test
  void refusesEntityDeclarations() {
    String laughs =
        "<!DOCTYPE resource-agent [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>";
    MetaDataException e =
        assertThrows(MetaDataException.class, () -> MetaDataParser.parse(agent(laughs, "&b;")));
    assertTrue(e.getMessage().contains("entities"), e.getMessage());
  }

  @Test
  void neverReadsAnExternalDtd() throws Exception {
    AtomicBoolean contacted = new AtomicBoolean();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(
          () -> {
            try (Socket s = server.accept()) {
              contacted.set(true);
            } catch (IOException e) {
              // closed at the end of the test
            }
          });
      String url = "http://127.0.0.1:" + server.getLocalPort() + "/ra-api-1.dtd";
      AgentInfo info =
          MetaDataParser.parse(agent("<!DOCTYPE resource-agent SYSTEM \"" + url + "\">", ""));
      assertEquals(List.of("ip", "nic"), info.parameters());
    }
    assertTrue(!contacted.get(), "the parser must not fetch the DTD");
  }

  @Test
  void refusesWhatIsNotAgentMetaData() {
    assertThrows(MetaDataException.class, () -> MetaDataParser.parse("not xml"));
    assertThrows(MetaDataException.class, () -> MetaDataParser.parse("<html></html>"));
    assertThrows(
        MetaDataException.class,
        () ->
            MetaDataParser.parse(
                "<resource-agent><parameters><parameter name=\"a b\"/></parameters>"
                    + "</resource-agent>"));
    assertThrows(
        MetaDataException.class,
        () ->
            MetaDataParser.parse(
                "<resource-agent><actions><action name=\"start\" timeout=\"soon\"/></actions>"
                    + "</resource-agent>"));
  }

  @Test
  void readsPacemakerDurations() throws MetaDataException {
    assertEquals(Optional.of(Duration.ofMillis(500)), MetaDataParser.duration("500ms", "a", "t"));
    assertEquals(Optional.of(Duration.ofSeconds(5)), MetaDataParser.duration("5", "a", "t"));
    assertEquals(Optional.of(Duration.ofMinutes(3)), MetaDataParser.duration("3m", "a", "t"));
    assertEquals(Optional.of(Duration.ofHours(1)), MetaDataParser.duration("1h", "a", "t"));
    assertEquals(Optional.empty(), MetaDataParser.duration("", "a", "t"));
  }
}
