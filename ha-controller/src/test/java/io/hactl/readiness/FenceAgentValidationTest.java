package io.hactl.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigError;
import io.hactl.config.ConfigException;
import io.hactl.config.ConfigParser;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.fencing.agents.AgentLocator;
import io.hactl.process.ProcessRunner;
import io.hactl.resource.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fence devices checked against the metadata of the fence agents installed here (Debian's
 * fence-agents: fence_ipmilan, fence_virsh, fence_dummy), and against programs that are not fence
 * agents or misbehave.
 */
@Timeout(120)
class FenceAgentValidationTest {
  @TempDir Path tmp;

  private static final String HEAD =
      "cluster: {name: c1}\nnodes:\n  n1:\n    address: 10.0.0.1\n    fence:\n";

  private static String oneDevice(String agent, String options) {
    return HEAD + "      - - agent: " + agent + "\n          options: {" + options + "}\n";
  }

  private ClusterConfig parse(String yaml, boolean offline) throws ConfigException {
    InstalledFenceAgents agents =
        new InstalledFenceAgents(new ProcessRunner(), AgentLocator.fromEnvironment(), offline);
    return new ConfigParser(OcfAgentCatalog.UNCHECKED, agents).parse(yaml, "f.yaml");
  }

  private List<String> errors(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml, false), yaml);
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  private static void assumeAgents(String... agents) {
    Lab.assumePrograms("sh", "head");
    for (String a : agents) {
      Lab.assume(
          Files.isExecutable(Path.of("/usr/sbin", a)),
          a + " is not installed (Debian package fence-agents)");
    }
  }

  @Test
  void aCorrectIpmiDeviceWithItsPasswordInAFileIsValid() throws Exception {
    assumeAgents("fence_ipmilan");
    String yaml =
        oneDevice("fence_ipmilan", "ip: 10.0.1.1, username: admin, lanplus: 1, cipher: 3")
            + "          secrets: {password: /etc/hactl/secrets/bmc1}\n";
    ClusterConfig c = parse(yaml, false);
    assertEquals(1, c.nodes().get("n1").fenceLevels().size());
    assertFalse(c.nodes().get("n1").manualFenceOnly());
  }

  @Test
  void anUnknownOptionIsAnErrorNamingItsFieldWithTheLikelyMeaning() {
    assumeAgents("fence_ipmilan");
    List<String> errors = errors(oneDevice("fence_ipmilan", "ip: 10.0.1.1, usernme: admin"));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors
            .get(0)
            .startsWith(
                "f.yaml: nodes.n1.fence[0][0].options.usernme: unknown option of fence_ipmilan,"
                    + " which would ignore it; did you mean \"username\"?"),
        errors.toString());
  }

  @Test
  void optionNamesCompareAsTheAgentReadsThemWithDashesAndUnderscoresAlike() throws Exception {
    assumeAgents("fence_dummy");
    parse(oneDevice("fence_dummy", "type: fail, power-timeout: 3, status_file: /tmp/x"), false);
  }

  @Test
  void aMissingRequiredOptionIsAnErrorAndItsDeprecatedNameSatisfiesIt() throws Exception {
    assumeAgents("fence_virsh");
    List<String> errors = errors(oneDevice("fence_virsh", "ip: 10.0.1.1, username: root"));
    assertEquals(
        List.of(
            "f.yaml: nodes.n1.fence[0][0].options.plug: required by fence_virsh (its metadata);"
                + " give one of plug, port"),
        errors);
    parse(oneDevice("fence_virsh", "ip: 10.0.1.1, username: root, port: vm1"), false);
    parse(oneDevice("fence_virsh", "ipaddr: 10.0.1.1, login: root, plug: vm1"), false);
  }

  @Test
  void aMissingAgentIsAnErrorOnANodeAndAWarningOffline() throws Exception {
    assumeAgents();
    String yaml = oneDevice("fence_nosuchagent", "ip: 10.0.1.1");
    List<String> errors = errors(yaml);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors
            .get(0)
            .startsWith(
                "f.yaml: nodes.n1.fence[0][0].agent: fence agent fence_nosuchagent is not"
                    + " installed on this machine"),
        errors.toString());
    assertTrue(errors.get(0).contains("--offline"), errors.toString());

    InstalledFenceAgents offline =
        new InstalledFenceAgents(new ProcessRunner(), AgentLocator.fromEnvironment(), true);
    new ConfigParser(OcfAgentCatalog.UNCHECKED, offline).parse(yaml, "f.yaml");
    assertEquals(1, offline.warnings().size(), offline.warnings().toString());
    assertTrue(offline.warnings().get(0).contains("its options were not checked"));
  }

  @Test
  void aProgramThatIsNotAFenceAgentIsAnErrorOfflineToo() throws Exception {
    assumeAgents();
    Path notAgent = script("not-agent", "echo 'usage: no such option' >&2; exit 1");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> parse(oneDevice(notAgent.toString(), "ip: 10.0.1.1"), true));
    String msg = e.errors().get(0).toString();
    assertTrue(msg.contains("nodes.n1.fence[0][0].agent:"), msg);
    assertTrue(msg.contains("-o metadata: exited with status 1"), msg);
  }

  @Test
  void endlessMetadataIsCutAndRefused() throws Exception {
    assumeAgents();
    Path flood = script("flood", "yes '<parameter name=\"x\"/>'");
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> parse(oneDevice(flood.toString(), "x: 1"), false));
    assertTrue(
        e.getMessage().contains("printed more than " + InstalledFenceAgents.MAX_BYTES + " bytes"),
        e.getMessage());
  }

  @Test
  void aNodeWithoutFencingIsAnErrorSayingWhatFenceManualMeans() throws Exception {
    String none = "cluster: {name: c1}\nnodes:\n  n1:\n    address: 10.0.0.1\n";
    ConfigException e =
        assertThrows(ConfigException.class, () -> new ConfigParser().parse(none, "f.yaml"));
    String msg = e.errors().get(0).toString();
    assertTrue(msg.startsWith("f.yaml: nodes.n1.fence: node has no fencing"), msg);
    assertTrue(msg.contains("\"fence: manual\""), msg);
    assertTrue(msg.contains("hactl fence ack"), msg);
    assertThrows(
        ConfigException.class,
        () -> new ConfigParser().parse(none + "    fence: []\n", "f.yaml"),
        "an empty list is no fencing either");
    ConfigException word =
        assertThrows(
            ConfigException.class,
            () -> new ConfigParser().parse(none + "    fence: manaul\n", "f.yaml"));
    assertTrue(word.getMessage().contains("or \"manual\""), word.getMessage());

    ClusterConfig c = new ConfigParser().parse(none + "    fence: manual\n", "f.yaml");
    assertTrue(c.nodes().get("n1").manualFenceOnly());
    assertTrue(c.nodes().get("n1").fenceLevels().isEmpty());
  }

  private Path script(String name, String body) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
