package io.hactl.cli;

import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.zk.Requests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's status as a versioned record model: what {@code hactl status -o json|yaml} prints
 * and what the table is drawn from, built from one {@link ClusterSnapshot} at one instant. The
 * schema is documented in {@code docs/status-schema.md}; a field is only ever added within one
 * {@link #SCHEMA_VERSION}, never renamed, retyped or removed. No terminal code lives here: the
 * table, the watch loop and the web view render this model. It does not re-read ZooKeeper, so it is
 * exactly as fresh as its snapshot.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param cluster the cluster's name
 * @param time when the model was built (ISO-8601, UTC)
 * @param timeMillis the same instant in milliseconds since the epoch; ages are relative to it
 * @param nodes the configured nodes, in configuration order
 * @param services the configured services, in configuration order
 * @param corrupt cluster-wide corrupt znodes, each with its path and repair
 */
public record StatusModel(
    int schemaVersion,
    String cluster,
    String time,
    long timeMillis,
    List<Node> nodes,
    List<Service> services,
    List<String> corrupt) {

  /** The version of this schema; incremented only by an incompatible change. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * One configured node.
   *
   * @param member whether its agent runs (holds its ephemeral membership node)
   * @param session the ZooKeeper session holding that node (hex), or null when not a member
   * @param sessionTimeoutMillis the session timeout ZooKeeper granted the agent (0: unknown)
   * @param standby whether an operator put the node in standby (no service placed on it)
   */
  public record Node(
      String name,
      String address,
      boolean member,
      String session,
      long sessionTimeoutMillis,
      boolean standby) {}

  /**
   * One configured service.
   *
   * @param state the state word of the table: STOPPED, DISABLED, OWNED (no report yet), a state of
   *     the service state machine, or {@code RUNNING?} (owner's checks stopped)
   * @param enabled whether the service should run (the operator's enable/disable, else the
   *     configuration)
   * @param owner the owning node, or null
   * @param epoch the owner's fencing token, or null without an owner
   * @param sinceMillis when the reporting node last changed the service's state, or null
   * @param reason why it last changed, or null
   * @param failures failures inside the recovery window at {@link StatusModel#timeMillis}: counted
   *     from the failure times, so it falls as the window slides
   * @param failureTimesMillis the times of those failures, oldest first
   * @param failureWindowMillis the recovery window
   * @param lastCheckAgeMillis for a RUNNING owner, how long ago its last good check was; else null,
   *     and null too while {@code watched}
   * @param checkEveryMillis how often that owner checks (0: unknown)
   * @param watched the owner of a RUNNING service watches its own checks and publishes its status
   *     only when they fall more than two periods behind (no ZooKeeper write per good check): while
   *     true, its checks keep up
   * @param bans nodes kept off the service now, with the end of each ban
   * @param toFence nodes that must be fenced before the service may start again
   * @param frozen whether an operator froze the service (no monitoring, restart or failover)
   * @param requests the operators' pending requests about the service, oldest first
   * @param corrupt the service's corrupt znodes, each with its path and repair
   */
  public record Service(
      String name,
      String state,
      boolean enabled,
      String owner,
      Long epoch,
      Long sinceMillis,
      String reason,
      int failures,
      List<Long> failureTimesMillis,
      long failureWindowMillis,
      Long lastCheckAgeMillis,
      long checkEveryMillis,
      boolean watched,
      List<Ban> bans,
      List<String> toFence,
      boolean frozen,
      List<Request> requests,
      List<String> corrupt) {}

  /**
   * A ban still in force.
   *
   * @param untilMillis when it ends
   * @param remainingMillis how long it still lasts at {@link StatusModel#timeMillis}
   */
  public record Ban(String node, long untilMillis, long remainingMillis, String reason) {}

  /**
   * A pending operator request.
   *
   * @param id its znode name
   * @param what what it asks ("relocate from n1 on n2"), or null when corrupt
   * @param user who asked (the local user the command ran as), or null when corrupt
   * @param requestedAtMillis when it was made (0 when corrupt)
   * @param deadlineMillis when agents drop it (0 when corrupt)
   * @param answers each answering node's answer ("ok: ..." or "rejected: ..."), by node
   * @param corrupt what is wrong with it, or null
   */
  public record Request(
      String id,
      String what,
      String user,
      long requestedAtMillis,
      long deadlineMillis,
      Map<String, String> answers,
      String corrupt) {}

  /** Whether every enabled service is RUNNING and nothing read was corrupt (status's exit 0). */
  public boolean healthy() {
    return corrupt.isEmpty()
        && services.stream()
            .allMatch(s -> s.corrupt().isEmpty() && (!s.enabled() || "RUNNING".equals(s.state())));
  }

  /** The model of {@code snap} at {@code nowMillis}. */
  static StatusModel of(ClusterSnapshot snap, long nowMillis) {
    List<Node> nodes = new ArrayList<>();
    snap.nodesUp()
        .forEach(
            (n, up) -> {
              ClusterSnapshot.Member m = up ? snap.members().get(n) : null;
              nodes.add(
                  new Node(
                      n,
                      snap.config().nodes().get(n).address(),
                      up,
                      m == null ? null : "0x" + Long.toHexString(m.sessionId()),
                      m == null ? 0 : m.sessionTimeoutMs(),
                      snap.standby().contains(n)));
            });
    List<Service> services = new ArrayList<>();
    for (var v : snap.services().values()) {
      services.add(service(snap, v, nowMillis));
    }
    return new StatusModel(
        SCHEMA_VERSION,
        snap.config().cluster().name(),
        Instant.ofEpochMilli(nowMillis).toString(),
        nowMillis,
        List.copyOf(nodes),
        List.copyOf(services),
        snap.corrupt());
  }

  private static Service service(ClusterSnapshot snap, ClusterSnapshot.ServiceView v, long now) {
    Optional<ServiceStatus> st = ClusterSnapshot.ownerStatus(v);
    long configWindow =
        Optional.ofNullable(snap.config().services().get(v.name()))
            .map(s -> s.recovery().window().toMillis())
            .orElse(0L);
    long window = st.map(ServiceStatus::windowMillis).filter(w -> w > 0).orElse(configWindow);
    List<Long> times =
        st
            .map(s -> s.failedAtMillis() == null ? List.<Long>of() : s.failedAtMillis())
            .orElse(List.of())
            .stream()
            .filter(t -> t != null && (window <= 0 || now - t < window))
            .toList();
    List<Ban> bans = new ArrayList<>();
    v.bans()
        .forEach(
            (n, b) -> {
              if (b.untilMillis() > now) {
                bans.add(new Ban(n, b.untilMillis(), b.untilMillis() - now, b.reason()));
              }
            });
    return new Service(
        v.name(),
        ClusterSnapshot.stateOf(v, now),
        v.enabled(),
        v.owner().orElse(null),
        v.owner().isPresent() ? v.ownerEpoch() : null,
        st.map(ServiceStatus::sinceMillis).orElse(null),
        st.map(ServiceStatus::reason).orElse(null),
        st.map(s -> s.failuresAt(now)).orElse(0),
        times,
        window,
        st.filter(s -> s.state() == ServiceState.RUNNING && !s.watched())
            .map(s -> Math.max(0, now - Math.max(s.checkedMillis(), s.sinceMillis())))
            .orElse(null),
        st.map(ServiceStatus::checkEveryMillis).orElse(0L),
        st.filter(s -> s.state() == ServiceState.RUNNING).map(ServiceStatus::watched).orElse(false),
        List.copyOf(bans),
        v.breadcrumb().map(b -> List.copyOf(b.unfenced())).orElse(List.of()),
        v.frozen(),
        v.requests().stream().map(StatusModel::request).toList(),
        v.corrupt());
  }

  /** The model of one pending request. */
  static Request request(Requests.Pending p) {
    Map<String, String> answers = new TreeMap<>();
    p.answers().forEach((n, a) -> answers.put(n, (a.ok() ? "ok: " : "rejected: ") + a.message()));
    return p.request()
        .map(
            r ->
                new Request(
                    p.id(),
                    r.describe(),
                    r.user(),
                    r.requestedAtMillis(),
                    r.deadlineMillis(),
                    Map.copyOf(answers),
                    null))
        .orElseGet(() -> new Request(p.id(), null, null, 0, 0, Map.copyOf(answers), p.corrupt()));
  }
}
