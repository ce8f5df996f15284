package io.hactl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks the {@code services:} section: each service's domain reference, recovery policy,
 * resource tree and emergency-stop timing. It does not check that a domain's nodes can actually run
 * the resources.
 */
final class ServiceReader {
  static final String PATH = "services";
  static final List<String> KEYS = List.of("domain", "enabled", "recovery", "resources");
  static final List<String> RECOVERY_KEYS = List.of("policy", "maxRestarts", "window");

  private final Problems problems;
  private final OcfAgentCatalog ocfAgents;
  private final Path ocfRoot;

  ServiceReader(Problems problems) {
    this(problems, OcfAgentCatalog.UNCHECKED, OcfResourceConfig.DEFAULT_OCF_ROOT);
  }

  /**
   * @param ocfAgents what is known of the OCF agents that {@code type: ocf} resources name
   * @param ocfRoot the cluster's OCF_ROOT
   */
  ServiceReader(Problems problems, OcfAgentCatalog ocfAgents, Path ocfRoot) {
    this.problems = problems;
    this.ocfAgents = ocfAgents;
    this.ocfRoot = ocfRoot;
  }

  /**
   * The valid services among {@code entries}, in file order.
   *
   * @param domainNames the domains defined in the file, or null when that section is unusable
   * @param sessionTimeout the cluster's session timeout, or null when it is invalid (then the
   *     emergency-stop timing is not checked)
   */
  Map<String, ServiceConfig> read(
      Map<String, JsonNode> entries, Set<String> domainNames, Duration sessionTimeout) {
    Map<String, ServiceConfig> out = new LinkedHashMap<>();
    entries.forEach(
        (name, v) -> {
          ServiceConfig s = service(name, v, Fields.key(PATH, name), domainNames, sessionTimeout);
          if (s != null) {
            out.put(name, s);
          }
        });
    return out;
  }

  private ServiceConfig service(
      String name, JsonNode v, String path, Set<String> domainNames, Duration sessionTimeout) {
    int before = problems.count();
    Fields f = Fields.of(v, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    String domain = domain(f, domainNames);
    Boolean enabled = f.bool("enabled", true);
    RecoveryPolicy recovery = recovery(f);
    JsonNode list = f.required("resources", "the service's resources: a list of fs, exec and ocf");
    List<ResourceConfig> resources =
        list == null
            ? null
            : new ResourceReader(problems, ocfAgents, ocfRoot)
                .readList(list, f.path("resources"), true);
    if (resources == null) {
      return null;
    }
    ServiceConfig service =
        new ServiceConfig(
            name,
            domain == null ? "" : domain,
            enabled == null || enabled,
            recovery == null ? RecoveryPolicy.DEFAULT : recovery,
            resources);
    if (sessionTimeout != null) {
      EmergencyBudgetRule.check(path, service, sessionTimeout, problems);
    }
    return problems.count() == before ? service : null;
  }

  private String domain(Fields f, Set<String> domainNames) {
    String domain = f.requiredString("domain", "the failover domain the service runs in");
    if (domain == null || domainNames == null || domainNames.contains(domain)) {
      return domain;
    }
    String defined =
        domainNames.isEmpty()
            ? "no failoverDomains are defined"
            : "defined domains: " + String.join(", ", domainNames);
    problems.add(f.path("domain"), "unknown failover domain \"" + domain + "\"; " + defined);
    return null;
  }

  private RecoveryPolicy recovery(Fields service) {
    JsonNode v = service.get("recovery");
    if (v == null) {
      return RecoveryPolicy.DEFAULT;
    }
    Fields f = Fields.of(v, service.path("recovery"), problems, RECOVERY_KEYS);
    if (f == null) {
      return null;
    }
    RecoveryPolicy d = RecoveryPolicy.DEFAULT;
    RecoveryPolicy.Action action = f.choice("policy", d.action(), RecoveryPolicy.Action.class);
    Integer maxRestarts = f.integer("maxRestarts", d.maxRestarts(), Limits.MAX_RESTARTS);
    Duration window = f.duration("window", d.window(), Limits.RECOVERY_WINDOW);
    if (action == null || maxRestarts == null || window == null) {
      return null;
    }
    return new RecoveryPolicy(action, maxRestarts, window);
  }
}
