package io.hactl.demo;

import io.hactl.agent.ExitCode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the newcomer's demo: a three-node cluster on this machine, a failover and a relocation. */
@Command(
    name = "hactl demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show what hactl does, on this machine alone, in under a minute.",
      "",
      "It starts a ZooKeeper server inside this process and three agents (nodes n1,",
      "n2, n3) as separate processes, with a generated configuration whose one",
      "service, quartz, is a Quartz scheduler: its job store lives in the spool,",
      "and every job it fires is written to a ledger there. Then it plays a story",
      "and prints a timeline as it happens:",
      "",
      "1. The agents agree that n1 runs quartz. n1 proves its ownership with one",
      "   ZooKeeper write (its zxid is the epoch, the fencing token), mounts the",
      "   spool, writes the epoch into it and starts the scheduler. Jobs fire.",
      "2. n1 dies: SIGKILL to its agent and to every process of the node. Nobody",
      "   is told. When n1's ZooKeeper session expires, n2 takes ownership; the",
      "   breadcrumb says n1 did not let go cleanly, so n2 first fences n1 with a",
      "   real fence agent (fence-agents API), and only then mounts the spool and",
      "   starts the scheduler, which fires the jobs the outage delayed: late,",
      "   but each exactly once.",
      "3. n1 comes back. The failover domain says nofailback: quartz stays on n2.",
      "4. The operator moves it back, as `hactl relocate quartz --to n1` does: n2",
      "   stops the scheduler, unmounts and releases cleanly, so n1 needs neither",
      "   fencing nor a session timeout.",
      "5. A summary: failover and relocation times, jobs fired, duplicate firings",
      "   and firings missed beyond the misfire threshold (both must be 0: checked",
      "   from the ledger), and whether two nodes ever ran the service at once",
      "   (checked from the process and mount tables, not from hactl's belief).",
      "",
      "As root, each node is a mount namespace (unshare): the spool is a bind",
      "mount only the owner sees, and fencing kills every process of the victim's",
      "namespace. As a normal user, nodes are plain processes and the spool is one",
      "shared directory, not mounted; the output says so first.",
      "",
      "The timeline comes from ZooKeeper (members, owner, the owner's state, the",
      "history), the process and mount tables, the ledger and the fence agent's",
      "log. Each agent logs to a file in the work directory.",
      "",
      "The agents, and the relocation command, are the product's own jar (hactl.jar,",
      "run as `java -jar hactl.jar agent ...`); the demo, its scheduler and its",
      "outside observer come from the demo's jar (hactl-demo.jar), which `hactl",
      "demo` finds beside hactl.jar or in the source checkout.",
      ""
    },
    footer = {
      "",
      "Exit status: 0 when every step succeeded and every check held; 1 when",
      "something failed, 5 when a step did not happen in time. The reason is",
      "printed last."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--keep",
      description =
          "Leave the cluster running at the end and print how to use `hactl status`, `hactl"
              + " relocate` and `hactl history` on it; Ctrl-C then stops everything cleanly.")
  boolean keep;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description =
          "Work directory, new or empty (default: a new temporary directory). Configuration,"
              + " logs and the ledger stay there afterwards.")
  Path workdir;

  @Option(
      names = "--shared-spool",
      description =
          "Even as root, run as a normal user would: plain processes, a shared spool"
              + " directory, no namespaces, no mounts.")
  boolean sharedSpool;

  @Override
  public Integer call() {
    Timeline timeline = new Timeline(System.out);
    JavaLauncher java;
    DemoWorkspace ws;
    try {
      java = JavaLauncher.current();
      ws = DemoWorkspace.create(workdir);
    } catch (DemoException e) {
      System.err.println("hactl demo: " + e.getMessage());
      return e.exitCode().code();
    }
    DemoLogging.toFile(ws.demoLog());
    Isolation isolation = sharedSpool ? Isolation.SHARED_DIRECTORY : Isolation.detect();
    header(timeline, ws, isolation);
    DemoCluster cluster = new DemoCluster(ws, isolation, java, timeline);
    DemoSummary summary = new DemoSummary(timeline, isolation);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<ExitCode> kept = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> onSignal(timeline, cluster, summary, done, kept), "demo-signal"));
    DemoStory.Result result = null;
    try {
      cluster.start();
      result = new DemoStory(cluster, timeline).play();
    } catch (DemoException e) {
      timeline.now("demo", "FAILED: " + e.getMessage());
      summary.failed(e);
    }
    if (keep && result != null) {
      ExitCode code =
          summary.print(result, ws.ledger(), cluster.observed(), cluster.outside(), null);
      kept.set(code);
      keepRunning(timeline, cluster, java);
    }
    List<String> left = cluster.stop();
    ExitCode code = summary.print(result, ws.ledger(), cluster.observed(), cluster.outside(), left);
    timeline.line("");
    timeline.line("Work directory kept for reading: " + ws.dir() + " (remove it when done)");
    done.set(true);
    return code.code();
  }

  private static void header(Timeline t, DemoWorkspace ws, Isolation isolation) {
    t.line(
        "hactl demo: one Quartz scheduler, three nodes on this machine, one failover, one"
            + " relocation");
    isolation.explanation().forEach(l -> t.line("  " + l));
    if (isolation == Isolation.MOUNT_NAMESPACES) {
      t.line(
          "  spool: "
              + ws.storage()
              + " (the shared storage), bind-mounted on "
              + ws.mountpoint()
              + " in the owner's mount namespace only");
    } else {
      t.line(
          "  spool: "
              + ws.storage()
              + ": ONE SHARED DIRECTORY, not mounted; the service has no fs resource, so only"
              + " hactl's ownership and fencing keep a second scheduler off it");
    }
    t.line("  work directory: " + ws.dir());
    t.line(
        "    configuration cluster.yaml, fence agent fence_demo, agent logs logs/n1.log,"
            + " logs/n2.log, logs/n3.log, fence log logs/fence.log, this process's log logs/demo.log");
    t.line("");
    t.line("TIMELINE (seconds since the start; who; what)");
  }

  /**
   * Ctrl-C or TERM: with --keep after the story, the expected way to end (exit with the story's
   * status); before the end, an interruption. Either way everything stops and what is left is said.
   * Nothing to do once the demo has finished by itself.
   */
  private static void onSignal(
      Timeline t,
      DemoCluster cluster,
      DemoSummary summary,
      AtomicBoolean done,
      AtomicReference<ExitCode> kept) {
    if (done.get()) {
      return;
    }
    t.line("");
    t.line(
        (kept.get() == null ? "interrupted: " : "")
            + "stopping every agent, the scheduler and the ZooKeeper server");
    List<String> left = cluster.stop();
    t.line(left.isEmpty() ? "stopped; nothing left behind" : "left behind: " + left);
    if (kept.get() != null) {
      boolean ledgerOk = summary.recheck(cluster.workspace().ledger());
      boolean ok = left.isEmpty() && ledgerOk;
      Runtime.getRuntime().halt(ok ? kept.get().code() : ExitCode.FAILURE.code());
    }
  }

  /** --keep: prints how to use the running cluster, then waits for Ctrl-C (the hook stops it). */
  private static void keepRunning(Timeline t, DemoCluster cluster, JavaLauncher java) {
    String hactl = java.userCommand();
    String target = " --config " + cluster.workspace().config();
    t.line("");
    t.line("The cluster keeps running (--keep). From another terminal:");
    t.line("  " + hactl + " status" + target);
    t.line("  " + hactl + " relocate " + DemoConfig.SERVICE + " --to n2" + target);
    t.line("  " + hactl + " history" + target);
    t.line(
        "  (they authenticate with the credentials next to the configuration, "
            + cluster.workspace().credentials()
            + ", readable by you only)");
    t.line("Agent logs: " + cluster.workspace().logs() + "/n1.log, n2.log, n3.log");
    try {
      t.line("Web view (live, read-only): " + cluster.startWebView());
    } catch (DemoException e) {
      t.line("Web view: not started: " + e.getMessage());
    }
    for (String n : DemoConfig.NODES) {
      try {
        String at = cluster.nodes().metricsAddress(n);
        t.line(
            "Metrics of "
                + n
                + ": http://"
                + at
                + "/metrics (also /health and /owner/"
                + DemoConfig.SERVICE
                + ")");
      } catch (DemoException e) {
        t.line("Metrics of " + n + ": unknown: " + e.getMessage());
      }
    }
    t.line(
        "Press Ctrl-C here to stop everything: the owner releases quartz cleanly, the"
            + " scheduler stops, mounts and namespaces go away.");
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
