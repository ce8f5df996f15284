package io.hactl.history;

import io.hactl.zk.Json;
import io.hactl.zk.ZkLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded event history of a cluster: persistent sequential nodes under {@code ROOT/history}.
 * Appends are asynchronous and never block the caller; the oldest entries beyond {@code capacity}
 * are trimmed now and then, so the history may briefly hold a few more.
 */
public final class History {
  private static final Logger LOG = LoggerFactory.getLogger(History.class);
  private static final int TRIM_EVERY = 50;

  private final CuratorFramework client;
  private final ZkLayout layout;
  private final int capacity;
  private final AtomicInteger appends = new AtomicInteger();

  public History(CuratorFramework client, ZkLayout layout, int capacity) {
    this.client = client;
    this.layout = layout;
    this.capacity = capacity;
  }

  /** Appends in the background; a failure is logged, never thrown. */
  public void append(HistoryEvent event) {
    try {
      client
          .create()
          .creatingParentsIfNeeded()
          .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
          .inBackground(
              (c, e) -> {
                if (e.getResultCode() != KeeperException.Code.OK.intValue()) {
                  LOG.warn(
                      "history append failed: {}", KeeperException.Code.get(e.getResultCode()));
                }
              })
          .forPath(layout.historyPrefix(), Json.write(event));
    } catch (Exception e) {
      LOG.warn("history append failed: {}", e.toString());
    }
    if (appends.incrementAndGet() % TRIM_EVERY == 0) {
      trimInBackground();
    }
  }

  private void trimInBackground() {
    try {
      client
          .getChildren()
          .inBackground(
              (c, e) -> {
                List<String> names = e.getChildren();
                if (names == null || names.size() <= capacity) {
                  return;
                }
                List<String> sorted = new ArrayList<>(names);
                Collections.sort(sorted);
                for (String old : sorted.subList(0, sorted.size() - capacity)) {
                  c.delete().inBackground().forPath(layout.history() + "/" + old);
                }
              })
          .forPath(layout.history());
    } catch (Exception e) {
      LOG.warn("history trim failed: {}", e.toString());
    }
  }

  /** The newest {@code limit} events, oldest first. Blocks on ZooKeeper. */
  public List<HistoryEvent> read(int limit) throws Exception {
    return entries(limit).stream().map(Entry::event).toList();
  }

  /**
   * One recorded event with the name of its znode; the names sort in the order ZooKeeper recorded
   * the events, whatever the recording nodes' clocks said.
   */
  public record Entry(String name, HistoryEvent event) {}

  /**
   * The newest {@code limit} entries, oldest first. An entry whose data cannot be decoded is
   * returned as a {@code corrupt} event naming its znode, so that one bad child never hides the
   * rest. Blocks on ZooKeeper.
   */
  public List<Entry> entries(int limit) throws Exception {
    List<String> names = sortedNames();
    return load(names.subList(Math.max(0, names.size() - limit), names.size()));
  }

  /** The entries recorded after the one named {@code after} (all of them when null). */
  public List<Entry> entriesAfter(String after) throws Exception {
    List<String> names = sortedNames();
    return load(
        after == null ? names : names.stream().filter(n -> n.compareTo(after) > 0).toList());
  }

  private List<String> sortedNames() throws Exception {
    List<String> names;
    try {
      names = new ArrayList<>(client.getChildren().forPath(layout.history()));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
    Collections.sort(names);
    return names;
  }

  private List<Entry> load(List<String> names) throws Exception {
    List<Entry> out = new ArrayList<>();
    for (String name : names) {
      String path = layout.history() + "/" + name;
      byte[] data;
      try {
        data = client.getData().forPath(path);
      } catch (KeeperException.NoNodeException e) {
        continue; // trimmed meanwhile
      }
      out.add(new Entry(name, decode(path, data)));
    }
    return out;
  }

  private static HistoryEvent decode(String path, byte[] data) {
    try {
      HistoryEvent e = Json.read(data, HistoryEvent.class);
      if (e != null && e.kind() != null && e.message() != null) {
        return e;
      }
    } catch (RuntimeException bad) {
      // reported below
    }
    return new HistoryEvent(
        0, "-", null, "corrupt", "corrupt history entry " + path + " (" + data.length + " bytes)");
  }
}
