package io.hactl.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unpacks the install tarball the build made into an empty root, as {@code tar -C / -xzf} would,
 * and uses what it holds: the launcher runs the command from its installed place, every man page
 * renders without a groff warning, the completion script parses, and systemd accepts the units.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InstallLayoutIT {
  @TempDir static Path root;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("hactl.tarball", "target/missing.tar.gz"));
    assertTrue(Files.isRegularFile(tarball), "the build should have made " + tarball);
    Result r = run(List.of("tar", "-C", root.toString(), "-xzf", tarball.toString()));
    assertEquals(0, r.exit, r.out);
  }

  @Test
  void holdsTheInstallLayout() throws IOException {
    for (String path :
        List.of(
            "usr/bin/hactl",
            "usr/share/hactl/hactl.jar",
            "usr/share/hactl/hactl-demo.jar",
            "usr/lib/ocf/resource.d/hactl/quartz-demo",
            "usr/lib/ocf/resource.d/hactl/slurmctld",
            "usr/lib/ocf/lib/hactl/hactl-shellfuncs",
            "usr/share/man/man1/hactl.1",
            "usr/share/man/man1/hactl-relocate.1",
            "usr/share/man/man1/hactl-fence-ack.1",
            "usr/share/bash-completion/completions/hactl",
            "lib/systemd/system/hactl-agent.service",
            "lib/systemd/system/hactl-zookeeper.service",
            "etc/default/hactl",
            "usr/share/doc/hactl/examples/quartz-demo.yaml")) {
      assertTrue(Files.isRegularFile(root.resolve(path)), "missing " + path);
    }
    assertTrue(Files.isExecutable(root.resolve("usr/bin/hactl")));
    assertTrue(Files.isExecutable(root.resolve("usr/lib/ocf/resource.d/hactl/slurmctld")));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/hactl"))),
        "/etc/hactl may hold credentials: root only");
  }

  @Test
  void launcherRunsTheInstalledJarFromAnyPlace() throws Exception {
    List<String> cmd = List.of(root.resolve("usr/bin/hactl").toString(), "--help");
    Result r = run(cmd, "HACTL_JAR");
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("Usage: hactl"), r.out);
    assertTrue(r.out.contains("relocate"), r.out);
  }

  @Test
  void everyManPageRendersWithoutWarnings() throws Exception {
    assumeTool("groff", "groff is not installed; install Debian's groff to check the man pages");
    List<Path> pages;
    try (Stream<Path> s = Files.list(root.resolve("usr/share/man/man1"))) {
      pages = s.sorted().toList();
    }
    assertTrue(pages.size() >= 10, "one page per command, got " + pages);
    for (Path page : pages) {
      String text = Files.readString(page, StandardCharsets.UTF_8);
      assertTrue(text.contains(".TH \""), page + " has no .TH header");
      assertTrue(text.contains(".SH SYNOPSIS"), page + " has no SYNOPSIS");
      Result r = run(List.of("groff", "-man", "-ww", "-z", page.toString()));
      assertEquals(0, r.exit, page + ": " + r.out);
      assertEquals("", r.out.strip(), page + " renders with warnings");
    }
  }

  @Test
  void completionScriptParses() throws Exception {
    Path script = root.resolve("usr/share/bash-completion/completions/hactl");
    Result r = run(List.of("bash", "-n", script.toString()));
    assertEquals(0, r.exit, r.out);
    assertTrue(Files.readString(script).contains("relocate"));
  }

  @Test
  void completionOffersTheClustersServiceAndNodeNames() throws Exception {
    Path cfg = root.resolve("names.yaml");
    Files.writeString(
        cfg,
        "cluster: {name: names, zookeeper: \"127.0.0.1:9\"}\n"
            + "nodes: {alpha: {address: 127.0.0.1, fence: manual}, beta: {address: 127.0.0.1, fence: manual}}\n"
            + "failoverDomains: {d: {nodes: [alpha, beta]}}\n"
            + "services:\n"
            + "  schedd1: {domain: d, resources: [{type: exec, name: x, command: [sleep, '9']}]}\n"
            + "  slurm1: {domain: d, resources: [{type: exec, name: x, command: [sleep, '9']}]}\n");
    String script = root.resolve("usr/share/bash-completion/completions/hactl").toString();
    String complete =
        "PATH=%s:$PATH; HACTL_COMPLETE_TIMEOUT=60; compopt() { :; }; source %s; COMP_WORDS=(%s); COMP_CWORD=$((${#COMP_WORDS[@]}-1));"
            + " _hactl_complete_names; printf '%%s\\n' \"${COMPREPLY[@]}\"";
    String bin = root.resolve("usr/bin").toString();
    Result services =
        run(
            List.of(
                "bash",
                "-c",
                String.format(complete, bin, script, "hactl relocate -c " + cfg + " ''")));
    assertEquals(0, services.exit, services.out);
    assertEquals(List.of("schedd1", "slurm1"), services.out.lines().sorted().toList());
    Result nodes =
        run(
            List.of(
                "bash",
                "-c",
                String.format(
                    complete, bin, script, "hactl relocate schedd1 -c " + cfg + " --to b")));
    assertEquals(List.of("beta"), nodes.out.lines().toList(), nodes.out);
  }

  @Test
  void systemdAcceptsTheUnits() throws Exception {
    assumeTool("systemd-analyze", "systemd-analyze is not installed; cannot check the units");
    for (String unit : List.of("hactl-agent.service", "hactl-zookeeper.service")) {
      // Point ExecStart at the unpacked launcher: verify checks that the program exists.
      String text =
          Files.readString(root.resolve("lib/systemd/system/" + unit))
              .replace("/usr/bin/hactl", root.resolve("usr/bin/hactl").toString());
      Path copy = Files.createDirectories(root.resolve("verify")).resolve(unit);
      Files.writeString(copy, text);
      Result r = run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()));
      assertEquals(0, r.exit, unit + ": " + r.out);
      assertFalse(r.out.contains(unit), unit + ": systemd complained: " + r.out);
    }
  }

  private static void assumeTool(String tool, String reason) throws Exception {
    boolean present = run(List.of("sh", "-c", "command -v " + tool)).exit == 0;
    if (!present) {
      System.err.println("SKIPPED: " + reason);
    }
    assumeTrue(present, reason);
  }

  private record Result(int exit, String out) {}

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    return run(cmd, null);
  }

  /** Runs {@code cmd} with stderr merged into stdout; {@code unset} is removed from the env. */
  private static Result run(List<String> cmd, String unset)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
    if (unset != null) {
      pb.environment().remove(unset);
    }
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
