package io.hactl.zk;

/**
 * Where everything of one cluster lives in ZooKeeper. All paths are absolute and start with the
 * cluster root ({@code chroot/name}).
 *
 * <pre>
 * ROOT/config                     validated YAML (persistent)
 * ROOT/nodes/NODE                 membership, the node's election node (ephemeral)
 * ROOT/services/SVC/owner         the owner (ephemeral; its czxid is the epoch)
 * ROOT/services/SVC/breadcrumb    last owner, clean or not, nodes still to fence (persistent)
 * ROOT/services/SVC/admin         enabled, frozen (persistent, written by commands)
 * ROOT/services/SVC/requests/ID   one operator request (persistent sequential, create-only)
 * ROOT/services/SVC/requests/ID/NODE  the agent of NODE answered it (persistent)
 * ROOT/standby/NODE               NODE is in standby: placement never chooses it (persistent)
 * ROOT/services/SVC/state         what the owner reports: state, epoch, failures (persistent)
 * ROOT/services/SVC/bans/NODE     recovery bans with their expiry (persistent)
 * ROOT/history/ev-SEQ             the bounded event history (persistent sequential)
 * ROOT/fence-acks/NODE            an operator confirmed NODE dead (persistent; its czxid counts)
 * </pre>
 */
public record ZkLayout(String root) {
  public String config() {
    return root + "/config";
  }

  public String nodes() {
    return root + "/nodes";
  }

  public String node(String node) {
    return nodes() + "/" + node;
  }

  public String services() {
    return root + "/services";
  }

  public String service(String svc) {
    return services() + "/" + svc;
  }

  public String owner(String svc) {
    return service(svc) + "/owner";
  }

  public String breadcrumb(String svc) {
    return service(svc) + "/breadcrumb";
  }

  public String admin(String svc) {
    return service(svc) + "/admin";
  }

  public String state(String svc) {
    return service(svc) + "/state";
  }

  public String bans(String svc) {
    return service(svc) + "/bans";
  }

  public String ban(String svc, String node) {
    return bans(svc) + "/" + node;
  }

  public String requests(String svc) {
    return service(svc) + "/requests";
  }

  public String request(String svc, String id) {
    return requests(svc) + "/" + id;
  }

  public String requestPrefix(String svc) {
    return requests(svc) + "/req-";
  }

  public String standby() {
    return root + "/standby";
  }

  public String standby(String node) {
    return standby() + "/" + node;
  }

  public String history() {
    return root + "/history";
  }

  public String fenceAcks() {
    return root + "/fence-acks";
  }

  public String fenceAck(String node) {
    return fenceAcks() + "/" + node;
  }

  /** Where each agent publishes the fence devices that fail its periodic check. */
  public String readiness() {
    return root + "/readiness";
  }

  public String readiness(String node) {
    return readiness() + "/" + node;
  }

  public String historyPrefix() {
    return history() + "/ev-";
  }
}
