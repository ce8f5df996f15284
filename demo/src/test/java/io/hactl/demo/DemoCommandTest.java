package io.hactl.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hactl.demo.scheduler.DemoOptions;
import io.hactl.demo.scheduler.LedgerCheck;
import io.hactl.demo.scheduler.LedgerReport;
import io.hactl.testkit.support.Host;
import io.hactl.testkit.support.Procfs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code hactl demo} for real, in its own JVM as a user would: three agent processes, the
 * Quartz scheduler, a real fence agent, and (as root) mount namespaces. Asserts its exit status,
 * its summary, the ledger, and from outside that no process or mount of the demo is left.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DemoCommandTest {
  private static final long DEMO_DEADLINE_SECONDS = 150;

  @TempDir Path dir;

  private Path work;

  @AfterEach
  void killWhatIsLeft() {
    if (work != null) {
      processesMentioning(work.toString())
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void asRootNodesAreMountNamespacesAndTheDemoEndsClean() throws Exception {
    boolean ok = Isolation.detect() == Isolation.MOUNT_NAMESPACES;
    if (!ok) {
      System.err.println("SKIPPED: the mount-namespace demo needs root, unshare and mount");
    }
    assumeTrue(ok, "the mount-namespace demo needs root, unshare and mount");
    work = dir.resolve("work");
    String out = runDemo(javaCommand(classpath(), hactlJar(), work), work);

    assertTrue(out.contains("each in its own mount namespace"), out);
    assertTrue(out.contains("spool mounted, in n1's mount namespace only"), out);
    assertTrue(out.contains("spool mounted, in n2's mount namespace only"), out);
    assertTrue(out.contains("nothing: no agent, scheduler, mount or namespace"), out);
    assertSummary(out);
  }

  @Test
  void asANormalUserTheSpoolIsASharedDirectoryAndTheDemoEndsClean() throws Exception {
    work = dir.resolve("work");
    List<String> cmd;
    if (Host.missingRoot().isEmpty()) {
      boolean ok = Host.which("runuser").isPresent() && lookup().isPresent();
      if (!ok) {
        System.err.println("SKIPPED: as root, this test needs runuser and the user nobody");
      }
      assumeTrue(ok, "as root, this test needs runuser and the user nobody");
      cmd = asNobody();
    } else {
      cmd = javaCommand(classpath(), hactlJar(), work); // already a normal user
    }
    String out = runDemo(cmd, work);

    assertTrue(out.contains("NOT ISOLATED"), out);
    assertTrue(out.contains("ONE SHARED DIRECTORY, not mounted"), out);
    assertTrue(out.contains("nothing: no agent or scheduler"), out);
    assertSummary(out);
  }

  private void assertSummary(String out) throws IOException {
    assertTrue(out.contains("RESULT: OK"), out);
    Path credentials = work.resolve("cluster.yaml.credentials");
    assertTrue(
        out.contains("ZooKeeper authentication: on (credentials in " + credentials + ")"), out);
    for (String role : List.of("agent", "admin", "reader")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.resolve(role))),
          role + "'s credentials must be owner-only");
    }
    assertTrue(
        Files.readString(work.resolve("logs/n1.log")).contains("agent hactl-agent from"),
        "n1's agent authenticated as the agent identity");
    assertTrue(out.contains("fence_demo off n1: node n1 is off"), "the fence agent ran:\n" + out);
    assertTrue(out.contains("fenced n1: node n1 fenced by level 1"), out);
    assertTrue(out.contains("quartz OFFLINE: released cleanly"), out);
    double failover =
        number(out, "failover \\(n1 killed -> scheduler RUNNING on n2\\)\\s+(\\S+) s");
    assertTrue(failover > 1 && failover < 20, "failover took " + failover + " s");
    double relocation =
        number(out, "planned relocation \\(request -> RUNNING on n1\\)\\s+(\\S+) s");
    assertTrue(relocation > 0 && relocation < 10, "relocation took " + relocation + " s");
    assertTrue(number(out, "jobs fired\\s+(\\d+)") >= 18, out);
    assertEquals(0, number(out, "duplicate firings\\s+(\\d+)\\n"), out);
    assertEquals(
        0, number(out, "firings missed beyond the 60 s misfire threshold\\s+(\\d+)\\n"), out);
    assertTrue(out.contains("one owner at a time, seen from outside"), out);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      fail("no match for /" + regex + "/ in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  /** Runs the demo, echoes its output, checks exit 0, the ledger, and that nothing is left. */
  private String runDemo(List<String> cmd, Path workDir) throws Exception {
    Path log = dir.resolve("demo.out");
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = p.waitFor(DEMO_DEADLINE_SECONDS, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(out);
    assertTrue(exited, "the demo did not end within " + DEMO_DEADLINE_SECONDS + " s:\n" + out);
    assertEquals(0, p.exitValue(), out);

    LedgerReport ledger =
        LedgerCheck.checkSpool(workDir.resolve("storage"), DemoOptions.DEFAULT_MISFIRE_THRESHOLD);
    assertTrue(ledger.ok(), ledger.summary());
    assertEquals(0, ledger.duplicateFirings(), ledger.summary());
    assertEquals(List.of(), processesMentioning(workDir.toString()), "processes left behind");
    assertEquals(List.of(), mountsMentioning(workDir.toString()), "mounts left behind");
    return out;
  }

  /** The demo's main class on {@code classpath}, its agents from the product jar {@code hactl}. */
  private static List<String> javaCommand(String classpath, String hactl, Path workDir) {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-D" + JavaLauncher.HACTL_JAR + "=" + hactl,
            "-cp",
            classpath,
            DemoMain.class.getName(),
            "--workdir",
            workDir.toString()));
  }

  private static String classpath() throws DemoException {
    return JavaLauncher.current().classpath();
  }

  /** The product jar the build made; the demo's tests run its agents from it. */
  private static String hactlJar() throws DemoException {
    return JavaLauncher.current().hactlJar().toString();
  }

  /** The demo as the user nobody, from a copy of the class path that nobody can read. */
  private List<String> asNobody() throws IOException, DemoException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path copies = Files.createDirectory(dir.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : classpath().split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = copies.resolve((i++) + "-" + from.getFileName());
      copyReadable(from, to);
      entries.add(to.toString());
    }
    Path hactl = copies.resolve("hactl.jar");
    copyReadable(Path.of(hactlJar()), hactl);
    Path home = Files.createDirectory(dir.resolve("home"));
    Files.createDirectory(work);
    var nobody = lookup().orElseThrow();
    Files.setOwner(home, nobody);
    Files.setOwner(work, nobody);
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "nobody", "--", "env"));
    cmd.add("HOME=" + home);
    cmd.addAll(javaCommand(String.join(File.pathSeparator, entries), hactl.toString(), work));
    return cmd;
  }

  private static java.util.Optional<java.nio.file.attribute.UserPrincipal> lookup() {
    try {
      UserPrincipalLookupService users =
          Path.of("/").getFileSystem().getUserPrincipalLookupService();
      return java.util.Optional.of(users.lookupPrincipalByName("nobody"));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static void copyReadable(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
      return;
    }
    try (Stream<Path> tree = Files.walk(from)) {
      for (Path p : (Iterable<Path>) tree::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.copy(p, target);
          Files.setPosixFilePermissions(
              target,
              PosixFilePermissions.fromString(Files.isExecutable(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  /** Live processes whose command line mentions {@code text} (agents, schedulers). */
  private static List<Long> processesMentioning(String text) {
    List<Long> out = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    for (Path p : procEntries()) {
      long pid = Long.parseLong(p.getFileName().toString());
      if (pid != self
          && Procfs.alive(pid)
          && String.join(" ", Procfs.cmdline(pid)).contains(text)) {
        out.add(pid);
      }
    }
    return out;
  }

  /** Mount table lines, of any process on this machine, that mention {@code text}. */
  private static List<String> mountsMentioning(String text) {
    List<String> out = new ArrayList<>();
    for (Path p : procEntries()) {
      try {
        for (String line : Files.readAllLines(p.resolve("mountinfo"))) {
          if (line.contains(text)) {
            out.add(p.getFileName() + ": " + line);
          }
        }
      } catch (IOException e) {
        // gone, or not ours to read
      }
    }
    return out;
  }

  private static List<Path> procEntries() {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      s.forEach(out::add);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
