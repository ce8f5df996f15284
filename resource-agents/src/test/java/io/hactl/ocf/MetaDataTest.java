package io.hactl.ocf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The agents' meta-data: the DOCTYPE ocf-tester needs, every parameter described with its default,
 * an advised timeout for every action, and validate-all, usage and unknown actions answering with
 * the right OCF codes.
 */
class MetaDataTest {
  static java.util.List<String> agents() {
    return OcfRoot.agents();
  }

  @ParameterizedTest
  @MethodSource("agents")
  @Timeout(60)
  void metaDataDescribesEveryParameterAndAction(String agent) throws Exception {
    OcfRoot.skipUnlessShellFuncs();
    OcfRoot root = OcfRoot.create(RunDir.create("meta-" + agent));
    Proc.Result r =
        root.run(agent, "meta-data", "unused", Map.of(), Map.of(), Duration.ofSeconds(10));
    assertEquals(0, r.rc(), r::describe);
    assertTrue(
        r.output().contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"), r.output());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder b = f.newDocumentBuilder();
    Document doc = b.parse(new ByteArrayInputStream(r.output().getBytes(StandardCharsets.UTF_8)));
    assertEquals(agent, doc.getDocumentElement().getAttribute("name"));
    NodeList params = doc.getElementsByTagName("parameter");
    assertTrue(params.getLength() > 0, agent + " has no parameters");
    for (int i = 0; i < params.getLength(); i++) {
      Element p = (Element) params.item(i);
      String name = p.getAttribute("name");
      assertFalse(text(p, "longdesc").isBlank(), agent + " " + name + ": no longdesc");
      assertFalse(text(p, "shortdesc").isBlank(), agent + " " + name + ": no shortdesc");
      Element content = (Element) p.getElementsByTagName("content").item(0);
      assertNotNull(content, agent + " " + name + ": no content");
      assertTrue(
          content.hasAttribute("default") || "1".equals(p.getAttribute("required")),
          agent + " " + name + ": an optional parameter without a default");
    }
    Set<String> actions = new HashSet<>();
    NodeList list = doc.getElementsByTagName("action");
    for (int i = 0; i < list.getLength(); i++) {
      Element a = (Element) list.item(i);
      actions.add(a.getAttribute("name"));
      assertTrue(
          a.getAttribute("timeout").matches("[0-9]+s"),
          agent + " action " + a.getAttribute("name") + ": no advised timeout");
    }
    assertTrue(
        actions.containsAll(Set.of("start", "stop", "monitor", "meta-data", "validate-all")),
        agent + " actions: " + actions);
  }

  @ParameterizedTest
  @MethodSource("agents")
  @Timeout(60)
  void unknownActionIsUnimplementedAndUsageSucceeds(String agent) {
    OcfRoot.skipUnlessShellFuncs();
    OcfRoot root = OcfRoot.create(RunDir.create("usage-" + agent));
    Proc.Result r = root.run(agent, "promote", "x", Map.of(), Map.of(), Duration.ofSeconds(10));
    assertEquals(3, r.rc(), r::describe);
    Proc.Result u = root.run(agent, "usage", "x", Map.of(), Map.of(), Duration.ofSeconds(10));
    assertEquals(0, u.rc(), u::describe);
    assertTrue(u.output().contains("usage: " + agent), u.output());
  }

  @ParameterizedTest
  @MethodSource("agents")
  @Timeout(60)
  void validateAllNamesABadParameter(String agent) {
    OcfRoot.skipUnlessShellFuncs();
    OcfRoot root = OcfRoot.create(RunDir.create("validate-" + agent));
    Map<String, String> params = new java.util.HashMap<>(REQUIRED.getOrDefault(agent, Map.of()));
    params.put("pidfile", "relative/agent.pid");
    Proc.Result r = root.run(agent, "validate-all", "x", params, Map.of(), Duration.ofSeconds(10));
    assertEquals(6, r.rc(), r::describe);
    assertTrue(r.output().contains("ocf-exit-reason:pidfile: 'relative/agent.pid'"), r::describe);
  }

  /** Parameters that an agent requires, so that validation gets as far as the pidfile. */
  static final Map<String, Map<String, String>> REQUIRED =
      Map.of(
          "slurmctld", Map.of(),
          "condor-schedd", Map.of("local_name", "schedd1", "spool", "/srv/spool"),
          "quartz-demo", Map.of("spool", "/srv/spool"));

  private static String text(Element e, String tag) {
    NodeList l = e.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent();
  }
}
