package io.hactl.demo;

import io.hactl.agent.ExitCode;
import io.hactl.testkit.support.CommandResult;
import io.hactl.testkit.support.Shell;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The story the demo plays on a started {@link DemoCluster}: three nodes join, the first runs the
 * scheduler, it dies and the next one fences it and takes over, it comes back, and the operator
 * relocates the service to it. Each act waits for what ZooKeeper and the host show, with a
 * deadline; a missed deadline ends the story with a TIMEOUT. It does not judge the ledger: {@link
 * DemoSummary} does.
 */
final class DemoStory {
  private static final Duration FIRST_START = Duration.ofSeconds(60);
  private static final Duration FAILOVER = Duration.ofSeconds(40);
  private static final Duration REJOIN = Duration.ofSeconds(30);
  private static final Duration RELOCATION = Duration.ofSeconds(30);
  private static final Duration FIRINGS = Duration.ofSeconds(30);

  /** What a command's JVM may take to start, on top of the command's own timeout. */
  private static final Duration COMMAND_STARTUP = Duration.ofSeconds(30);

  /** Jobs to see fired in a term before the story moves on. */
  private static final int FIRINGS_PER_ACT = 6;

  /** What the story measured. */
  record Result(
      String first,
      String second,
      Duration failover,
      Duration sessionExpiry,
      Duration relocation,
      Duration relocationToFirstJob) {}

  private final DemoCluster cluster;
  private final Observed observed;
  private final Timeline timeline;
  private final String service = DemoConfig.SERVICE;

  DemoStory(DemoCluster cluster, Timeline timeline) {
    this.cluster = cluster;
    this.observed = cluster.observed();
    this.timeline = timeline;
  }

  Result play() throws DemoException {
    List<String> names = DemoConfig.NODES;
    // The first node alone first, so that it is the one that takes the service.
    start(names.get(0));
    observed.await(names.get(0) + " in the cluster", FIRST_START, o -> o.member(names.get(0)));
    for (String n : names.subList(1, names.size())) {
      start(n);
    }
    observed.await(service + " RUNNING", FIRST_START, o -> o.runningOn().isPresent());
    String first = observed.runningOn().orElseThrow();
    awaitFirings(observed.ownerEpoch(), first);
    observed.await(
        "all nodes in the cluster", FIRST_START, o -> names.stream().allMatch(o::member));
    Failover f = crash(first);
    awaitFirings(f.epoch(), f.to());
    rejoin(first);
    Relocation r = relocate(f.to(), first);
    awaitFirings(r.epoch(), first);
    return new Result(first, f.to(), f.took(), f.expiry(), r.took(), r.toFirstJob());
  }

  private void start(String node) throws DemoException {
    DemoNodes.Agent a = cluster.nodes().start(node);
    timeline.now(
        "demo",
        "started "
            + node
            + "'s agent (pid "
            + a.pid()
            + a.mountNamespace().map(ns -> ", in its own mount namespace " + ns).orElse("")
            + ")");
  }

  private void awaitFirings(long epoch, String node) throws DemoException {
    observed.await(
        FIRINGS_PER_ACT + " jobs fired by " + node,
        FIRINGS,
        o -> o.term(epoch).map(t -> t.firings() >= FIRINGS_PER_ACT).orElse(false));
    List<Observed.Term> terms = observed.terms();
    timeline.now(
        "demo",
        "jobs firing on "
            + node
            + ": the ledger has "
            + terms.stream().mapToLong(t -> t.firings()).sum()
            + " lines ("
            + terms.stream()
                .map(
                    t ->
                        t.node()
                            + " epoch "
                            + t.epoch()
                            + ": "
                            + t.firings()
                            + (t.late() > 0 ? ", " + t.late() + " late" : ""))
                .collect(Collectors.joining("; "))
            + ")");
  }

  private record Failover(String to, long epoch, Duration took, Duration expiry) {}

