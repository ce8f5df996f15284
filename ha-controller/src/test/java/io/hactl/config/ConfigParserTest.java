package io.hactl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ClusterSettings.SelfFence;
import io.hactl.config.RecoveryPolicy.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigParserTest {
  private final ConfigParser parser = new ConfigParser();

  private static final String FULL =
      """
      cluster:
        name: prod
        zookeeper: "zk1:2181,zk2:2181,zk3:2181"
        chroot: /clusters/hactl
        sessionTimeout: 30s
        selfFence: reboot
        historySize: 5000
      nodes:
        n1:
          address: 10.200.0.1
          fence:
            - - agent: fence_ipmilan
                action: reboot
                timeout: 30s
                options: {ip: 127.0.0.1, ipport: 9001, username: admin, password: secret, lanplus: 1, cipher: 3}
            - - agent: /usr/local/sbin/fence_pdu
                options: {port: "007", verbose: true, ratio: 1.50}
              - agent: fence_apc_snmp
        n2:
          address: n2.example.org
          fence: manual
      failoverDomains:
        d1:
          ordered: false
          restricted: false
          nofailback: true
          nodes: [{node: n2, priority: 5}, {node: n1}]
      services:
        schedd1:
          domain: d1
          enabled: false
          recovery: {policy: relocate, maxRestarts: 0, window: 1m30s}
          resources:
            - type: fs
              name: spool
              device: "nfs1:/export/spool"
              mountpoint: /var/spool/condor
              fstype: nfs4
              options: "rw,hard"
              epochFile: false
              monitorDepth: 10
              startTimeout: 45s
              stopTimeout: 2m
              monitorInterval: 0s
              monitorTimeout: 1h
              termGrace: 250ms
              unmountTimeout: 3s
              children:
                - type: exec
                  name: schedd
                  command: ["/usr/sbin/condor_schedd", "-f", 7]
                  user: condor
                  environment: {CONDOR_CONFIG: /etc/condor/condor_config, DEBUG: 1}
                  workdir: /var/spool/condor
                  pidfile: /run/schedd.pid
                  ready: ["condor_q", "-limit", "1"]
                  monitor: [condor_status]
                  startTimeout: 61s
                  stopTimeout: 62s
                  monitorInterval: 20s
                  monitorTimeout: 20s
                  termGrace: 0s
                  children:
                    - type: exec
                      name: helper
                      command: [/bin/sleep, infinity]
      """;

  @Test
  void fullConfigParsesToTheExpectedRecords() throws ConfigException {
    ClusterConfig c = parser.parse(FULL, "cluster.yaml");

    assertEquals(
        new ClusterSettings(
            "prod",
            "zk1:2181,zk2:2181,zk3:2181",
            "/clusters/hactl",
            Duration.ofSeconds(30),
            SelfFence.REBOOT,
            5000),
        c.cluster());
    assertEquals("/clusters/hactl/prod", c.cluster().root());
    assertEquals(FULL, c.source());

    FenceDeviceConfig ipmi =
        new FenceDeviceConfig(
            "fence_ipmilan",
            "reboot",
            ordered(
                "ip",
                "127.0.0.1",
                "ipport",
                "9001",
                "username",
                "admin",
                "password",
                "secret",
                "lanplus",
                "1",
                "cipher",
                "3"),
            Duration.ofSeconds(30));
    FenceDeviceConfig pdu =
        new FenceDeviceConfig(
            "/usr/local/sbin/fence_pdu",
            "off",
            ordered("port", "007", "verbose", "true", "ratio", "1.50"),
            Duration.ofSeconds(60));
    FenceDeviceConfig apc =
        new FenceDeviceConfig("fence_apc_snmp", "off", Map.of(), Duration.ofSeconds(60));
    assertEquals(
        new NodeConfig(
            "n1",
            "10.200.0.1",
            List.of(new FenceLevel(List.of(ipmi)), new FenceLevel(List.of(pdu, apc)))),
        c.nodes().get("n1"));
    assertEquals(new NodeConfig("n2", "n2.example.org", List.of(), true), c.nodes().get("n2"));
    assertEquals(List.of("n1", "n2"), List.copyOf(c.nodes().keySet()));
    assertEquals(
        List.of("ip", "ipport", "username", "password", "lanplus", "cipher"),
        List.copyOf(c.nodes().get("n1").fenceLevels().get(0).devices().get(0).options().keySet()));

    assertEquals(
        new FailoverDomain(
            "d1",
            List.of(new FailoverDomain.Member("n2", 5), new FailoverDomain.Member("n1", 2)),
            false,
            false,
            true),
        c.failoverDomains().get("d1"));

    ExecResourceConfig helper =
        new ExecResourceConfig(
            "helper",
            List.of("/bin/sleep", "infinity"),
            null,
            Map.of(),
            null,
            null,
            null,
            null,
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofMillis(200),
            List.of());
    ExecResourceConfig schedd =
        new ExecResourceConfig(
            "schedd",
            List.of("/usr/sbin/condor_schedd", "-f", "7"),
            "condor",
            ordered("CONDOR_CONFIG", "/etc/condor/condor_config", "DEBUG", "1"),
            Path.of("/var/spool/condor"),
            Path.of("/run/schedd.pid"),
            List.of("condor_q", "-limit", "1"),
            List.of("condor_status"),
            Duration.ofSeconds(61),
            Duration.ofSeconds(62),
            Duration.ofSeconds(20),
            Duration.ofSeconds(20),
            Duration.ZERO,
            List.of(helper));
    FsResourceConfig spool =
        new FsResourceConfig(
            "spool",
            "nfs1:/export/spool",
            Path.of("/var/spool/condor"),
            "nfs4",
            "rw,hard",
            false,
            10,
            Duration.ofSeconds(45),
            Duration.ofMinutes(2),
            Duration.ZERO,
            Duration.ofHours(1),
            Duration.ofMillis(250),
            Duration.ofSeconds(3),
            List.of(schedd));
    assertEquals(
        new ServiceConfig(
            "schedd1",
            "d1",
            false,
            new RecoveryPolicy(Action.RELOCATE, 0, Duration.ofSeconds(90)),
            List.of(spool)),
        c.services().get("schedd1"));
    // 250ms + 200ms + 3s, then 0s + 200ms, then 200ms + 200ms (the default termGrace)
    assertEquals(Duration.ofMillis(4050), c.services().get("schedd1").emergencyStopBudget());
  }

  @Test
  void omittedFieldsGetTheDocumentedDefaults() throws ConfigException {
    String yaml =
        """
        cluster:
          name: lab
        nodes:
          n1:
            address: 10.0.0.1
            fence:
              - - agent: fence_dummy
          n2:
            address: 10.0.0.2
            fence: manual
          n3:
            address: 10.0.0.3
            fence: manual
        failoverDomains:
          d1:
            nodes: [n3, n1, n2]
        services:
          nfs:
            domain: d1
            resources:
              - type: fs
                name: spool
                device: "nfs1:/export/spool"
                mountpoint: /spool
          local:
            domain: d1
            resources:
              - type: fs
                name: spool
                device: /srv/spool
                mountpoint: /spool
          daemon:
            domain: d1
            resources:
              - type: exec
                name: sleeper
                command: [sleep, 1000]
        """;
    ClusterConfig c = parser.parse(yaml, "defaults.yaml");

    assertEquals(
        new ClusterSettings(
            "lab", "embedded", "/hactl", Duration.ofSeconds(3), SelfFence.EXIT, 1000),
        c.cluster());
    assertTrue(c.cluster().embedded());
    assertEquals(
        new FenceDeviceConfig("fence_dummy", "off", Map.of(), Duration.ofSeconds(60)),
        c.nodes().get("n1").fenceLevels().get(0).devices().get(0));
    assertEquals(List.of(), c.nodes().get("n2").fenceLevels());
    FailoverDomain d1 = c.failoverDomains().get("d1");
    assertEquals(
        new FailoverDomain(
            "d1",
            List.of(
                new FailoverDomain.Member("n3", 1),
                new FailoverDomain.Member("n1", 2),
                new FailoverDomain.Member("n2", 3)),
            true,
            true,
            false),
        d1);

    ServiceConfig nfs = c.services().get("nfs");
    assertTrue(nfs.enabled());
    assertEquals(RecoveryPolicy.DEFAULT, nfs.recovery());
    assertEquals(new RecoveryPolicy(Action.RESTART, 3, Duration.ofSeconds(60)), nfs.recovery());
    assertEquals(
        new FsResourceConfig(
            "spool",
            "nfs1:/export/spool",
            Path.of("/spool"),
            "nfs",
            "",
            true,
            0,
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofMillis(300),
            List.of()),
        nfs.resources().get(0));
    FsResourceConfig local = (FsResourceConfig) c.services().get("local").resources().get(0);
    assertEquals("none", local.fstype());
    assertEquals("bind", local.options());
    assertEquals(
        new ExecResourceConfig(
            "sleeper",
            List.of("sleep", "1000"),
            null,
            Map.of(),
            null,
            null,
            List.of(),
            List.of(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10),
            Duration.ofMillis(200),
            List.of()),
        c.services().get("daemon").resources().get(0));
    assertEquals(List.of("nfs", "local", "daemon"), List.copyOf(c.services().keySet()));
  }

  @Test
  void servicesAndDomainsMayBeLeftOut() throws ConfigException {
    ClusterConfig c =
        parser.parse(
            "cluster: {name: empty}\nnodes: {n1: {address: 10.0.0.1, fence: manual}}\n", "x.yaml");
    assertEquals(Map.of(), c.services());
    assertEquals(Map.of(), c.failoverDomains());
  }

  @Test
  void everyProblemOfAFileIsReportedInFileOrder() {
    String yaml =
        """
        cluster:
          name: Prod
          sessionTimeout: 2s
          historySize: 3
        nodes:
          n1:
            address: 10.0.0.1
            fence:
              - - agent: ipmilan
                  action: on
        failoverDomains:
          d1:
            nodes: [n1, n9]
        services:
          s1:
            domain: d2
            recovery: {window: -5s}
            resources:
              - type: fs
                name: spool
                device: "nfs1:/export"
                mountpoint: spool
                children:
                  - type: exec
                    name: spool
                    command: []
          s2:
            domain: d1
            resources:
              - type: fs
                name: spool
                device: "nfs1:/export"
                mountpoint: /spool
                children:
                  - type: exec
                    name: daemon
                    command: [daemon, -f]
        """;
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(yaml, "c.yaml"));
    List<String> expected =
        List.of(
            "c.yaml: cluster.name: must be " + Fields.NAME_RULE + " (got \"Prod\")",
            "c.yaml: cluster.historySize: must be an integer from 10 to 100000 (got 3)",
            "c.yaml: nodes.n1.fence[0][0].agent: must be a fence agent name (fence_ followed by"
                + " a-z, 0-9 and '_') or an absolute path (got \"ipmilan\")",
            "c.yaml: nodes.n1.fence[0][0].action: must be one of: off, reboot (got \"on\")",
            "c.yaml: failoverDomains.d1.nodes[1]: unknown node \"n9\"; defined nodes: n1",
            "c.yaml: services.s1.domain: unknown failover domain \"d2\"; defined domains: d1",
            "c.yaml: services.s1.recovery.window: must be a duration from 1s to 24h, without a"
                + " sign (got \"-5s\")",
            "c.yaml: services.s1.resources[0].mountpoint: must be an absolute path (got \"spool\")",
            "c.yaml: services.s1.resources[0].children[0].name: duplicate resource name \"spool\""
                + " (first at services.s1.resources[0]); resource names must be unique within a"
                + " service",
            "c.yaml: services.s1.resources[0].children[0].command: must be a non-empty list: the"
                + " program and its arguments, run without a shell (got an empty list)",
            "c.yaml: services.s2: emergency stop budget 1s exceeds 666ms, a third of"
                + " cluster.sessionTimeout 2s (after a ZooKeeper suspension the owner must have"
                + " stopped the service before its session can expire); budget = daemon 400ms"
                + " (termGrace 200ms + kill wait 200ms) + spool 600ms (termGrace 100ms + kill wait"
                + " 200ms + unmountTimeout 300ms); lower termGrace/unmountTimeout or raise"
                + " cluster.sessionTimeout to at least 3s");
    assertEquals(expected, e.errors().stream().map(ConfigError::toString).toList());
    assertEquals(String.join("\n", expected), e.getMessage());
  }

  @Test
  void configErrorRendersFilePathAndMessage() {
    assertEquals(
        "cluster.yaml: services.schedd1.recovery.window: must be a positive duration (got \"-5s\")",
        new ConfigError(
                "cluster.yaml",
                "services.schedd1.recovery.window",
                "must be a positive duration (got \"-5s\")")
            .toString());
    assertEquals(
        "cluster.yaml: cannot read the file: it does not exist",
        new ConfigError("cluster.yaml", "", "cannot read the file: it does not exist").toString());
  }

  @Test
  void aConfigExceptionNeedsAnError() {
    assertThrows(IllegalArgumentException.class, () -> new ConfigException(List.of()));
  }

  @Test
  void parseFileNamesTheFileInErrors(@TempDir Path dir) throws IOException, ConfigException {
    Path good = dir.resolve("good.yaml");
    String text = "cluster: {name: c1}\nnodes: {n1: {address: a1, fence: manual}}\n";
    Files.writeString(good, text, StandardCharsets.UTF_8);
    assertEquals(text, parser.parseFile(good).source());

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "cluster: {name: c1}\n", StandardCharsets.UTF_8);
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(bad));
    assertEquals(
        List.of(bad + ": nodes: is required (a mapping of node names to their settings)"),
        e.errors().stream().map(ConfigError::toString).toList());
  }

  @Test
  void unreadableFilesAreConfigErrors(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parseFile(missing));
    assertEquals(missing + ": cannot read the file: it does not exist", e.getMessage());
    assertEquals(1, e.errors().size());

    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xe9, '\n'});
    e = assertThrows(ConfigException.class, () -> parser.parseFile(latin1));
    assertEquals(latin1 + ": cannot read the file: it is not UTF-8 text", e.getMessage());

    e = assertThrows(ConfigException.class, () -> parser.parseFile(dir));
    assertTrue(e.getMessage().startsWith(dir + ": cannot read the file: "), e.getMessage());
  }

  @Test
  void absurdNestingIsAnErrorNotACrash() {
    String yaml = "cluster: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(yaml, "deep.yaml"));
    assertEquals(1, e.errors().size(), e.getMessage());
    assertTrue(e.getMessage().startsWith("deep.yaml: line 1, column "), e.getMessage());
  }

  @Test
  void documentMarkersAroundTheOneDocumentAreAccepted() throws ConfigException {
    String text =
        "---\ncluster: {name: c1}\nnodes: {n1: {address: a1, fence: manual}}\n...\n---\n# end\n";
    assertEquals("c1", parser.parse(text, "m.yaml").cluster().name());
  }

  @Test
  void theParserIsReusable() throws ConfigException {
    String text = "cluster: {name: c1}\nnodes: {n1: {address: a1, fence: manual}}\n";
    assertThrows(ConfigException.class, () -> parser.parse("cluster: {name: C}\n", "a.yaml"));
    assertEquals("c1", parser.parse(text, "b.yaml").cluster().name());
    assertTrue(parser.parse(text, "b.yaml").nodes().get("n1").fenceLevels().isEmpty());
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * The two configurations of issue 7 that validation used to accept: the window overflowed {@code
   * Duration.toNanos} on the second failure, the session timeout wrapped an {@code int} cast.
   */
  @Test
  void theAbsurdWindowAndSessionTimeoutOfIssueSevenAreRefusedByName() {
    String window =
        """
        cluster: {name: prod}
        nodes: {n1: {address: 10.0.0.1, fence: manual}}
        failoverDomains: {d1: {nodes: [n1]}}
        services:
          s1:
            domain: d1
            recovery:
              window: 999999999h
            resources:
              - {type: exec, name: daemon, command: [/bin/sleep, "100"]}
        """;
    ConfigException w = assertThrows(ConfigException.class, () -> parser.parse(window, "c.yaml"));
    assertEquals(1, w.errors().size(), w.getMessage());
    assertTrue(
        w.getMessage()
            .startsWith(
                "c.yaml: services.s1.recovery.window: must be a duration from 1s to 24h (got"
                    + " \"999999999h\")"),
        w.getMessage());

    String session =
        """
        cluster:
          name: prod
          sessionTimeout: 600h
        nodes: {n1: {address: 10.0.0.1, fence: manual}}
        """;
    ConfigException s = assertThrows(ConfigException.class, () -> parser.parse(session, "c.yaml"));
    assertEquals(1, s.errors().size(), s.getMessage());
    assertTrue(
        s.getMessage()
            .startsWith(
                "c.yaml: cluster.sessionTimeout: must be a duration from 2s to 5m (got \"600h\"):"
                    + " when an owner crashes or is cut off, no other node may take over"),
        s.getMessage());
  }
}
