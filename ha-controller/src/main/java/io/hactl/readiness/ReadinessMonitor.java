package io.hactl.readiness;

import io.hactl.config.ClusterConfig;
import io.hactl.fencing.FenceAgent;
import io.hactl.history.FenceEvents;
import io.hactl.history.History;
import io.hactl.history.HistoryEvent;
import io.hactl.readiness.FenceCheck.DeviceCheck;
import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link FenceCheck} on the fence devices of every other node, every {@code
 * cluster.fenceCheckInterval}, on its own thread (never the one that fences). It records in the
 * history each device that starts failing and each that recovers, once per change, not per check,
 * and publishes the failing devices in an ephemeral znode ({@code ROOT/readiness/NODE}) that {@code
 * hactl status} reads. A check takes at most the sum of the devices' timeouts; a slow check delays
 * the next one, never overlaps it. It does not fence and does not change any service.
 */
public final class ReadinessMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessMonitor.class);

  /** One failing device, as published. */
  public record Failing(String device, String agent, String detail, long sinceMillis) {}

  private final String node;
  private final Supplier<ClusterConfig> config;
  private final FenceCheck check;
  private final CuratorFramework client;
  private final ZkLayout layout;
  private final History history;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fence-readiness");
            t.setDaemon(true);
            return t;
          });
  private Map<String, Failing> failing = new LinkedHashMap<>();

  public ReadinessMonitor(
      String node,
      Supplier<ClusterConfig> config,
      FenceAgent agent,
      CuratorFramework client,
      ZkLayout layout,
      History history,
      Clock clock) {
    this.node = node;
    this.config = config;
    this.check = new FenceCheck(agent);
    this.client = client;
    this.layout = layout;
    this.history = history;
    this.clock = clock;
  }

  /** Schedules the checks (the first after one interval); does nothing when the interval is 0. */
  public void start() {
    Duration every = config.get().cluster().fenceCheckInterval();
    if (every.isZero()) {
      LOG.info("agent {}: periodic fence device checks are off (cluster.fenceCheckInterval)", node);
      return;
    }
    executor.scheduleWithFixedDelay(
        this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One check of every other node's devices; what changed goes to the history. */
  void runOnce() {
    try {
      ClusterConfig cfg = config.get();
      List<String> others = cfg.nodes().keySet().stream().filter(n -> !n.equals(node)).toList();
      Map<String, Failing> now = new LinkedHashMap<>();
      for (DeviceCheck c : check.check(cfg, others)) {
        String key = c.key();
        Failing before = failing.get(key);
        if (c.ok()) {
          if (before != null) {
            record("fence device of node " + key + " (" + c.agent() + ") passes its check again");
          }
          continue;
        }
        now.put(
            key,
            new Failing(
                key,
                c.agent(),
                c.detail(),
                before == null ? clock.millis() : before.sinceMillis()));
        if (before == null) {
          record(
              "fence device of node "
                  + key
                  + " ("
                  + c.agent()
                  + ") FAILED its status check; fencing that node may fail: "
                  + c.detail());
        }
      }
      failing = now;
      publish(now);
    } catch (RuntimeException e) {
      LOG.warn("agent {}: fence device check failed: {}", node, e.toString());
    }
  }

  private void record(String message) {
    LOG.warn("agent {}: {}", node, message);
    history.append(new HistoryEvent(clock.millis(), node, null, FenceEvents.KIND, message));
  }

  private void publish(Map<String, Failing> now) {
    try {
      client
          .create()
          .orSetData()
          .creatingParentsIfNeeded()
          .withMode(CreateMode.EPHEMERAL)
          .forPath(layout.readiness(node), Json.write(List.copyOf(now.values())));
    } catch (Exception e) {
      LOG.warn("agent {}: cannot publish fence device readiness: {}", node, e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
