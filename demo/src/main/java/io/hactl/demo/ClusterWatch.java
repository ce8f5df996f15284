package io.hactl.demo;

import io.hactl.agent.ServiceStatus;
import io.hactl.history.HistoryEvent;
import io.hactl.zk.Json;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/**
 * Follows the demo cluster in ZooKeeper and tells the story's ZooKeeper half: members joining and
 * leaving, the owner node and its epoch, the owner's published state, and the fence, command and
 * failure entries of the history. It reads what the agents wrote; it never writes. Curator's thread
 * only hands events to the watch's own thread, which prints and records them.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Set<String> HISTORY_KINDS =
      Set.of("agent", "fence", "failure", "ban", "disable");

  private final CuratorCache cache;
  private final ZkLayout layout;
  private final String service;
  private final Timeline timeline;
  private final Observed observed;
  private final DemoWorkspace ws;
  private final LongConsumer beforeFenceEvent;
  private final Set<String> killed = ConcurrentHashMap.newKeySet();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "demo-cluster-watch");
            t.setDaemon(true);
            return t;
          });

  ClusterWatch(
      CuratorFramework client,
      ZkLayout layout,
      String service,
      Timeline timeline,
      Observed observed,
      DemoWorkspace ws,
      LongConsumer beforeFenceEvent) {
    this.cache = CuratorCache.build(client, layout.root());
    this.layout = layout;
    this.service = service;
    this.timeline = timeline;
    this.observed = observed;
    this.ws = ws;
    this.beforeFenceEvent = beforeFenceEvent;
  }

  void start() {
    // The first decoding loads Jackson (a few hundred ms): not while the first events wait.
    Json.read(Json.write(new HistoryEvent(0, "n", "s", "k", "m")), HistoryEvent.class);
    cache
        .listenable()
        .addListener(
            CuratorCacheListener.builder()
                .forCreates(d -> post(d, true))
                .forChanges((before, after) -> post(after, true))
                .forDeletes(d -> post(d, false))
                .build());
    cache.start();
  }

  /** The story says it killed {@code node}, so its membership's end is a session expiry. */
  void killed(String node) {
    killed.add(node);
  }

  /** The story restarted {@code node}. */
  void restarted(String node) {
    killed.remove(node);
  }

  private void post(ChildData d, boolean present) {
    long nanos = System.nanoTime();
    thread.execute(() -> handle(d, present, nanos));
  }

  private void handle(ChildData d, boolean present, long nanos) {
    String path = d.getPath();
    String nodesPrefix = layout.nodes() + "/";
    try {
      if (path.startsWith(nodesPrefix) && path.indexOf('/', nodesPrefix.length()) < 0) {
        member(path.substring(nodesPrefix.length()), present, nanos);
      } else if (path.equals(layout.owner(service))) {
        owner(d, present, nanos);
      } else if (path.startsWith(layout.requestPrefix(service))
          && path.indexOf('/', layout.requestPrefix(service).length()) < 0
          && present) {
        request(Json.read(d.getData(), ServiceRequest.class), nanos);
      } else if (path.equals(layout.state(service)) && present) {
        state(Json.read(d.getData(), ServiceStatus.class), nanos);
      } else if (path.startsWith(layout.historyPrefix()) && present) {
        history(Json.read(d.getData(), HistoryEvent.class), nanos);
      }
    } catch (RuntimeException e) {
      timeline.at(nanos, "demo", "cannot read " + path + ": " + e.getMessage());
    }
  }

  private void member(String node, boolean present, long nanos) {
    if (present) {
      return; // the agent is running only once it says so in the history
    }
    observed.left(node, nanos);
    if (killed.contains(node)) {
      // A clean leave is in the history ("NODE left"); an expiry is only seen here.
      timeline.at(
          nanos,
          node,
          "gone from ZooKeeper: its session expired (no word from it for the session timeout)");
    }
  }

  private void owner(ChildData d, boolean present, long nanos) {
    if (!present) {
      observed.owner(null, 0);
      timeline.at(nanos, "zk", service + " has no owner now");
      return;
    }
    String node = new String(d.getData(), StandardCharsets.UTF_8);
    long epoch = d.getStat().getCzxid();
    observed.owner(node, epoch);
    timeline.at(
        nanos,
        node,
        "owns "
            + service
            + ": epoch "
            + epoch
            + " (the zxid of its ownership write, its fencing token)");
  }

  private void request(ServiceRequest r, long nanos) {
    if (r.kind() == ServiceRequest.Kind.RELOCATE) {
      observed.relocationRequested(nanos);
      timeline.at(
          nanos,
          "zk",
          "relocation request stored: "
              + service
              + " from "
              + r.from()
              + (r.to() == null ? "" : " to " + r.to()));
    }
  }

  private void state(ServiceStatus s, long nanos) {
    observed.status(s, nanos);
    timeline.at(nanos, s.node(), service + " " + s.state() + ": " + ws.shorten(s.reason()));
  }

  private void history(HistoryEvent e, long nanos) {
    if (!HISTORY_KINDS.contains(e.kind())) {
      return;
    }
    if (e.kind().equals("fence")) {
      beforeFenceEvent.accept(nanos); // what the fence agent says it did comes first
    }
    String who = e.node() == null ? "?" : e.node();
    timeline.at(nanos, who, ws.shorten(e.message()));
    if (e.kind().equals("agent") && e.message().startsWith(e.node() + " joined")) {
      observed.joined(e.node()); // after the line, so the story's reaction prints below it
    }
  }

  @Override
  public void close() {
    cache.close();
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
