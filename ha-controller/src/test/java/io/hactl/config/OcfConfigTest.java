package io.hactl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessRunner;
import io.hactl.resource.Lab;
import io.hactl.resource.ocf.MetaDataCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: ocf} in the configuration, checked against real meta-data: the test agent {@code
 * ocf:test:Coded} under a temporary OCF root (cluster.ocfRoot) and Debian's heartbeat agents.
 */
@Timeout(60)
class OcfConfigTest {
  @TempDir Path tmp;
  private Path root;
  private ConfigParser parser;

  @BeforeEach
  void install() throws IOException {
    Lab.assumePrograms("sh", "head");
    root = tmp.resolve("ocf");
    Path dir = Files.createDirectories(root.resolve("resource.d/test"));
    try (InputStream in = getClass().getResourceAsStream("/ocf/resource.d/test/Coded")) {
      Files.copy(in, dir.resolve("Coded"));
    }
    Files.setPosixFilePermissions(
        dir.resolve("Coded"), PosixFilePermissions.fromString("rwxr-xr-x"));
    parser = new ConfigParser(new MetaDataCatalog(new ProcessRunner()));
  }

  private String yaml(String ocfRoot, String sessionTimeout, String resource) {
    return """
        cluster:
          name: c1
          sessionTimeout: %s%s
        nodes:
          n1: {address: 10.0.0.1, fence: [[{agent: fence_dummy}]]}
        failoverDomains:
          d1: {nodes: [{node: n1}]}
        services:
          s1:
            domain: d1
            resources:
        %s
        """
        .formatted(
            sessionTimeout,
            ocfRoot == null ? "" : "\n  ocfRoot: " + ocfRoot,
            resource.indent(6).stripTrailing());
  }

  private String coded(String extra) {
    return "- type: ocf\n  name: r1\n  provider: test\n  agent: Coded\n" + extra;
  }

  private List<String> errors(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(text, "c.yaml"));
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void advisedTimeoutsBecomeDefaultsAndParamsPass() throws ConfigException {
    ClusterConfig c =
        parser.parse(
            yaml(
                root.toString(),
                "30s",
                coded("  params: {dir: /tmp/x, fake: 1}\n  emergencyStopTimeout: 2s\n")),
            "c.yaml");
    assertEquals(root, c.cluster().ocfRoot());
    OcfResourceConfig r = (OcfResourceConfig) c.services().get("s1").resources().get(0);
    assertEquals(Map.of("dir", "/tmp/x", "fake", "1"), r.params());
    assertEquals(root, r.ocfRoot());
    assertEquals(Duration.ofSeconds(7), r.startTimeout(), "advised start");
    assertEquals(Duration.ofSeconds(8), r.stopTimeout(), "advised stop");
    assertEquals(Duration.ofSeconds(11), r.monitorInterval(), "advised interval");
    assertEquals(Duration.ofSeconds(9), r.monitorTimeout(), "advised monitor timeout");
    assertEquals(Duration.ofSeconds(2), r.emergencyStopTimeout());
    assertEquals(Duration.ofMillis(2200), c.services().get("s1").emergencyStopBudget());
  }

  @Test
  void unknownAndMissingRequiredParametersNameTheField() {
    assertEquals(
        List.of(
            "c.yaml: services.s1.resources[0].params.dirr: unknown parameter of ocf:test:Coded"
                + " (known: dir, fake); did you mean dir?",
            "c.yaml: services.s1.resources[0].params.dir: is required by ocf:test:Coded (its"
                + " meta-data marks it required); add params.dir"),
        errors(yaml(root.toString(), "30s", coded("  params: {dirr: /tmp/x}\n"))));
  }

