package io.hactl.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hactl.config.ClusterConfig;
import io.hactl.config.ConfigParser;
import io.hactl.ownership.Breadcrumb;
import io.hactl.ownership.Ownership;
import io.hactl.ownership.OwnershipException;
import io.hactl.ownership.Ownerships;
import io.hactl.placement.ClusterView;
import io.hactl.resource.Resource;
import io.hactl.resource.ResourceException;
import io.hactl.resource.TreeHealth;
import io.hactl.time.FakeTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;

/**
 * One {@link ServiceController} with fakes all around: fake time and scheduler, fake ownership,
 * fencing and resource tree (each can be told to fail or throw at a step), recorded events, and a
 * captured log. Everything runs on the test's thread; nothing sleeps.
 */
final class ControllerRig implements AutoCloseable {
  static final String YAML =
      """
      cluster: {name: t, zookeeper: "127.0.0.1:1", sessionTimeout: 9s}
      nodes: {n1: {address: 127.0.0.1, fence: manual}, n2: {address: 127.0.0.2, fence: manual}}
      failoverDomains: {d: {nodes: [n1, n2]}}
      services:
        s1:
          domain: d
          recovery: %s
          resources:
            - {type: exec, name: daemon, command: [sleep, "600"], termGrace: 1s, monitorInterval: 1s, monitorTimeout: 1s}
      """;

  final FakeTime time = new FakeTime();
  final FakeScheduler worker = new FakeScheduler(time);
  final Deque<Runnable> emergency = new ArrayDeque<>();
  final List<String> published = new CopyOnWriteArrayList<>();
  final List<ServiceStatus> checks = new CopyOnWriteArrayList<>();
  final List<ServiceStatus> statuses = new CopyOnWriteArrayList<>();

  /** Good checks that published nothing (only the agent's own observers hear of them). */
  final List<ServiceStatus> checksAtRest = new CopyOnWriteArrayList<>();

  final List<String> history = new CopyOnWriteArrayList<>();
  final List<String> bans = new ArrayList<>();
  final List<String> answers = new ArrayList<>();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final FakeOwnerships store = new FakeOwnerships();
  final FakeTree tree = new FakeTree();
  final List<String> selfFences = new ArrayList<>();
  List<String> unfenced = List.of();
  int fenceFailures;
  RuntimeException fenceThrows;
  RuntimeException createThrows;
  final ServiceController controller;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  ControllerRig(String recovery) throws Exception {
    this(recovery, null, null);
  }

