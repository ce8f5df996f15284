package io.hactl.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole, validated cluster configuration. Instances only come out of {@link ConfigParser}, which
 * has checked every field, cross-reference and timing rule; maps keep the file's order.
 *
 * @param cluster cluster-wide settings
 * @param nodes nodes by name
 * @param failoverDomains failover domains by name
 * @param services services by name
 * @param source the YAML text this configuration was parsed from (what is stored in ZooKeeper)
 */
public record ClusterConfig(
    ClusterSettings cluster,
    Map<String, NodeConfig> nodes,
    Map<String, FailoverDomain> failoverDomains,
    Map<String, ServiceConfig> services,
    String source,
    List<AlertHookConfig> alerts) {

  public ClusterConfig {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    nodes = Maps.ordered(nodes);
    failoverDomains = Maps.ordered(failoverDomains);
    services = Maps.ordered(services);
  }

  /** A configuration without alert hooks. */
  public ClusterConfig(
      ClusterSettings cluster,
      Map<String, NodeConfig> nodes,
      Map<String, FailoverDomain> failoverDomains,
      Map<String, ServiceConfig> services,
      String source) {
    this(cluster, nodes, failoverDomains, services, source, List.of());
  }

  public Optional<NodeConfig> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  public Optional<ServiceConfig> service(String name) {
    return Optional.ofNullable(services.get(name));
  }

  public FailoverDomain domainOf(ServiceConfig service) {
    return failoverDomains.get(service.domain());
  }
}
