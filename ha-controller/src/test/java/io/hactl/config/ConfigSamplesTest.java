package io.hactl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessRunner;
import io.hactl.resource.Lab;
import io.hactl.resource.ocf.MetaDataCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped samples must stay valid; they are located relative to the module directory. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigSamplesTest {
  private static final Path SAMPLES = Path.of("..", "config-samples");
  private final ConfigParser parser = new ConfigParser();

  @Test
  void theAlertHooksOfTheSampleAreParsed() throws ConfigException {
    ClusterConfig c = parser.parseFile(SAMPLES.resolve("htcondor-schedd.yaml"));
    assertEquals(List.of("syslog", "mail"), c.alerts().stream().map(a -> a.name()).toList());
    assertEquals(Duration.ofSeconds(30), c.alerts().get(1).timeout());
    assertEquals(50, c.alerts().get(1).queue());
    assertEquals(100, c.alerts().get(0).queue(), "the default queue");
  }

  @Test
  void theSampleShellScriptsAreCleanPosixSh() throws IOException {
    Lab.assumePrograms("shellcheck");
    List<String> cmd = new java.util.ArrayList<>(List.of("shellcheck", "-s", "sh", "-f", "gcc"));
    try (Stream<Path> s = Files.list(SAMPLES)) {
      s.filter(p -> p.toString().endsWith(".sh")).sorted().forEach(p -> cmd.add(p.toString()));
    }
    assertTrue(cmd.size() >= 7, "the alert samples and floating-ip.sh: " + cmd);
    var r =
        new ProcessRunner()
            .run(io.hactl.process.ProcessSpec.of("shellcheck", Duration.ofSeconds(60), cmd));
    assertTrue(r.succeeded(), r.describe() + "\n" + String.join("\n", r.output()));
  }

  @Test
  void everySampleParsesWithoutErrors() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 2, "expected the samples in " + SAMPLES.toAbsolutePath());
    for (Path file : files) {
      try {
        parser.parseFile(file);
      } catch (ConfigException e) {
        throw new AssertionError(file + " is invalid:\n" + e.getMessage(), e);
      }
    }
  }

  @Test
  void htcondorSampleRunsTheScheddOnTheNfsSpool() throws ConfigException {
    ClusterConfig c = parser.parseFile(SAMPLES.resolve("htcondor-schedd.yaml"));
    ServiceConfig schedd = c.services().values().iterator().next();
    FsResourceConfig spool = (FsResourceConfig) schedd.resources().get(0);
    assertEquals("nfs", spool.fstype());
    ExecResourceConfig daemon = (ExecResourceConfig) spool.children().get(0);
    assertEquals(List.of("/usr/sbin/condor_schedd", "-f"), daemon.command());
    assertTrue(c.nodes().size() >= 2);
    c.nodes()
        .values()
        .forEach(
            n ->
                assertEquals(
                    "fence_ipmilan", n.fenceLevels().get(0).devices().get(0).agent(), n.name()));
    assertTrue(
        schedd.emergencyStopBudget().compareTo(c.cluster().sessionTimeout().dividedBy(3)) <= 0);
  }

  @Test
  void ocfSampleIsATreeOfOcfAgentsWhoseEmergencyStopsFit() throws ConfigException {
    ClusterConfig c = parser.parseFile(SAMPLES.resolve("ocf-agents.yaml"));
    ServiceConfig s = c.service("quartz").orElseThrow();
    List<String> ids = s.startOrder().stream().map(r -> ((OcfResourceConfig) r).id()).toList();
    assertEquals(
        List.of("ocf:heartbeat:Filesystem", "ocf:heartbeat:IPaddr2", "ocf:hactl:quartz-demo"), ids);
    assertEquals(Duration.ofMillis(8600), s.emergencyStopBudget());
  }

  /**
   * The OCF sample against the real agents' meta-data: Debian's heartbeat agents, and hactl's own
   * from the resource-agents module, under one OCF root as an installation would have them.
   */
  @Test
  void ocfSampleMatchesTheAgentsMetaData(@TempDir Path tmp) throws Exception {
    Path heartbeat = Path.of("/usr/lib/ocf/resource.d/heartbeat");
    Path hactl =
        Path.of("..", "resource-agents", "src", "main", "ocf").toAbsolutePath().normalize();
    Lab.assume(Files.isExecutable(heartbeat.resolve("IPaddr2")), "needs Debian resource-agents");
    Lab.assume(Files.isDirectory(hactl), "needs the resource-agents module at " + hactl);
    Path root = tmp.resolve("ocf");
    Files.createDirectories(root.resolve("resource.d"));
    Files.createDirectories(root.resolve("lib"));
    Files.createSymbolicLink(root.resolve("resource.d/heartbeat"), heartbeat);
    Files.createSymbolicLink(root.resolve("lib/heartbeat"), Path.of("/usr/lib/ocf/lib/heartbeat"));
    Files.createSymbolicLink(root.resolve("resource.d/hactl"), hactl.resolve("resource.d/hactl"));
    Files.createSymbolicLink(root.resolve("lib/hactl"), hactl.resolve("lib/hactl"));
    String text =
        Files.readString(SAMPLES.resolve("ocf-agents.yaml"))
            .replace("ocfRoot: /usr/lib/ocf", "ocfRoot: " + root);
    ClusterConfig c =
        new ConfigParser(new MetaDataCatalog(new ProcessRunner())).parse(text, "ocf-agents.yaml");
    OcfResourceConfig spool =
        (OcfResourceConfig) c.service("quartz").orElseThrow().resources().get(0);
    assertEquals(Duration.ofSeconds(60), spool.startTimeout(), "Filesystem's advised start");
  }

  @Test
  void slurmSampleRunsSlurmctldBehindAFloatingAddressOnItsStateSaveLocation()
      throws ConfigException {
    ClusterConfig c = parser.parseFile(SAMPLES.resolve("slurmctld.yaml"));
    ServiceConfig ctl = c.service("slurmctld").orElseThrow();
    FsResourceConfig state = (FsResourceConfig) ctl.resources().get(0);
    assertEquals(Path.of("/var/spool/slurmctld"), state.mountpoint());
    assertEquals("nfs", state.fstype());
    ExecResourceConfig ip = (ExecResourceConfig) state.children().get(0);
    assertEquals("/usr/local/lib/hactl/floating-ip.sh", ip.command().get(1));
    ExecResourceConfig daemon = (ExecResourceConfig) ip.children().get(0);
    assertEquals("/usr/bin/unshare", daemon.command().get(0));
    assertTrue(
        daemon.command().get(4).endsWith("exec /usr/sbin/slurmctld -D"),
        daemon.command().toString());
    assertEquals(List.of("ctl1", "ctl2", "ctl3"), List.copyOf(c.nodes().keySet()));
    assertTrue(ctl.emergencyStopBudget().compareTo(c.cluster().sessionTimeout().dividedBy(3)) <= 0);
  }

  @Test
  void theFloatingAddressScriptTheSlurmSampleNamesIsShipped() {
    assertTrue(Files.isRegularFile(SAMPLES.resolve("floating-ip.sh")));
  }
}
