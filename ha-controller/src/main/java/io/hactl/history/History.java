package io.hactl.history;

import io.hactl.zk.Checked;
import io.hactl.zk.CheckedReader;
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

  /**
   * Appends and waits for ZooKeeper's answer: for a command that exits right after (a background
   * append could be lost with its connection). Blocks on ZooKeeper.
   */
  public void appendNow(HistoryEvent event) throws Exception {
    client
        .create()
        .creatingParentsIfNeeded()
        .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
        .forPath(layout.historyPrefix(), Json.write(event));
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

  /**
   * The newest {@code limit} events, oldest first; corrupt events are left out ({@link
   * #readChecked} names them). Blocks on ZooKeeper.
   */
  public List<HistoryEvent> read(int limit) throws Exception {
    return readChecked(limit).stream().flatMap(c -> c.value().stream()).toList();
  }

  /**
   * The newest {@code limit} events, oldest first, each checked: a corrupt event comes back as
   * {@link Checked.Corrupt} naming its znode instead of failing the whole read. Blocks on
   * ZooKeeper.
   */
  public List<Checked<HistoryEvent>> readChecked(int limit) throws Exception {
    return entries(limit).stream().map(Entry::checked).toList();
  }

  /**
   * One recorded event with the name of its znode; the names sort in the order ZooKeeper recorded
   * the events, whatever the recording nodes' clocks said.
   */
  public record Entry(String name, Checked<HistoryEvent> checked) {
    /** The event, or for a corrupt znode an event of kind {@code corrupt} naming it. */
    public HistoryEvent event() {
      return checked
          .value()
          .orElseGet(() -> new HistoryEvent(0, "-", null, "corrupt", checked.toString()));
    }
  }

  /** The newest {@code limit} entries, oldest first, corrupt ones included. Blocks on ZooKeeper. */
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
      CheckedReader.read(
              client,
              layout.history() + "/" + name,
              HistoryEvent.class,
              e -> e.kind() == null || e.message() == null ? "no kind or message" : null)
          .ifPresent(c -> out.add(new Entry(name, c)));
    }
    return out;
  }
}
