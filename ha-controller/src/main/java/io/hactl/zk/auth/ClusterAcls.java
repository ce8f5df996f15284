package io.hactl.zk.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The ACLs of every znode hactl creates, by path (DESIGN rule 8). Nobody without credentials has
 * any right. Readers read everything. Agents may do everything. Administrators change the
 * configuration, the admin nodes, requests, standby marks and the fence acknowledgements, and
 * create (never change) history events and the containers that hold those; membership, owner nodes,
 * breadcrumbs, state and bans are read-only to them. Request nodes (admin, fence acks) and history
 * events also record who created them: an {@code auth} entry, which ZooKeeper replaces with the
 * creator's digest id, with the marker permissions {@link #CREATOR_PERMS} (see {@link
 * RequestAuthors}).
 *
 * <p>Paths outside the cluster root (the chroot and its parents) get the container ACL. It does not
 * change the ACL of a znode that already exists.
 */
public final class ClusterAcls implements ACLProvider {
  /** Permissions that mark the creator's entry: READ and ADMIN, which no static entry has. */
  public static final int CREATOR_PERMS = Perms.READ | Perms.ADMIN;

  private static final String DIGEST = "digest";

  private final String root;
  private final List<ACL> container;
  private final List<ACL> requestContainer;
  private final List<ACL> shared;
  private final List<ACL> request;
  private final List<ACL> event;
  private final List<ACL> agentOnly;

  /**
   * @param root the cluster's root path ({@code chroot/name})
   * @param ids the three identities
   */
  public ClusterAcls(String root, ZkIdentities ids) {
    this.root = root;
    ACL agent = new ACL(Perms.ALL, new Id(DIGEST, ids.id(ZkRole.AGENT)));
    ACL reader = new ACL(Perms.READ, new Id(DIGEST, ids.id(ZkRole.READER)));
    String admin = ids.id(ZkRole.ADMIN);
    ACL creator = new ACL(CREATOR_PERMS, new Id("auth", ""));
    this.container = list(agent, new ACL(Perms.READ | Perms.CREATE, new Id(DIGEST, admin)), reader);
    this.requestContainer =
        list(
            agent,
            new ACL(Perms.READ | Perms.CREATE | Perms.DELETE, new Id(DIGEST, admin)),
            reader);
    this.shared = list(agent, new ACL(Perms.ALL, new Id(DIGEST, admin)), reader);
    this.request = list(agent, new ACL(Perms.ALL, new Id(DIGEST, admin)), reader, creator);
    this.event = list(agent, new ACL(Perms.READ, new Id(DIGEST, admin)), reader, creator);
    this.agentOnly = list(agent, new ACL(Perms.READ, new Id(DIGEST, admin)), reader);
  }

  /** An unmodifiable list that ZooKeeper can search for null (List.of throws there). */
  private static List<ACL> list(ACL... entries) {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(entries)));
  }

  @Override
  public List<ACL> getDefaultAcl() {
    return agentOnly;
  }

  @Override
  public List<ACL> getAclForPath(String path) {
    if (!path.startsWith(root + "/")) {
      return container;
    }
    String[] p = path.substring(root.length() + 1).split("/", -1);
    return switch (p[0]) {
      case "config" -> p.length == 1 ? shared : agentOnly;
      case "fence-acks" -> p.length == 1 ? shared : p.length == 2 ? request : agentOnly;
      case "history" -> p.length == 1 ? container : event;
      case "services" -> services(p);
      case "standby" -> p.length == 1 ? requestContainer : p.length == 2 ? request : agentOnly;
      default -> agentOnly;
    };
  }

  private List<ACL> services(String[] p) {
    if (p.length <= 2) {
      return container; // services, services/SVC
    }
    if (p.length == 3 && p[2].equals("admin")) {
      return request;
    }
    if (p[2].equals("requests")) {
      // requests (admins create and delete in it), requests/ID (create-only, creator recorded),
      // requests/ID/NODE (an agent's answer)
      return p.length == 3 ? requestContainer : p.length == 4 ? request : agentOnly;
    }
    return agentOnly;
  }
}
