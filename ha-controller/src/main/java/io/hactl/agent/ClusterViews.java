package io.hactl.agent;

import io.hactl.placement.ClusterView;
import io.hactl.zk.AdminState;
import io.hactl.zk.Ban;
import io.hactl.zk.Checked;
import io.hactl.zk.CheckedReader;
import io.hactl.zk.CorruptReports;
import io.hactl.zk.RequestAnswer;
import io.hactl.zk.Requests;
import io.hactl.zk.ServiceRequest;
import io.hactl.zk.ZkLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;

/**
 * Builds {@link ClusterView}s from the agent's local caches of the members and services. Reads only
 * the cache: never blocks on ZooKeeper. Admin and ban nodes are hostile data: a corrupt one is
 * ignored and reported once per version (never a flood, however many there are).
 */
final class ClusterViews {
  private final CuratorCache members;
  private final CuratorCache services;
  private final CuratorCache standby;
  private final ZkLayout layout;
  private final Clock clock;
  private final Consumer<Checked.Corrupt<?>> onCorrupt;
  private final CorruptReports reports = new CorruptReports();

  /**
   * @param onCorrupt told once per version of each corrupt admin or ban node (it logs and records
   *     it; the node itself is ignored); called on the caller's thread, so it must not block
   */
  ClusterViews(
      CuratorCache members,
      CuratorCache services,
      CuratorCache standby,
      ZkLayout layout,
      Clock clock,
      Consumer<Checked.Corrupt<?>> onCorrupt) {
    this.members = members;
    this.services = services;
    this.standby = standby;
    this.layout = layout;
    this.clock = clock;
    this.onCorrupt = onCorrupt;
  }

  /** Live nodes with the czxid of their membership node. */
  Map<String, Long> liveNodes() {
    Map<String, Long> out = new HashMap<>();
    String prefix = layout.nodes() + "/";
    members.stream()
        .filter(
            d -> d.getPath().startsWith(prefix) && d.getPath().indexOf('/', prefix.length()) < 0)
        .forEach(d -> out.put(d.getPath().substring(prefix.length()), d.getStat().getCzxid()));
    return out;
  }

  ClusterView view(String service, boolean configEnabled, Map<String, Long> live) {
    Optional<ClusterView.Owner> owner =
        services
            .get(layout.owner(service))
            .map(
                d ->
                    new ClusterView.Owner(
                        new String(d.getData(), StandardCharsets.UTF_8), d.getStat().getCzxid()));
    AdminState admin = admin(service);
    boolean enabled = admin.enabled() != null ? admin.enabled() : configEnabled;
    List<Requests.Pending> open = open(service);
    Optional<ClusterView.Relocation> relocation =
        first(open, ServiceRequest.Kind.RELOCATE)
            .map(
                p ->
                    new ClusterView.Relocation(
                        p.id(),
                        p.request().get().from() == null ? "" : p.request().get().from(),
                        Optional.ofNullable(p.request().get().to())));
    Optional<ClusterView.Restart> restart =
        first(open, ServiceRequest.Kind.RESTART)
            .map(p -> new ClusterView.Restart(p.id(), p.request().get().from()));
    return new ClusterView(
        live,
        owner,
        enabled,
        relocation,
        bannedNodes(service),
        admin.frozenNow(),
        standbyNodes(),
        restart);
  }

  private static Optional<Requests.Pending> first(
      List<Requests.Pending> open, ServiceRequest.Kind kind) {
    return open.stream().filter(p -> p.request().get().kind() == kind).findFirst();
  }

  /** Nodes an operator put in standby ({@code ROOT/standby/NODE}). */
  Set<String> standbyNodes() {
    Set<String> out = new HashSet<>();
    String prefix = layout.standby() + "/";
    standby.stream()
        .filter(
            d -> d.getPath().startsWith(prefix) && d.getPath().indexOf('/', prefix.length()) < 0)
        .forEach(d -> out.add(d.getPath().substring(prefix.length())));
    return out;
  }

