package io.hactl.zk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Operator requests in ZooKeeper ({@link ServiceRequest}), shared by the commands and the agents:
 * create one (create-only, one sequential znode each), read them with their answers, answer one,
 * delete one. Contents are hostile: a corrupt request comes back as {@link Pending#corrupt} and is
 * never acted on.
 */
public final class Requests {
  private Requests() {}

  /**
   * A stored request with the answers agents gave to it.
   *
   * @param id its znode name ({@code req-SEQ})
   * @param request the decoded request, empty when {@code corrupt}
   * @param corrupt what is wrong with it, or null
   * @param answers node name to its answer
   */
  public record Pending(
      String service,
      String id,
      Optional<ServiceRequest> request,
      String corrupt,
      Map<String, RequestAnswer> answers) {

    /** The first rejection, if any agent rejected it. */
    public Optional<Map.Entry<String, RequestAnswer>> rejection() {
      return answers.entrySet().stream().filter(e -> !e.getValue().ok()).findFirst();
    }
  }

  /** Stores {@code r} for {@code service}; returns its id. */
  public static String create(
      CuratorFramework client, ZkLayout layout, String service, ServiceRequest r) throws Exception {
    String path =
        client
            .create()
            .creatingParentsIfNeeded()
            .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(layout.requestPrefix(service), Json.write(r));
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Every request of {@code service}, oldest first, with its answers. */
  public static List<Pending> list(CuratorFramework client, ZkLayout layout, String service)
      throws Exception {
    List<Pending> out = new ArrayList<>();
    List<String> ids;
    try {
      ids = new ArrayList<>(client.getChildren().forPath(layout.requests(service)));
    } catch (KeeperException.NoNodeException e) {
      return out;
    }
    ids.sort(null);
    for (String id : ids) {
      read(client, layout, service, id).ifPresent(out::add);
    }
    return out;
  }

  /** One request with its answers; empty when it is gone. */
  public static Optional<Pending> read(
      CuratorFramework client, ZkLayout layout, String service, String id) throws Exception {
    String path = layout.request(service, id);
    Stat stat = new Stat();
    byte[] data;
    List<String> children;
    try {
      data = client.getData().storingStatIn(stat).forPath(path);
      children = client.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
    Map<String, RequestAnswer> answers = new LinkedHashMap<>();
    for (String n : children) {
      try {
        Checked<RequestAnswer> a =
            CheckedReader.decode(
                path + "/" + n, 0, client.getData().forPath(path + "/" + n), RequestAnswer.class);
        a.value().ifPresent(v -> answers.put(n, v));
      } catch (KeeperException.NoNodeException e) {
        // deleted meanwhile
      }
    }
    return Optional.of(decode(service, id, path, stat.getMzxid(), data, answers));
  }

  /** Decodes one request node's data (hostile). */
  public static Pending decode(
      String service,
      String id,
      String path,
      long mzxid,
      byte[] data,
      Map<String, RequestAnswer> answers) {
    Checked<ServiceRequest> c = CheckedReader.decode(path, mzxid, data, ServiceRequest.class);
    return new Pending(
        service,
        id,
        c.value(),
        c instanceof Checked.Corrupt<ServiceRequest> bad ? bad.toString() : null,
        Map.copyOf(answers));
  }

  /** The agent of {@code node} answers request {@code id}; an existing answer is kept. */
  public static void answer(
      CuratorFramework client,
      ZkLayout layout,
      String service,
      String id,
      String node,
      RequestAnswer a)
      throws Exception {
    try {
      client.create().forPath(layout.request(service, id) + "/" + node, Json.write(a));
    } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
      // answered before, or the request is gone (its command ended): nothing to do
    }
  }

  /** Deletes request {@code id} and its answers; true if it was there. */
  public static boolean delete(CuratorFramework client, ZkLayout layout, String service, String id)
      throws Exception {
    try {
      client.delete().deletingChildrenIfNeeded().forPath(layout.request(service, id));
      return true;
    } catch (KeeperException.NoNodeException e) {
      return false;
    }
  }
}
