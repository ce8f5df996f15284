package io.hactl.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case breaks one rule of a valid base configuration and expects exactly the given errors. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigErrorsTest {
  private static final String RESOURCES =
      """
          resources:
            - type: fs
              name: spool
              device: "nfs1:/export/spool"
              mountpoint: /var/spool/condor
              children:
                - type: exec
                  name: schedd
                  command: ["/usr/sbin/condor_schedd", "-f"]
      """;

  private static final String BASE =
      """
      cluster:
        name: prod
        sessionTimeout: 20s
      nodes:
        n1:
          address: 10.0.0.1
          fence:
            - - agent: fence_ipmilan
                options: {ip: 10.0.1.1, username: admin, password: secret, lanplus: 1}
        n2:
          address: 10.0.0.2
          fence: manual
      failoverDomains:
        d1:
          nodes: [n1, n2]
      services:
        schedd1:
          domain: d1
          recovery: {policy: restart, maxRestarts: 3, window: 60s}
      """
          + RESOURCES;

  private static final String CHILD = "services.schedd1.resources[0].children[0]";
  private static final String SPOOL = "services.schedd1.resources[0]";
  private static final String DEVICE = "nodes.n1.fence[0][0]";
  private static final String NAME = Fields.NAME_RULE;

  private final ConfigParser parser = new ConfigParser();

  @Test
  void theBaseConfigurationIsValid() {
    assertDoesNotThrow(() -> parser.parse(BASE, "cluster.yaml"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void badConfigurationIsRejectedWithExactlyTheseErrors(
      String rule, String yaml, List<String> expected) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> parser.parse(yaml, "cluster.yaml"), rule);
    List<String> got = e.errors().stream().map(ConfigError::toString).toList();
    assertEquals(expected.stream().map(m -> "cluster.yaml: " + m).toList(), got, rule);
  }

  /** The base text with each {@code find} replaced by the following {@code replacement}. */
  private static String edit(String... findReplace) {
    String yaml = BASE;
    for (int i = 0; i < findReplace.length; i += 2) {
      String find = findReplace[i];
      int at = yaml.indexOf(find);
      if (at < 0 || yaml.indexOf(find, at + 1) >= 0) {
        throw new IllegalArgumentException("not exactly once in the base: " + find);
      }
      yaml = yaml.replace(find, findReplace[i + 1]);
    }
    return yaml;
  }

  private static Arguments bad(String rule, String yaml, String... expected) {
    return Arguments.of(rule, yaml, List.of(expected));
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    all.addAll(yamlCases());
    all.addAll(clusterCases());
    all.addAll(nodeCases());
    all.addAll(domainCases());
    all.addAll(serviceCases());
    all.addAll(fsCases());
    all.addAll(execCases());
    all.addAll(timingCases());
    return all.stream();
  }

  private static List<Arguments> yamlCases() {
    return List.of(
        bad(
            "YAML syntax error with line and column",
            edit("  name: prod\n", "  name: prod: x\n"),
            "line 2, column 13: invalid YAML: mapping values are not allowed here"),
        bad(
            "tab indentation",
            edit("  name: prod\n", "\tname: prod\n"),
            "line 2, column 1: invalid YAML: found character '\\t(TAB)' that cannot start any"
                + " token. (Do not use \\t(TAB) for indentation)"),
        bad(
            "unterminated quoted string",
            edit("\"-f\"]", "\"-f]"),
            "line 29, column 1: invalid YAML: found unexpected end of stream (while scanning a"
                + " quoted scalar that starts at line 28, column 50)"),
        bad(
            "duplicate key",
            edit("  name: prod\n", "  name: prod\n  name: test\n"),
            "cluster.name: duplicate key at line 3, column 3 (first at line 2); a key may appear"
                + " only once in a mapping: merge the two or remove one"),
        bad(
            "duplicate map entry (two nodes with the same name)",
            edit(
                "  n2:\n    address: 10.0.0.2\n    fence: manual\n",
                "  n2:\n    address: 10.0.0.2\n    fence: manual\n  n1: {}\n"),
            "nodes.n1: duplicate key at line 13, column 3 (first at line 5); a key may appear only"
                + " once in a mapping: merge the two or remove one"),
        bad(
            "alias",
            edit("address: 10.0.0.1", "address: &a 10.0.0.1", "address: 10.0.0.2", "address: *a"),
            "nodes.n2.address: YAML aliases are not supported (got *a); write the value out in"
                + " full"),
        bad(
            "second document",
            BASE + "---\ncluster: {name: other}\n",
            "line 30, column 1: a second YAML document starts here; put the whole configuration"
                + " in one document"),
        bad(
            "empty file",
            "# nothing but a comment\n",
            "must be a YAML mapping with the keys cluster, nodes, failoverDomains, services, alerts (got an"
                + " empty document)"),
        bad(
            "root is a list",
            "- cluster\n- nodes\n",
            "must be a YAML mapping with the keys cluster, nodes, failoverDomains, services, alerts (got a"
                + " list)"),
        bad(
            "unknown top-level key with a suggestion",
            edit("nodes:\n", "node:\n"),
            "node: unknown key (did you mean \"nodes\"?); allowed keys: cluster, nodes,"
                + " failoverDomains, services, alerts",
            "nodes: is required (a mapping of node names to their settings)"));
  }

  private static List<Arguments> clusterCases() {
    return List.of(
        bad(
            "unknown key without a close match",
            edit("  name: prod\n", "  name: prod\n  color: blue\n"),
            "cluster.color: unknown key; allowed keys: name, zookeeper, chroot, sessionTimeout,"
                + " selfFence, historySize, ocfRoot, tls, fenceCheckInterval"),
        bad(
            "unknown key differing in case",
            edit("  name: prod\n", "  name: prod\n  selffence: exit\n"),
            "cluster.selffence: unknown key (did you mean \"selfFence\"?); allowed keys:"
                + " name, zookeeper, chroot, sessionTimeout, selfFence, historySize, ocfRoot, tls, fenceCheckInterval"),
        bad(
            "missing cluster section",
            edit("cluster:\n  name: prod\n  sessionTimeout: 20s\n", ""),
            "cluster: is required (the cluster's name and settings)"),
        bad(
            "missing cluster name",
            edit("  name: prod\n", ""),
            "cluster.name: is required (the cluster's name, " + NAME + ")"),
        bad(
            "cluster name syntax",
            edit("  name: prod\n", "  name: Prod.1\n"),
            "cluster.name: must be " + NAME + " (got \"Prod.1\")"),
        bad(
            "cluster name of wrong type",
            edit("  name: prod\n", "  name: [prod]\n"),
            "cluster.name: must be a string (got a list)"),
        bad(
            "cluster section is not a mapping",
            edit("cluster:\n  name: prod\n  sessionTimeout: 20s\n", "cluster: prod\n"),
            "cluster: must be a mapping of key: value (got \"prod\")"),
        bad(
            "zookeeper connect string",
            edit("  name: prod\n", "  name: prod\n  zookeeper: zk1,zk2:2181\n"),
            "cluster.zookeeper: must be \"embedded\" or comma-separated host:port pairs such as"
                + " \"zk1:2181,zk2:2181,zk3:2181\" (got \"zk1,zk2:2181\")"),
        bad(
            "zookeeper port out of range",
            edit("  name: prod\n", "  name: prod\n  zookeeper: \"zk1:70000\"\n"),
            "cluster.zookeeper: must be \"embedded\" or comma-separated host:port pairs such as"
                + " \"zk1:2181,zk2:2181,zk3:2181\" (got \"zk1:70000\")"),
        bad(
            "zookeeper with chroot",
            edit("  name: prod\n", "  name: prod\n  zookeeper: \"zk1:2181/hactl\"\n"),
            "cluster.zookeeper: must not contain a chroot path; set cluster.chroot instead (got"
                + " \"zk1:2181/hactl\")"),
        bad(
            "chroot not absolute",
            edit("  name: prod\n", "  name: prod\n  chroot: hactl/\n"),
            "cluster.chroot: must be an absolute ZooKeeper path such as /hactl: a leading '/', no"
                + " empty, '.' or '..' parts, no trailing '/', not under /zookeeper (got"
                + " \"hactl/\")"),
        bad(
            "malformed duration",
            edit("  sessionTimeout: 20s\n", "  sessionTimeout: 20 s\n"),
            "cluster.sessionTimeout: must be a duration from 2s to 5m, written like 250ms, 5s, 2m,"
                + " 1h or 1m30s (got \"20 s\")"),
        bad(
            "duration without a unit",
            edit("  sessionTimeout: 20s\n", "  sessionTimeout: 20\n"),
            "cluster.sessionTimeout: must be a duration from 2s to 5m with a unit, such as 20s (got"
                + " 20)"),
        bad(
            "zero session timeout",
            edit("  sessionTimeout: 20s\n", "  sessionTimeout: 0ms\n"),
            "cluster.sessionTimeout: must be a duration from 2s to 5m (got \"0ms\")"),
        bad(
            "self-fence enum",
            edit("  name: prod\n", "  name: prod\n  selfFence: halt\n"),
            "cluster.selfFence: must be one of: reboot, exit, none (got \"halt\")"),
        bad(
            "history size below range",
            edit("  name: prod\n", "  name: prod\n  historySize: 9\n"),
            "cluster.historySize: must be an integer from 10 to 100000 (got 9)"),
        bad(
            "history size above range",
            edit("  name: prod\n", "  name: prod\n  historySize: 100001\n"),
            "cluster.historySize: must be an integer from 10 to 100000 (got 100001): the history"
                + " lives in one ZooKeeper node of bounded size"),
        bad(
            "history size not an integer",
            edit("  name: prod\n", "  name: prod\n  historySize: 1e3\n"),
            "cluster.historySize: must be an integer from 10 to 100000 (got \"1e3\")"));
  }

  private static List<Arguments> nodeCases() {
    return List.of(
        bad(
            "node name syntax",
            edit("  n2:\n", "  N_2:\n", "[n1, n2]", "[n1, N_2]"),
            "nodes.N_2: invalid node name: must be " + NAME + " (got \"N_2\")"),
        bad(
            "no nodes",
            edit(
                "  n1:\n    address: 10.0.0.1\n    fence:\n      - - agent: fence_ipmilan\n"
                    + "          options: {ip: 10.0.1.1, username: admin, password: secret,"
                    + " lanplus: 1}\n  n2:\n    address: 10.0.0.2\n    fence: manual\n",
                "  {}\n"),
            "nodes: must define at least one node",
            "failoverDomains.d1.nodes[0]: unknown node \"n1\"; no nodes are defined",
            "failoverDomains.d1.nodes[1]: unknown node \"n2\"; no nodes are defined"),
        bad(
            "missing address",
            edit("    address: 10.0.0.2\n", ""),
            "nodes.n2.address: is required (the node's host name or IP address)"),
        bad(
            "address with spaces",
            edit("address: 10.0.0.2", "address: 10.0.0.2 10.0.0.3"),
            "nodes.n2.address: must be one host name or IP address, without spaces (got"
                + " \"10.0.0.2 10.0.0.3\")"),
        bad(
            "fence is not a list",
            edit("    fence: manual\n", "    fence: fence_ipmilan\n"),
            "nodes.n2.fence: must be a list of fence levels, each a list of devices, or \"manual\""
                + " (got"
                + " \"fence_ipmilan\")"),
        bad(
            "fence level written as a single device",
            edit(
                "      - - agent: fence_ipmilan\n          options",
                "      - agent: fence_ipmilan\n        options"),
            "nodes.n1.fence[0]: must be a list of devices (one fence level), not a single device;"
                + " for one level of one device write \"- - agent: ...\""),
        bad(
            "empty fence level",
            edit("    fence: manual\n", "    fence: [[]]\n"),
            "nodes.n2.fence[0]: must be a non-empty list of devices; every device of a level must"
                + " succeed for the level to succeed (got an empty list)"),
        bad(
            "fence agent name syntax",
            edit("agent: fence_ipmilan", "agent: ipmilan"),
            DEVICE
                + ".agent: must be a fence agent name (fence_ followed by a-z, 0-9 and '_') or an"
                + " absolute path (got \"ipmilan\")"),
        bad(
            "fence agent missing",
            edit("      - - agent: fence_ipmilan\n          options", "      - - options"),
            DEVICE + ".agent: is required (a fence agent such as fence_ipmilan, or its path)"),
        bad(
            "fence action",
            edit("agent: fence_ipmilan", "agent: fence_ipmilan\n          action: on"),
            DEVICE + ".action: must be one of: off, reboot (got \"on\")"),
        bad(
            "fence action given as an option",
            edit("lanplus: 1}", "lanplus: 1, action: reboot}"),
            DEVICE
                + ".options.action: set the action with "
                + DEVICE
                + ".action (off or reboot), not in options: hactl passes the action to the"
                + " agent"),
        bad(
            "fence timeout",
            edit("agent: fence_ipmilan", "agent: fence_ipmilan\n          timeout: -1m"),
            DEVICE + ".timeout: must be a duration from 1s to 10m, without a sign (got \"-1m\")"),
        bad(
            "fence option value is a list",
            edit("{ip: 10.0.1.1,", "{ip: [10.0.1.1],"),
            DEVICE + ".options.ip: must be a string, number or boolean (got a list)"),
        bad(
            "fence option name",
            edit("username: admin", "user name: admin"),
            DEVICE
                + ".options.user name: invalid name: must be letters, digits, '_' and '-', as in"
                + " the agent's stdin options (got \"user name\")"),
        bad(
            "fence option value with a line break",
            edit("password: secret", "password: \"sec\\nret\""),
            DEVICE
                + ".options.password: must not contain a line break: fence agents read one"
                + " key=value per line"));
  }

  private static List<Arguments> domainCases() {
    return List.of(
        bad(
            "domain refers to an unknown node",
            edit("[n1, n2]", "[n1, n3]"),
            "failoverDomains.d1.nodes[1]: unknown node \"n3\"; defined nodes: n1, n2"),
        bad(
            "node twice in a domain",
            edit("[n1, n2]", "[n1, n2, n1]"),
            "failoverDomains.d1.nodes[2]: node \"n1\" is listed twice (first at"
                + " failoverDomains.d1.nodes[0]); list each node once"),
        bad(
            "empty domain",
            edit("[n1, n2]", "[]"),
            "failoverDomains.d1.nodes: must be a non-empty list of node names, most preferred"
                + " first, or of {node: NAME, priority: N} (got an empty list)"),
        bad(
            "domain without nodes",
            edit("    nodes: [n1, n2]\n", "    ordered: true\n"),
            "failoverDomains.d1.nodes: is required (the member nodes, most preferred first)"),
        bad(
            "domain flag not a boolean",
            edit("    nodes: [n1, n2]\n", "    nodes: [n1, n2]\n    nofailback: yes\n"),
            "failoverDomains.d1.nofailback: must be true or false (got \"yes\")"),
        bad(
            "member priority out of range",
            edit("[n1, n2]", "[{node: n1, priority: 0}, n2]"),
            "failoverDomains.d1.nodes[0].priority: must be an integer from 1 to 1000 (got 0)"),
        bad(
            "member mapping with unknown node",
            edit("[n1, n2]", "[{node: n1}, {node: n4, prio: 2}]"),
            "failoverDomains.d1.nodes[1].prio: unknown key; allowed keys: node, priority",
            "failoverDomains.d1.nodes[1].node: unknown node \"n4\"; defined nodes: n1, n2"),
        bad(
            "domain name syntax",
            edit("  d1:\n", "  D1:\n", "domain: d1", "domain: D1"),
            "failoverDomains.D1: invalid failover domain name: must be " + NAME + " (got \"D1\")"));
  }

  private static List<Arguments> serviceCases() {
    return List.of(
        bad(
            "service refers to an unknown domain",
            edit("domain: d1", "domain: d2"),
            "services.schedd1.domain: unknown failover domain \"d2\"; defined domains: d1"),
        bad(
            "service domain with no domains defined",
            edit("failoverDomains:\n  d1:\n    nodes: [n1, n2]\n", ""),
            "services.schedd1.domain: unknown failover domain \"d1\"; no failoverDomains are"
                + " defined"),
        bad(
            "service without domain",
            edit("    domain: d1\n", ""),
            "services.schedd1.domain: is required (the failover domain the service runs in)"),
        bad(
            "service name syntax",
            edit("  schedd1:\n", "  schedd 1:\n"),
            "services.schedd 1: invalid service name: must be " + NAME + " (got \"schedd 1\")"),
        bad(
            "services is not a mapping",
            edit("services:\n  schedd1:\n    domain: d1\n", "services:\n  - domain: d1\n"),
            "services: must be a mapping of service names to their settings (got a list)"),
        bad(
            "enabled not a boolean",
            edit("    domain: d1\n", "    domain: d1\n    enabled: 1\n"),
            "services.schedd1.enabled: must be true or false (got 1)"),
        bad(
            "recovery policy enum",
            edit("policy: restart", "policy: retry"),
            "services.schedd1.recovery.policy: must be one of: restart, relocate, disable (got"
                + " \"retry\")"),
        bad(
            "negative recovery window",
            edit("window: 60s", "window: -5s"),
            "services.schedd1.recovery.window: must be a duration from 1s to 24h, without a sign"
                + " (got \"-5s\")"),
        bad(
            "negative maxRestarts",
            edit("maxRestarts: 3", "maxRestarts: -1"),
            "services.schedd1.recovery.maxRestarts: must be an integer from 0 to 100 (got -1)"),
        bad(
            "unknown recovery key",
            edit("maxRestarts: 3", "max_restarts: 3"),
            "services.schedd1.recovery.max_restarts: unknown key (did you mean \"maxRestarts\"?);"
                + " allowed keys: policy, maxRestarts, window"),
        bad(
            "no resources",
            edit(RESOURCES, "    resources: []\n"),
            "services.schedd1.resources: must list at least one resource"),
        bad(
            "resources missing",
            edit(RESOURCES, ""),
            "services.schedd1.resources: is required (the service's resources: a list of fs, exec"
                + " and ocf)"));
  }

  private static List<Arguments> fsCases() {
    return List.of(
        bad(
            "resource type missing",
            edit("      - type: fs\n        name: spool", "      - name: spool"),
            SPOOL
                + ".type: is required (fs for a mount, exec for a daemon, ocf for an OCF resource"
                + " agent)"),
        bad(
            "resource type enum",
            edit("- type: fs", "- type: nfs"),
            SPOOL + ".type: must be one of: fs, exec, ocf (got \"nfs\")"),
        bad(
            "unknown fs key",
            edit(
                "mountpoint: /var/spool/condor", "mountpoint: /var/spool/condor\n        mount: x"),
            SPOOL
                + ".mount: unknown key; allowed keys: type, name, device, mountpoint, fstype,"
                + " options, epochFile, monitorDepth, startTimeout, stopTimeout, monitorInterval,"
                + " monitorTimeout, termGrace, unmountTimeout, children"),
        bad(
            "resource name syntax",
            edit("name: spool", "name: Spool"),
            SPOOL + ".name: must be " + NAME + " (got \"Spool\")"),
        bad(
            "resource names unique within a service",
            edit("name: schedd", "name: spool"),
            CHILD
                + ".name: duplicate resource name \"spool\" (first at "
                + SPOOL
                + "); resource names must be unique within a service"),
        bad(
            "mountpoint not absolute",
            edit("mountpoint: /var/spool/condor", "mountpoint: var/spool/condor"),
            SPOOL + ".mountpoint: must be an absolute path (got \"var/spool/condor\")"),
        bad(
            "mountpoint not normalized",
            edit("mountpoint: /var/spool/condor", "mountpoint: /var/spool/../condor"),
            SPOOL
                + ".mountpoint: must be an absolute path without '.' or '..' parts (got"
                + " \"/var/spool/../condor\")"),
        bad(
            "mountpoints unique within a service",
            edit(
                "\"-f\"]\n",
                "\"-f\"]\n"
                    + "          - type: fs\n"
                    + "            name: spool2\n"
                    + "            device: /srv/x\n"
                    + "            mountpoint: /var/spool/condor/\n"),
            "services.schedd1.resources[0].children[1].mountpoint: /var/spool/condor is already"
                + " mounted by "
                + SPOOL
                + "; mountpoints must be unique within a service"),
        bad(
            "device missing",
            edit("        device: \"nfs1:/export/spool\"\n", ""),
            SPOOL + ".device: is required (what to mount, such as nfs1:/export/spool)"),
        bad(
            "bind mount of a relative device",
            edit("device: \"nfs1:/export/spool\"", "device: nfs1/export/spool"),
            SPOOL
                + ".device: must be an absolute directory path for a bind mount (fstype none); for"
                + " NFS write server:/export, otherwise set fstype (got \"nfs1/export/spool\")"),
        bad(
            "fstype syntax",
            edit(
                "mountpoint: /var/spool/condor",
                "mountpoint: /var/spool/condor\n        fstype: NFS v4"),
            SPOOL
                + ".fstype: must be a file-system type for mount -t, such as nfs, nfs4, tmpfs or none"
                + " (got \"NFS v4\")"),
        bad(
            "mount options with spaces",
            edit(
                "mountpoint: /var/spool/condor",
                "mountpoint: /var/spool/condor\n        options: rw, hard"),
            SPOOL
                + ".options: must be mount options for mount -o: a comma-separated string without"
                + " spaces, such as \"rw,hard\" (got \"rw, hard\")"),
        bad(
            "monitor depth",
            edit(
                "mountpoint: /var/spool/condor",
                "mountpoint: /var/spool/condor\n        monitorDepth: 5"),
            SPOOL
                + ".monitorDepth: must be 0 (check the mount table) or 10 (also write and read a"
                + " probe file) (got 5)"),
        bad(
            "epochFile not a boolean",
            edit(
                "mountpoint: /var/spool/condor",
                "mountpoint: /var/spool/condor\n        epochFile: no"),
            SPOOL + ".epochFile: must be true or false (got \"no\")"),
        bad(
            "unmount timeout zero",
            edit(
                "mountpoint: /var/spool/condor",
                "mountpoint: /var/spool/condor\n        unmountTimeout: 0s"),
            SPOOL + ".unmountTimeout: must be a duration from 100ms to 1m (got \"0s\")"),
        bad(
            "children is not a list",
            edit(
                "        children:\n          - type: exec",
                "        children:\n            type: exec"),
            SPOOL
                + ".children: must be a list of resources, each with type: fs, exec or ocf (got a"
                + " mapping)"));
  }

  private static List<Arguments> execCases() {
    return List.of(
        bad(
            "exec command empty",
            edit("command: [\"/usr/sbin/condor_schedd\", \"-f\"]", "command: []"),
            CHILD
                + ".command: must be a non-empty list: the program and its arguments, run without"
                + " a shell (got an empty list)"),
        bad(
            "exec command missing",
            edit("            command: [\"/usr/sbin/condor_schedd\", \"-f\"]\n", ""),
            CHILD
                + ".command: is required (the program and its arguments, such as"
                + " [/usr/sbin/condor_schedd, -f])"),
        bad(
            "exec command written as one string",
            edit(
                "command: [\"/usr/sbin/condor_schedd\", \"-f\"]",
                "command: /usr/sbin/condor_schedd  -f"),
            CHILD
                + ".command: must be a non-empty list: the program and its arguments, run without"
                + " a shell; write it as [\"/usr/sbin/condor_schedd\", \"-f\"]"),
        bad(
            "exec command with an empty program",
            edit("[\"/usr/sbin/condor_schedd\", \"-f\"]", "[\"\", \"-f\"]"),
            CHILD + ".command[0]: the program must not be empty"),
        bad(
            "exec command argument is a mapping",
            edit("\"-f\"]", "{f: 1}]"),
            CHILD + ".command[1]: must be a string, number or boolean (got a mapping)"),
        bad(
            "workdir not absolute",
            edit("name: schedd", "name: schedd\n            workdir: spool"),
            CHILD + ".workdir: must be an absolute path (got \"spool\")"),
        bad(
            "pidfile not absolute",
            edit("name: schedd", "name: schedd\n            pidfile: ./schedd.pid"),
            CHILD + ".pidfile: must be an absolute path (got \"./schedd.pid\")"),
        bad(
            "ready command empty",
            edit("name: schedd", "name: schedd\n            ready: []"),
            CHILD
                + ".ready: must be a non-empty list: the program and its arguments, run without a"
                + " shell (got an empty list)"),
        bad(
            "environment variable name",
            edit("name: schedd", "name: schedd\n            environment: {1PATH: /bin}"),
            CHILD
                + ".environment.1PATH: invalid name: must be a variable name: letters, digits and"
                + " '_', not starting with a digit (got \"1PATH\")"),
        bad(
            "user name",
            edit("name: schedd", "name: schedd\n            user: \"condor user\""),
            CHILD + ".user: must be a user name or a numeric uid (got \"condor user\")"),
        bad(
            "monitorTimeout above monitorInterval (default timeout)",
            edit("name: schedd", "name: schedd\n            monitorInterval: 5s"),
            CHILD
                + ".monitorTimeout: must not exceed monitorInterval (got monitorTimeout 10s"
                + " (default), monitorInterval 5s): one monitor must end before the next is due;"
                + " lower monitorTimeout, raise monitorInterval, or set monitorInterval: 0s to turn"
                + " the periodic monitor off"),
        bad(
            "negative monitorInterval",
            edit("name: schedd", "name: schedd\n            monitorInterval: -1s"),
            CHILD
                + ".monitorInterval: must be 0s (off) or a duration from 100ms to 1h, without a"
                + " sign (got \"-1s\")"),
        bad(
            "fractional duration",
            edit("name: schedd", "name: schedd\n            termGrace: 1.5s"),
            CHILD
                + ".termGrace: must be a duration from 0s to 1m, written like 250ms, 5s, 2m, 1h or"
                + " 1m30s (got \"1.5s\")"),
        bad(
            "unknown exec key",
            edit("name: schedd", "name: schedd\n            device: /x"),
            CHILD
                + ".device: unknown key; allowed keys: type, name, command, user, environment,"
                + " workdir, pidfile, ready, monitor, startTimeout, stopTimeout, monitorInterval,"
                + " monitorTimeout, termGrace, children"));
  }

  private static List<Arguments> timingCases() {
    return List.of(
        bad(
            "emergency stop budget with the default timings and the shortest session timeout",
            edit("  sessionTimeout: 20s\n", "  sessionTimeout: 2s\n"),
            "services.schedd1: emergency stop budget 1s exceeds 666ms, a third of"
                + " cluster.sessionTimeout 2s (after a ZooKeeper suspension the owner must have"
                + " stopped the service before its session can expire); budget = schedd 400ms"
                + " (termGrace 200ms + kill wait 200ms) + spool 600ms (termGrace 100ms + kill wait"
                + " 200ms + unmountTimeout 300ms); lower termGrace/unmountTimeout or raise"
                + " cluster.sessionTimeout to at least 3s"),
        bad(
            "emergency stop budget with a long termGrace",
            edit("name: schedd", "name: schedd\n            termGrace: 1m"),
            "services.schedd1: emergency stop budget 1m0.8s exceeds 6.666s, a third of"
                + " cluster.sessionTimeout 20s (after a ZooKeeper suspension the owner must have"
                + " stopped the service before its session can expire); budget = schedd 1m0.2s"
                + " (termGrace 1m + kill wait 200ms) + spool 600ms (termGrace 100ms + kill wait"
                + " 200ms + unmountTimeout 300ms); lower termGrace/unmountTimeout or raise"
                + " cluster.sessionTimeout to at least 3m2.4s"),
        bad(
            "timing is still checked when another cluster setting is wrong",
            edit(
                "  name: prod\n",
                "  name: PROD\n  sessionTimeout: 2s\n",
                "  sessionTimeout: 20s\n",
                ""),
            "cluster.name: must be " + NAME + " (got \"PROD\")",
            "services.schedd1: emergency stop budget 1s exceeds 666ms, a third of"
                + " cluster.sessionTimeout 2s (after a ZooKeeper suspension the owner must have"
                + " stopped the service before its session can expire); budget = schedd 400ms"
                + " (termGrace 200ms + kill wait 200ms) + spool 600ms (termGrace 100ms + kill wait"
                + " 200ms + unmountTimeout 300ms); lower termGrace/unmountTimeout or raise"
                + " cluster.sessionTimeout to at least 3s"));
  }
}