  /** Valid requests of {@code service} not yet expired and not answered by anyone, oldest first. */
  private List<Requests.Pending> open(String service) {
    long now = clock.millis();
    return requests(service).stream()
        .filter(p -> p.request().isPresent() && !p.request().get().expired(now))
        .filter(p -> p.answers().isEmpty())
        .toList();
  }

  /**
   * Every request of {@code service} in the cache, oldest first, with its answers; a corrupt one is
   * reported once per version and comes back without a request.
   */
  List<Requests.Pending> requests(String service) {
    String prefix = layout.requests(service) + "/";
    Map<String, ChildData> nodes = new TreeMap<>();
    Map<String, Map<String, RequestAnswer>> answers = new HashMap<>();
    services.stream()
        .filter(d -> d.getPath().startsWith(prefix))
        .forEach(
            d -> {
              String rest = d.getPath().substring(prefix.length());
              int slash = rest.indexOf('/');
              if (slash < 0) {
                nodes.put(rest, d);
              } else if (rest.indexOf('/', slash + 1) < 0 && d.getData() != null) {
                CheckedReader.decode(d.getPath(), 0, d.getData(), RequestAnswer.class)
                    .value()
                    .ifPresent(
                        a ->
                            answers
                                .computeIfAbsent(rest.substring(0, slash), k -> new HashMap<>())
                                .put(rest.substring(slash + 1), a));
              }
            });
    List<Requests.Pending> out = new ArrayList<>();
    nodes.forEach(
        (id, d) -> {
          Requests.Pending p =
              Requests.decode(
                  service,
                  id,
                  d.getPath(),
                  d.getStat().getMzxid(),
                  d.getData(),
                  answers.getOrDefault(id, Map.of()));
          if (p.corrupt() != null) {
            checked(d, ServiceRequest.class); // reports it once per version
          }
          out.add(p);
        });
    return out;
  }

  /**
   * The operators' settings for {@code service}; {@link AdminState#NONE} when there are none or the
   * node is corrupt (the configured enabled value kept, not frozen).
   */
  private AdminState admin(String service) {
    Optional<ChildData> d = services.get(layout.admin(service));
    if (d.isEmpty() || d.get().getData() == null || d.get().getData().length == 0) {
      return AdminState.NONE;
    }
    return checked(d.get(), AdminState.class).orElse(AdminState.NONE);
  }

  /** Decodes cached {@code d} as hostile data; a corrupt node is reported once per version. */
  private <T> Optional<T> checked(ChildData d, Class<T> type) {
    Checked<T> c = CheckedReader.decode(d.getPath(), d.getStat().getMzxid(), d.getData(), type);
    if (c instanceof Checked.Corrupt<T> bad) {
      if (reports.first(bad)) {
        onCorrupt.accept(bad);
      }
    } else {
      reports.repaired(d.getPath());
    }
    return c.value();
  }

  private Set<String> bannedNodes(String service) {
    Set<String> out = new HashSet<>();
    long now = clock.millis();
    forEachBan(
        service,
        (n, b) -> {
          if (b.untilMillis() > now) {
            out.add(n);
          }
        });
    return out;
  }

  /** The earliest future expiry of any ban, so the agent can re-run placement then. */
  OptionalLong nextBanExpiry(Iterable<String> services) {
    long now = clock.millis();
    long[] best = {Long.MAX_VALUE};
    for (String s : services) {
      forEachBan(
          s,
          (n, b) -> {
            if (b.untilMillis() > now) {
              best[0] = Math.min(best[0], b.untilMillis());
            }
          });
    }
    return best[0] == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best[0]);
  }

  private void forEachBan(String service, java.util.function.BiConsumer<String, Ban> f) {
    String prefix = layout.bans(service) + "/";
    services.stream()
        .filter(
            d -> d.getPath().startsWith(prefix) && d.getData() != null && d.getData().length > 0)
        .forEach(
            d ->
                checked(d, Ban.class)
                    .ifPresent(b -> f.accept(d.getPath().substring(prefix.length()), b)));
  }
}
