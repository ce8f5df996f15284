package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ServiceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's service controllers, one per service this node may run, each with its own {@link
 * SerialScheduler} over the agent's shared {@link ServiceWorkers} (no thread per service). Adds
 * controllers for new services, retires (releases cleanly) those this node may no longer run, fans
 * connection events out, and shuts them all down within a budget.
 */
final class ControllerRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerRegistry.class);

  private final String node;
  private final ServiceController.Wiring wiring;
  private final Executor background;
  private final Map<String, ServiceController> controllers = new ConcurrentHashMap<>();

  /** How often the owner looks whether any RUNNING service's checks fell behind. */
  static final Duration WATCH_PERIOD = Duration.ofSeconds(1);

  private final Map<String, SerialScheduler> schedulers = new ConcurrentHashMap<>();
  private final ServiceWorkers workers;

  /**
   * @param background where retiring controllers release their services (never the caller's thread)
   */
  ControllerRegistry(String node, ServiceController.Wiring wiring, Executor background) {
    this(node, wiring, background, ServiceWorkers.DEFAULT_MAX_WORKERS);
  }

  /**
   * @param maxWorkers bound of the shared worker pool ({@link ServiceWorkers})
   */
  ControllerRegistry(
      String node, ServiceController.Wiring wiring, Executor background, int maxWorkers) {
    this.workers = new ServiceWorkers(maxWorkers);
    workers.everyOnTimer(() -> controllers.values().forEach(c -> c.machine.watch()), WATCH_PERIOD);
    this.node = node;
    this.wiring = wiring;
    this.background = background;
  }

  /** Whether {@code node} may run {@code s} under {@code cfg} (its domain allows it). */
  static boolean mayRun(ClusterConfig cfg, ServiceConfig s, String node) {
    var domain = cfg.domainOf(s);
    return !domain.restricted() || domain.member(node).isPresent();
  }

  /** Builds controllers for {@code cfg}'s services this node may run. */
  void build(ClusterConfig cfg) {
    for (ServiceConfig s : cfg.services().values()) {
      if (mayRun(cfg, s, node)) {
        add(s);
      }
    }
  }

  /** Follows a new configuration: updates, retires and adds controllers. */
  void follow(ClusterConfig next) {
    for (ServiceController c : List.copyOf(controllers.values())) {
      var updated = next.service(c.service()).filter(svc -> mayRun(next, svc, node));
      if (updated.isPresent()) {
        c.updateConfig(updated.get());
      } else {
        LOG.info("agent {}: service {} no longer runs here; releasing it", node, c.service());
        retire(c, stopBudget(next, c.service()));
      }
    }
    for (ServiceConfig svc : next.services().values()) {
      if (!controllers.containsKey(svc.name()) && mayRun(next, svc, node)) {
        LOG.info("agent {}: new service {}", node, svc.name());
        add(svc);
      }
    }
  }

  private void add(ServiceConfig s) {
    SerialScheduler worker = workers.forService(s.name());
    schedulers.put(s.name(), worker);
    controllers.put(s.name(), new ServiceController(s, wiring, worker));
  }

  private void retire(ServiceController c, Duration budget) {
    controllers.remove(c.service());
    SerialScheduler worker = schedulers.remove(c.service());
    background.execute(
        () -> {
          try {
            c.shutdown(budget);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            worker.close();
          }
        });
  }

  Map<String, ServiceController> controllers() {
    return Map.copyOf(controllers);
  }

  void suspendAll() {
    controllers.values().forEach(ServiceController::suspend);
  }

  void resumeAll() {
    controllers.values().forEach(ServiceController::resume);
  }

  /** How long a graceful stop of {@code service} (or of all, when null) may take. */
  static Duration stopBudget(ClusterConfig cfg, String service) {
    Duration budget = Duration.ofSeconds(5);
    for (ServiceConfig s : cfg.services().values()) {
      if (service == null || s.name().equals(service)) {
        for (var r : s.startOrder()) {
          budget = budget.plus(r.stopTimeout());
        }
      }
    }
    return budget;
  }

  /** Releases every owned service cleanly within {@code budget} each, then stops the workers. */
  void shutdown(Duration budget) {
    for (ServiceController c : controllers.values()) {
      try {
        c.shutdown(budget);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    schedulers.values().forEach(SerialScheduler::close);
    workers.close();
  }
}