  /** Act two: the owner's node dies; another node must fence it and take over. */
  private Failover crash(String victim) throws DemoException {
    cluster.clusterWatch().killed(victim);
    long t0 = System.nanoTime();
    List<Long> pids = cluster.nodes().kill(victim);
    timeline.at(
        t0,
        victim,
        "DIES: SIGKILL to its agent (pid "
            + pids.get(0)
            + ") and to every other process of the node (pids "
            + pids.subList(1, pids.size()).stream()
                .map(String::valueOf)
                .collect(Collectors.joining(", "))
            + "); the others learn of it when its ZooKeeper session expires");
    observed.await(
        service + " RUNNING on a node other than " + victim,
        FAILOVER,
        o -> o.runningOn().filter(n -> !n.equals(victim)).isPresent());
    long running = observed.statusNanos();
    String to = observed.runningOn().orElseThrow();
    Duration took = Duration.ofNanos(running - t0);
    Duration expiry =
        observed.leftAt(victim).map(at -> Duration.ofNanos(at - t0)).orElse(Duration.ZERO);
    timeline.at(
        running,
        "demo",
        String.format(
            "failover done: %s runs on %s %.2f s after %s died", service, to, secs(took), victim));
    return new Failover(to, observed.ownerEpoch(), took, expiry);
  }

  /** Act three: the dead node comes back; nofailback keeps the service where it is. */
  private void rejoin(String node) throws DemoException {
    cluster.clusterWatch().restarted(node);
    DemoNodes.Agent a = cluster.nodes().start(node);
    timeline.now(
        "demo",
        node
            + " is repaired: agent restarted (pid "
            + a.pid()
            + a.mountNamespace().map(ns -> ", new mount namespace " + ns).orElse("")
            + ")");
    observed.await(node + " back in the cluster", REJOIN, o -> o.member(node));
    timeline.now(
        "demo",
        node
            + " is back; the domain says nofailback, so "
            + service
            + " stays on "
            + observed.owner().orElse("?")
            + " until the operator moves it");
  }

  private record Relocation(long epoch, Duration took, Duration toFirstJob) {}

  /** Act four: the operator moves the service back, exactly as `hactl relocate` does. */
  private Relocation relocate(String from, String to) throws DemoException {
    List<String> args =
        List.of(
            "relocate",
            service,
            "--to",
            to,
            "--zookeeper",
            cluster.connectString(),
            "--cluster",
            DemoConfig.CLUSTER,
            "--credentials",
            cluster.workspace().credentials().toString(),
            "--timeout",
            RELOCATION.toSeconds() + "s");
    timeline.now("op", "hactl " + String.join(" ", args.subList(0, 4)) + " (from " + from + ")");
    long t0 = System.nanoTime();
    String output = runQuietly(args);
    observed.await(
        service + " RUNNING on " + to,
        RELOCATION,
        o -> o.runningOn().filter(to::equals).isPresent() && o.relocationRequested() > t0);
    long requested = observed.relocationRequested();
    Duration took = Duration.ofNanos(observed.statusNanos() - requested);
    long epoch = observed.ownerEpoch();
    timeline.now("op", output.lines().reduce((a, b) -> b).orElse("relocated"));
    long firstJob =
        observed.await(
            "a job fired by " + to + " after the relocation",
            FIRINGS,
            o -> o.term(epoch).isPresent());
    Duration toFirstJob =
        Duration.ofNanos(
            observed.term(epoch).map(t -> t.firstNanos()).orElse(firstJob) - requested);
    return new Relocation(epoch, took, toFirstJob);
  }

  /**
   * Runs {@code hactl ARGS} from the product jar, as an operator would, its output captured rather
   * than printed; the JVM's start-up is allowed on top of the command's own timeout.
   */
  private String runQuietly(List<String> args) throws DemoException {
    CommandResult r =
        new Shell(RELOCATION.plus(COMMAND_STARTUP)).tryRun(cluster.java().hactl(args));
    String text = String.join("\n", r.output());
    if (!r.succeeded()) {
      throw new DemoException(
          r.exitCode() == ExitCode.TIMEOUT.code() || r.timedOut()
              ? ExitCode.TIMEOUT
              : ExitCode.FAILURE,
          "hactl " + String.join(" ", args) + ": " + r.describe() + ":\n" + text.strip());
    }
    return text;
  }

  static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }
}