  /**
   * A rig whose controller runs on {@code scheduler} and emergency-stops on {@code emergencyStops}
   * (real threads) instead of the fake scheduler and the {@link #emergency} queue, when not null.
   */
  ControllerRig(String recovery, ServiceScheduler scheduler, Executor emergencyStops)
      throws Exception {
    ClusterConfig cfg = new ConfigParser().parse(YAML.formatted(recovery), "rig.yaml");
    log.start();
    root.addAppender(log);
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);
    var w =
        new ServiceController.Wiring(
            "n1",
            "/m/n1",
            store,
            victim -> {
              calls.add("fence " + victim);
              if (fenceThrows != null) {
                throw fenceThrows;
              }
              if (fenceFailures > 0) {
                fenceFailures--;
                throw new NodeFencing.FenceFailedException("fence device says no");
              }
              return "off";
            },
            FenceAcks.NONE,
            svc -> true,
            (svc, epoch) -> {
              if (createThrows != null) {
                throw createThrows;
              }
              calls.add("tree " + epoch);
              return tree;
            },
            new RecordingEvents(),
            (svc, why) -> selfFences.add(why),
            time,
            clock,
            emergencyStops == null ? emergency::add : emergencyStops,
            Duration.ofSeconds(5));
    controller =
        new ServiceController(cfg.services().get("s1"), w, scheduler == null ? worker : scheduler);
  }

  /** Placement wants this node and nobody owns the service. */
  void placeHere() {
    desireHere();
    worker.runDue();
  }

  /** Posts that placement wants this node and nobody owns the service; runs nothing. */
  void desireHere() {
    controller.update(
        new ServiceController.Desired(
            new ClusterView(
                Map.of("n1", 1L, "n2", 2L), Optional.empty(), true, Optional.empty(), Set.of()),
            Optional.of("n1")));
  }

  /** This node owns the service; placement keeps it here, with {@code frozen} and a restart. */
  void keepHere(boolean frozen, Optional<ClusterView.Restart> restart) {
    controller.update(
        new ServiceController.Desired(
            new ClusterView(
                Map.of("n1", 1L, "n2", 2L),
                Optional.of(new ClusterView.Owner("n1", 100L)),
                true,
                Optional.empty(),
                Set.of(),
                frozen,
                Set.of(),
                restart),
            Optional.of("n1")));
    worker.runDue();
  }

  /** Placement moves the service to n2 (this node still owns it). */
  void placeElsewhere() {
    desireElsewhere();
    worker.runDue();
  }

  /** Posts that placement moves the service to n2; runs nothing. */
  void desireElsewhere() {
    controller.update(
        new ServiceController.Desired(
            new ClusterView(
                Map.of("n1", 1L, "n2", 2L),
                Optional.of(new ClusterView.Owner("n1", 1L)),
                true,
                Optional.empty(),
                Set.of()),
            Optional.of("n2")));
  }

  /** Runs the emergency executor's queued work, then the worker. */
  void runEmergency() {
    while (!emergency.isEmpty()) {
      emergency.poll().run();
    }
    worker.runDue();
  }

  ServiceState state() {
    return controller.state();
  }

  List<String> errors() {
    return log.list.stream()
        .filter(e -> e.getLevel() == Level.ERROR)
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " [stack]"))
        .toList();
  }

  List<String> states() {
    return published.stream().map(p -> p.substring(p.indexOf("-> ") + 3)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(log);
  }

  final class RecordingEvents implements ServiceEvents {
    @Override
    public void transition(ServiceStatus status, ServiceState from, String reason) {
      published.add(from + " -> " + status.state());
      statuses.add(status);
      history.add("transition " + from + " -> " + status.state() + ": " + reason);
    }

    @Override
    public void checked(ServiceStatus status) {
      checks.add(status);
    }

    @Override
    public void checkedAtRest(ServiceStatus status) {
      checksAtRest.add(status);
    }

    @Override
    public void event(String service, String kind, String message) {
      history.add(kind + " " + message);
    }

    @Override
    public void ban(String service, long untilMillis, String reason) {
      bans.add(reason);
    }

    @Override
    public void disable(String service, String reason) {
      history.add("disable " + reason);
    }

    @Override
    public void answer(String service, String requestId, boolean ok, String message) {
      answers.add(requestId + (ok ? " ok: " : " rejected: ") + message);
    }

    @Override
    public void liftBan(String service, String banned) {
      history.add("liftBan " + banned);
    }
  }

  final class FakeOwnerships implements Ownerships {
    long nextEpoch = 100;
    RuntimeException acquireThrows;
    RuntimeException reproveThrows;
    RuntimeException releaseThrows;

    @Override
    public Ownership acquire(String service, String node, String memberPath) {
      calls.add("acquire");
      if (acquireThrows != null) {
        throw acquireThrows;
      }
      return new Ownership(
          service, node, nextEpoch++, new Breadcrumb(node, false, unfenced, "t"), 1);
    }

    @Override
    public Ownership reprove(Ownership own) {
      calls.add("reprove " + own.epoch());
      if (reproveThrows != null) {
        throw reproveThrows;
      }
      return own.withEpoch(nextEpoch++, own.breadcrumbVersion() + 1);
    }

    @Override
    public Ownership markFenced(Ownership own, Set<String> fenced) {
      calls.add("markFenced " + fenced);
      return own.withBreadcrumb(own.breadcrumb().withFenced(fenced), own.breadcrumbVersion() + 1);
    }

    @Override
    public void release(Ownership own) throws OwnershipException {
      calls.add("release " + own.epoch());
      if (releaseThrows != null) {
        throw releaseThrows;
      }
    }

    @Override
    public void abandon(Ownership own) {
      calls.add("abandon " + own.epoch());
    }
  }

  final class FakeTree implements ManagedTree {
    Runnable duringStart = () -> {};
    Runnable duringStop = () -> {};
    RuntimeException startThrows;
    RuntimeException monitorThrows;
    RuntimeException stopThrows;
    boolean stopFails;
    TreeHealth health = TreeHealth.HEALTHY;
    boolean emergencyConfirms = true;
    Resource.FailureListener listener;

    @Override
    public void startAll() throws ResourceException {
      calls.add("start");
      duringStart.run();
      if (startThrows != null) {
        throw startThrows;
      }
    }

    @Override
    public void stopAll() throws ResourceException {
      calls.add("stop");
      duringStop.run();
      if (stopThrows != null) {
        throw stopThrows;
      }
      if (stopFails) {
        throw new ResourceException("daemon", "stop timed out");
      }
    }

    @Override
    public void stopFrom(String resource) throws ResourceException {
      calls.add("stop from " + resource);
      if (stopThrows != null) {
        throw stopThrows;
      }
      if (stopFails) {
        throw new ResourceException("daemon", "stop timed out");
      }
    }

    @Override
    public void startFrom(String resource) throws ResourceException {
      calls.add("start from " + resource);
      duringStart.run();
      if (startThrows != null) {
        throw startThrows;
      }
    }

    @Override
    public boolean emergencyStopAll() {
      calls.add("emergency");
      return emergencyConfirms;
    }

    @Override
    public TreeHealth monitorAll() {
      calls.add("monitor");
      if (monitorThrows != null) {
        throw monitorThrows;
      }
      return health;
    }

    @Override
    public void onFailure(Resource.FailureListener l) {
      listener = l;
    }
  }
}