  @Test
  void anAgentWhoseStopCannotFitTheEmergencyBudgetIsRefused() {
    List<String> errors = errors(yaml(root.toString(), "10s", coded("  params: {dir: /x}\n")));
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors
            .get(0)
            .startsWith(
                "c.yaml: services.s1: emergency stop budget 8.2s exceeds 3.333s, a third of"
                    + " cluster.sessionTimeout 10s"),
        errors.get(0));
    assertTrue(
        errors
            .get(0)
            .contains("r1 8.2s (emergencyStopTimeout 8s of ocf:test:Coded stop + kill wait 200ms)"),
        errors.get(0));
  }

  @Test
  void aMissingAgentIsAnErrorNamingThePath() {
    String text =
        yaml(
            root.toString(),
            "30s",
            "- {type: ocf, name: r1, agent: Nope, emergencyStopTimeout: 1s}");
    List<String> errors = errors(text);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(
        errors
            .get(0)
            .startsWith(
                "c.yaml: services.s1.resources[0].agent: no OCF agent ocf:heartbeat:Nope on this"
                    + " machine: "
                    + root.resolve("resource.d/heartbeat/Nope")
                    + " does not exist"),
        errors.get(0));
  }

  @Test
  void heartbeatIpaddr2ParamsAreCheckedAgainstItsMetaData() {
    Path ipaddr2 =
        OcfResourceConfig.agentPath(OcfResourceConfig.DEFAULT_OCF_ROOT, "heartbeat", "IPaddr2");
    Lab.assume(Files.isExecutable(ipaddr2), "needs " + ipaddr2 + " (Debian resource-agents)");
    List<String> errors =
        errors(
            yaml(
                null,
                "30s",
                "- type: ocf\n  name: vip\n  agent: IPaddr2\n  emergencyStopTimeout: 2s\n"
                    + "  params: {ipp: 10.0.0.9}\n"));
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(
        errors
            .get(0)
            .startsWith(
                "c.yaml: services.s1.resources[0].params.ipp: unknown parameter of"
                    + " ocf:heartbeat:IPaddr2 (known: ip, nic, cidr_netmask,"),
        errors.get(0));
    assertEquals(
        "c.yaml: services.s1.resources[0].params.ip: is required by ocf:heartbeat:IPaddr2 (its"
            + " meta-data marks it required); add params.ip",
        errors.get(1));
  }

  @Test
  void withoutACatalogParamsAreNotCheckedAndTimeoutsAreFixed() throws ConfigException {
    ClusterConfig c =
        new ConfigParser()
            .parse(
                yaml(null, "30s", coded("  params: {anything: 1}\n  emergencyStopTimeout: 1s\n")),
                "c.yaml");
    OcfResourceConfig r = (OcfResourceConfig) c.services().get("s1").resources().get(0);
    assertEquals(Duration.ofSeconds(20), r.stopTimeout());
    assertEquals(OcfResourceConfig.DEFAULT_OCF_ROOT, r.ocfRoot());
  }

  @Test
  void badNamesAndValuesAreRefused() {
    List<String> errors =
        errors(
            yaml(
                root.toString(),
                "30s",
                "- type: ocf\n  name: r1\n  provider: ../etc\n  agent: Coded\n"
                    + "  params: {\"bad-name\": 1}\n  monitorDepth: -1\n"
                    + "  monitorInterval: 5s\n  monitorTimeout: 6s\n"));
    assertEquals(
        List.of(
            "c.yaml: services.s1.resources[0].provider: must be one name of a directory or file"
                + " under OCF_ROOT/resource.d: letters, digits, '_', '.', '+' and '-', no '/' (got"
                + " \"../etc\")",
            "c.yaml: services.s1.resources[0].params.bad-name: invalid name: must be an OCF"
                + " parameter name: letters, digits and '_' (got \"bad-name\")",
            "c.yaml: services.s1.resources[0].monitorDepth: must be an OCF_CHECK_LEVEL from 0 to"
                + " 100 (got -1)",
            "c.yaml: services.s1.resources[0].monitorTimeout: must not exceed monitorInterval (got"
                + " monitorTimeout 6s, monitorInterval 5s): one monitor must end before the next"
                + " is due"),
        errors);
  }
}
