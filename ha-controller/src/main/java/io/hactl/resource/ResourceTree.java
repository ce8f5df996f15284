package io.hactl.resource;

import io.hactl.config.FsResourceConfig;
import io.hactl.config.OcfResourceConfig;
import io.hactl.config.ResourceConfig;
import io.hactl.config.ServiceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live resources of one service for one ownership term, started parents first and stopped
 * children first. Right after a mount with {@code epochFile: true} it checks and writes the term's
 * epoch into it (DESIGN rule 7), before any child starts. It does not clean up after a failed
 * {@link #startAll}: the caller decides between {@link #stopAll} and {@link #emergencyStopAll}.
 *
 * <p>Threading: {@link #startAll}, {@link #stopAll} and {@link #monitorAll} run on the service's
 * worker thread, one at a time; {@link #emergencyStopAll} may run on any thread at any moment and
 * wins, because it revokes the term's guard first.
 */
public final class ResourceTree {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceTree.class);

  /** In an emergency stop, TERM grace of children launched by actions still in flight. */
  static final Duration LAUNCHED_GRACE = Duration.ofMillis(100);

  /** In an emergency stop, how long KILLed in-flight children may take to vanish. */
  static final Duration LAUNCHED_KILL_WAIT = Duration.ofMillis(200);

  private final ServiceConfig service;
  private final ActionGuard guard;
  private final String clusterId;
  private final long epoch;
  private final List<Node> nodes;

  private record Node(ResourceConfig config, Resource resource) {
    String name() {
      return config.name();
    }
  }

  /**
   * @param environment the agent's base environment for daemons ({@code HACTL_*})
   * @param clusterId written into epoch files
   * @param epoch this term's fencing token
   */
  public ResourceTree(
      ServiceConfig service,
      ActionGuard guard,
      Map<String, String> environment,
      String clusterId,
      long epoch,
      ResourceFactory factory) {
    this.service = service;
    this.guard = guard;
    this.clusterId = clusterId;
    this.epoch = epoch;
    List<Node> built = new ArrayList<>();
    for (ResourceConfig c : service.startOrder()) {
      built.add(new Node(c, factory.create(c, guard, environment)));
    }
    this.nodes = Collections.unmodifiableList(built);
  }

  /** A tree of real mounts and daemons. */
  public static ResourceTree build(
      ServiceConfig service,
      ActionGuard guard,
      Map<String, String> environment,
      String clusterId,
      long epoch) {
    return new ResourceTree(
        service, guard, environment, clusterId, epoch, ResourceFactory.standard());
  }

  public String service() {
    return service.name();
  }

  /** The resources in start order. */
  public List<Resource> resources() {
    return nodes.stream().map(Node::resource).toList();
  }

  /**
   * Starts every resource, parents before children, writing the epoch into each mount that asks for
   * it right after mounting it. Stops at the first failure.
   *
   * @throws ResourceException naming the resource that failed
   */
  public void startAll() throws ResourceException {
    startFrom(null);
  }

  /**
   * Starts {@code resource} and every resource after it in start order (all of them when {@code
   * resource} is null or not in the tree), as {@link #startAll()} does: the restart in place of a
   * failed resource, whose parents kept running.
   *
   * @throws ResourceException naming the resource that failed
   */
  public void startFrom(String resource) throws ResourceException {
    Deadline started = Deadline.after(guard.runner().ticker(), Duration.ZERO);
    List<Node> part = from(resource);
    for (Node n : part) {
      if (guard.revoked()) {
        throw new ResourceException(n.name(), "start refused: ownership term revoked");
      }
      try {
        n.resource().start();
        if (n.config() instanceof FsResourceConfig fs && fs.epochFile()) {
          writeEpoch(n, fs);
        }
      } catch (ResourceException e) {
        LOG.warn("{}: start failed: {}", service.name(), e.getMessage());
        throw e;
      } catch (RuntimeException e) {
        LOG.warn("{}: start of {} failed: {}", service.name(), n.name(), e.toString());
        throw new ResourceException(n.name(), "start failed: " + e, e);
      }
    }
    LOG.info(
        "{}: {} resources started in {} ms{}",
        service.name(),
        part.size(),
        started.elapsed().toMillis(),
        part.size() == nodes.size() ? "" : " (from " + resource + ", the others kept running)");
  }

  /** {@code resource} and the resources after it in start order; all when it is not in the tree. */
  private List<Node> from(String resource) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(resource)) {
        return nodes.subList(i, nodes.size());
      }
    }
    return nodes;
  }

  private void writeEpoch(Node n, FsResourceConfig fs) throws ResourceException {
    try {
      EpochFile.writeChecked(
          guard, fs.mountpoint().toAbsolutePath().normalize(), clusterId, epoch, fs.startTimeout());
    } catch (ResourceException e) {
      throw new ResourceException(n.name(), "epoch check: " + e.getMessage(), e);
    }
  }

  /**
   * Stops every resource gracefully, children before parents, each within its stop timeout. A
   * failure does not stop the others from being tried.
   *
   * @throws ResourceException naming every resource that failed to stop
   */
  public void stopAll() throws ResourceException {
    stopFrom(null);
  }

  /**
   * Stops {@code resource} and every resource after it in start order, children first, as {@link
   * #stopAll()} does (all of them when {@code resource} is null or not in the tree); the resources
   * before it keep running.
   *
   * @throws ResourceException naming every resource that failed to stop
   */
  public void stopFrom(String resource) throws ResourceException {
    List<Node> part = new ArrayList<>(from(resource));
    Collections.reverse(part);
    List<ResourceException> failures = new ArrayList<>();
    for (Node n : part) {
      try {
        n.resource().stop();
      } catch (ResourceException e) {
        failures.add(e);
      } catch (RuntimeException e) {
        failures.add(new ResourceException(n.name(), "stop failed: " + e, e));
      }
    }
    if (failures.isEmpty()) {
      if (part.size() == nodes.size()) {
        LOG.info("{}: all resources stopped", service.name());
      } else {
        LOG.info(
            "{}: {} stopped, the {} before it kept running",
            service.name(),
            part.stream().map(Node::name).toList(),
            nodes.size() - part.size());
      }
      return;
    }
    String names =
        failures.stream().map(ResourceException::resource).collect(Collectors.joining(","));
    String why = failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
    ResourceException e =
        new ResourceException(failures.get(0).resource(), "stop failed (" + names + "): " + why);
    failures.forEach(e::addSuppressed);
    throw e;
  }

  /**
   * The emergency stop of DESIGN rule 4: revokes the guard (nothing new starts, a start in flight
   * fails), stops the daemons (TERM, their termGrace, KILL), kills what the term's actions still
   * have running, then stops the mounts, children first. OCF resources, whatever they manage, stop
   * with the daemons (their agent's stop under emergencyStopTimeout, children first), each killing
   * its own action still in flight first. Bounded by the service's emergency stop budget plus the
   * in-flight kill (a few hundred ms). Never throws.
   *
   * @return true only when every resource is confirmed gone
   */
  public boolean emergencyStopAll() {
    Deadline budget = Deadline.after(guard.runner().ticker(), service.emergencyStopBudget());
    guard.revoke();
    // Daemons first, each with its own termGrace; then whatever else the term still has running
    // (a mount or readiness command in flight), so no mount can land after the unmounts; then the
    // mounts, children first.
    boolean allGone = true;
    for (Node n : reversed()) {
      if (!(n.config() instanceof FsResourceConfig)) {
        allGone &= emergencyStop(n);
      }
    }
    allGone &= killLaunched();
    for (Node n : reversed()) {
      if (n.config() instanceof FsResourceConfig) {
        allGone &= emergencyStop(n);
      }
    }
    long ms = budget.elapsed().toMillis();
    long budgetMs = service.emergencyStopBudget().toMillis();
    if (!allGone) {
      LOG.error(
          "{}: emergency stop could NOT confirm every resource gone ({} ms, budget {} ms)",
          service.name(),
          ms,
          budgetMs);
    } else if (ms > budgetMs) {
      LOG.warn(
          "{}: emergency stop done but took {} ms, over its budget of {} ms",
          service.name(),
          ms,
          budgetMs);
    } else {
      LOG.info("{}: emergency stop done in {} ms (budget {} ms)", service.name(), ms, budgetMs);
    }
    return allGone;
  }

  private boolean emergencyStop(Node n) {
    try {
      return n.resource().emergencyStop();
    } catch (RuntimeException e) {
      LOG.error("{}: emergency stop of {} threw: {}", service.name(), n.name(), e.toString());
      return false;
    }
  }

  private boolean killLaunched() {
    try {
      boolean gone = guard.killLaunched(LAUNCHED_GRACE, LAUNCHED_KILL_WAIT);
      if (!gone) {
        LOG.error("{}: a child launched in this term survived KILL", service.name());
      }
      return gone;
    } catch (RuntimeException e) {
      LOG.error("{}: killing launched children threw: {}", service.name(), e.toString());
      return false;
    }
  }

  /**
   * Monitors every resource in start order and returns the first one not running, with how far its
   * failure reaches. A mount or an OCF resource is checked at the greater of {@code depth} and its
   * configured {@code monitorDepth}.
   */
  public TreeHealth monitorAll(int depth) {
    for (Node n : nodes) {
      int d = depth;
      if (n.config() instanceof FsResourceConfig fs) {
        d = Math.max(depth, fs.monitorDepth());
      } else if (n.config() instanceof OcfResourceConfig ocf) {
        d = Math.max(depth, ocf.monitorDepth());
      }
      Resource.Check c;
      try {
        c = n.resource().check(d);
      } catch (RuntimeException e) {
        LOG.warn("{}: monitor of {} threw: {}", service.name(), n.name(), e.toString());
        c = new Resource.Check(Health.FAILED, Severity.SOFT);
      }
      if (c.health() != Health.RUNNING) {
        return new TreeHealth(n.name(), c.health(), c.severity());
      }
    }
    return TreeHealth.HEALTHY;
  }

  /** Registers {@code listener} with every resource of the tree. */
  public void onFailure(Resource.FailureListener listener) {
    for (Node n : nodes) {
      n.resource().onFailure(listener);
    }
  }

  private List<Node> reversed() {
    List<Node> r = new ArrayList<>(nodes);
    Collections.reverse(r);
    return r;
  }
}
