package io.hactl.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceDevice;
import io.hactl.fencing.FenceOutcome;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.process.ProcessRunner;
import io.hactl.testkit.support.Host;
import io.hactl.testkit.support.Procfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's fence agent, run for real through hactl's fence-agents adapter: it must kill every
 * process of the victim node and nothing else, report power status by exit code, and refuse to act
 * on its own mount namespace.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FenceDemoTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final FenceAgentsAdapter adapter = new FenceAgentsAdapter(new ProcessRunner());
  private final List<Process> started = new ArrayList<>();
  private final List<String> tags = new ArrayList<>();
  private final String run = Long.toHexString(System.nanoTime());
  private DemoWorkspace ws;

  @BeforeEach
  void writeAgent() throws DemoException {
    ws = new DemoWorkspace(dir);
    ws.prepare(Isolation.SHARED_DIRECTORY, DemoConfig.NODES);
  }

  @AfterEach
  void killStarted() {
    started.forEach(Process::destroyForcibly);
    for (String tag : tags) {
      alive(tag).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private FenceDevice device(String key, String value) {
    if (key.equals("tag")) {
      value = run + value;
    }
    return new FenceDevice(
        ws.fenceAgent().toString(),
        "off",
        Map.of(key, value, "log", ws.fenceLog().toString()),
        TIMEOUT);
  }

  /** A node's processes: a shell with a child, both carrying the node's tag. */
  private Process tagged(String tag, List<String> prefix) throws IOException {
    tags.add(tag);
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of("sh", "-c", "sleep 60 & exec sleep 61"));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put(DemoConfig.NODE_TAG, run + tag);
    Process p = pb.start();
    started.add(p);
    return p;
  }

  /** Live processes carrying {@code tag} of this test run. */
  private List<Long> alive(String tag) {
    return Procfs.withEnvironment(DemoConfig.NODE_TAG + "=" + run + tag);
  }

  @Test
  void offKillsEveryProcessOfTheTaggedNodeAndNoOther() throws IOException {
    tagged("t1:n1", List.of());
    Process bystander = tagged("t1:n2", List.of());
    await("both processes of n1 and n2")
        .until(() -> alive("t1:n1").size() == 2 && alive("t1:n2").size() == 2);

    FenceOutcome on = adapter.run("n1", device("tag", "t1:n1"), FenceAction.STATUS);
    assertEquals(0, on.exitCode(), on.detail());

    FenceOutcome off = adapter.run("n1", device("tag", "t1:n1"), FenceAction.OFF);
    assertTrue(off.success(), off.detail());
    assertEquals(List.of(), alive("t1:n1"), "n1's processes survived the fence");
    assertTrue(Procfs.alive(bystander.pid()), "the fence killed another node's process");
    assertEquals(2, alive("t1:n2").size());
    String log = Files.readString(ws.fenceLog(), StandardCharsets.UTF_8);
    assertTrue(log.contains("fence_demo off n1: node n1 is off: killed 2 processes"), log);

    FenceOutcome status = adapter.run("n1", device("tag", "t1:n1"), FenceAction.STATUS);
    assertEquals(FenceAction.STATUS_OFF_EXIT, status.exitCode(), status.detail());
    FenceOutcome again = adapter.run("n1", device("tag", "t1:n1"), FenceAction.OFF);
    assertTrue(again.success(), "fencing a node that is already off succeeds: " + again.detail());
  }

  @Test
  void answersMonitorAndMetadataAndRejectsWhatItCannotDo() {
    assertTrue(adapter.run("n1", device("tag", "t1:n1"), FenceAction.MONITOR).success());
    FenceOutcome meta = adapter.run(null, device("tag", "t1:n1"), FenceAction.METADATA);
    assertTrue(meta.success(), meta.detail());
    assertTrue(String.join("\n", meta.output()).contains("</resource-agent>"));
    FenceOutcome list = adapter.run("n1", device("tag", "t1:n1"), FenceAction.LIST_STATUS);
    assertFalse(list.success(), "list-status is not implemented and must fail: " + list.detail());
    FenceOutcome noTarget = adapter.run("n1", device("port", "n1"), FenceAction.OFF);
    assertFalse(noTarget.success(), "off without a tag must fail");
    FenceOutcome missing = adapter.run("n1", namespaceDevice("t1:n1"), FenceAction.OFF);
    assertFalse(missing.success(), "off with an unreadable nsfile must fail");
    assertTrue(missing.detail().contains("cannot read"), missing.detail());
  }

  /** A node in its own mount namespace; returns the namespace id, written to n1's nsfile. */
  private String nodeInNamespace(String tag, String script) throws Exception {
    tags.add(tag);
    ProcessBuilder pb =
        new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script);
    pb.environment().put(DemoConfig.NODE_TAG, run + tag);
    Process node = pb.start();
    started.add(node);
    String ours = mountNamespace(ProcessHandle.current().pid()).orElseThrow();
    await("the node's own mount namespace with its two processes")
        .until(
            () -> {
              var ns = mountNamespace(node.pid()).filter(n -> !n.equals(ours));
              return ns.isPresent() && inNamespace(ns.get()).size() == 2;
            });
    String ns = mountNamespace(node.pid()).orElseThrow();
    Files.writeString(ws.nsFile("n1"), ns + "\n");
    return ns;
  }

  private FenceDevice namespaceDevice(String tag) {
    return new FenceDevice(
        ws.fenceAgent().toString(),
        "off",
        Map.of(
            "nsfile", ws.nsFile("n1").toString(),
            "tag", run + tag,
            "log", ws.fenceLog().toString()),
        TIMEOUT);
  }

  /** The mount namespace of {@code pid} as the fence agent reads it ({@code mnt:[INODE]}). */
  private static java.util.Optional<String> mountNamespace(long pid) {
    var ino = Procfs.namespace(pid, "mnt");
    return ino.isPresent()
        ? java.util.Optional.of(DemoNodes.namespaceName(ino.getAsLong()))
        : java.util.Optional.empty();
  }

  /** Live processes in mount namespace {@code ns}. */
  private List<Long> inNamespace(String ns) {
    return ProcessHandle.allProcesses()
        .map(ProcessHandle::pid)
        .filter(pid -> mountNamespace(pid).map(ns::equals).orElse(false))
        .filter(Procfs::alive)
        .toList();
  }

  @Test
  void asRootOffKillsEveryProcessOfTheMountNamespace() throws Exception {
    assumeRootWithUnshare();
    String ns = nodeInNamespace("t2:n1", "sleep 60 & exec sleep 61");

    FenceOutcome off = adapter.run("n1", namespaceDevice("t2:n1"), FenceAction.OFF);
    assertTrue(off.success(), off.detail());
    assertEquals(List.of(), inNamespace(ns), "processes of the namespace survived");
    FenceOutcome status = adapter.run("n1", namespaceDevice("t2:n1"), FenceAction.STATUS);
    assertEquals(FenceAction.STATUS_OFF_EXIT, status.exitCode(), status.detail());
  }

  @Test
  void asRootAStrangerInTheNamespaceIsLeftAlone() throws Exception {
    assumeRootWithUnshare();
    // As after the node's namespace died and the kernel gave its id to someone else's.
    String ns =
        nodeInNamespace("t3:n1", "env -u " + DemoConfig.NODE_TAG + " sleep 60 & exec sleep 61");
    List<Long> before = inNamespace(ns);
    List<Long> tagged = alive("t3:n1");
    assertEquals(1, tagged.size(), "one tagged process, one stranger: " + before);

    FenceOutcome off = adapter.run("n1", namespaceDevice("t3:n1"), FenceAction.OFF);
    assertTrue(off.success(), off.detail());
    List<Long> after = inNamespace(ns);
    assertEquals(1, after.size(), "exactly the stranger must survive: " + after);
    assertFalse(after.contains(tagged.get(0)), "the node's process survived");
    String log = Files.readString(ws.fenceLog(), StandardCharsets.UTF_8);
    assertTrue(log.contains("left alone processes of another owner of " + ns), log);
  }

  @Test
  void asRootRefusesToFenceItsOwnMountNamespace() throws Exception {
    assumeRootWithUnshare();
    // Inside a throwaway namespace, so that a broken check could only kill that namespace.
    Path nsfile = ws.nsFile("n1");
    String script =
        "readlink /proc/self/ns/mnt > \"$1\" &&"
            + " printf 'action=off\\nnsfile=%s\\ntag=x:n1\\n' \"$1\" | \"$2\"; echo \"rc=$?\"";
    Process p =
        new ProcessBuilder(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                script,
                "sh",
                nsfile.toString(),
                ws.fenceAgent().toString())
            .redirectErrorStream(true)
            .start();
    started.add(p);
    assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(out.contains("refusing") && out.contains("rc=1"), out);
  }

  @Test
  void theAgentIsCleanPosixShell() throws Exception {
    boolean present = Host.which("shellcheck").isPresent();
    if (!present) {
      System.err.println("SKIPPED: shellcheck is not installed");
    }
    assumeTrue(present, "shellcheck is not installed");
    Process p =
        new ProcessBuilder("shellcheck", "-s", "sh", ws.fenceAgent().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "shellcheck hung");
    assertEquals(0, p.exitValue(), out);
  }

  private static void assumeRootWithUnshare() {
    boolean ok = Host.missingRoot().isEmpty() && Host.which("unshare").isPresent();
    if (!ok) {
      System.err.println("SKIPPED: needs root and unshare (mount namespaces)");
    }
    assumeTrue(ok, "needs root and unshare (mount namespaces)");
  }
}
