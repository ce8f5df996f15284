package io.hactl.testkit.net;

import io.hactl.testkit.support.HarnessException;
import io.hactl.testkit.support.Host;
import io.hactl.testkit.support.Shell;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The fallback without network namespaces: every node, server and BMC on 127.0.0.1 (they differ by
 * port), no partitions. Each node still gets a private mount namespace ({@code unshare -m} as root,
 * else inside a user namespace), because hactl runs one configuration, with one mountpoint, on
 * every node; without mount namespaces at all the harness cannot tell the nodes' mounts apart and
 * refuses to run.
 */
public final class LoopbackNetwork implements Network {
  private static final String LOOPBACK = "127.0.0.1";
  private final List<String> enter;

  /** Probes how nodes can get a private mount namespace; throws when they cannot. */
  public LoopbackNetwork() {
    List<String> asRoot = PrivateMounts.AS_ROOT;
    List<String> asUser = PrivateMounts.AS_USER;
    Shell shell = new Shell(Duration.ofSeconds(10));
    if (Host.missingRoot().isEmpty() && works(shell, asRoot)) {
      enter = asRoot;
    } else if (works(shell, asUser)) {
      enter = asUser;
    } else {
      throw new HarnessException(
          "neither network nor mount namespaces are available (unshare -m and unshare -Urm"
              + " failed): the observer could not tell the nodes' mounts apart");
    }
  }

  private static boolean works(Shell shell, List<String> prefix) {
    return shell.tryRun(PrivateMounts.wrap(prefix, List.of("true"))).succeeded();
  }

  @Override
  public Isolation isolation() {
    return Isolation.PLAIN;
  }

  @Override
  public String nodeAddress(int i) {
    return LOOPBACK;
  }

  @Override
  public String zkAddress(int i) {
    return LOOPBACK;
  }

  @Override
  public String bmcAddress(int i) {
    return LOOPBACK;
  }

  @Override
  public List<String> enter(String node) {
    return enter;
  }

  @Override
  public List<String> enterNetwork(String node) {
    return List.of();
  }

  @Override
  public OptionalLong netInode(String node) {
    return OptionalLong.empty();
  }

  @Override
  public void partition(String node, List<String> addresses) {
    throw new UnsupportedOperationException("partitions need network namespaces");
  }

  @Override
  public void heal(String node) {}

  @Override
  public boolean canPartition() {
    return false;
  }

  @Override
  public void close() {}
}
