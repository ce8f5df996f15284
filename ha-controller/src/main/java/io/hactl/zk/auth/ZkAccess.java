package io.hactl.zk.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.imps.DefaultACLProvider;

/**
 * How one client accesses a cluster's ZooKeeper: the identity it authenticates as, and the ACLs it
 * puts on what it creates. Either open (no authentication, ZooKeeper's default world-open ACLs:
 * only for clusters that chose so) or authenticated from a credentials directory.
 *
 * <p>A credentials directory holds {@code agent}, {@code admin} and {@code reader} (each {@code
 * user:password}, mode 0600; a host needs only its own) and {@code identities} (the public ACL ids
 * of all three). The environment variable {@value #ENV_AUTH} ({@code user:password}) replaces the
 * role's file. Credentials never come from the command line.
 *
 * @param credentials what the client authenticates with; null when open
 * @param role the role of {@code credentials}; null when open
 * @param identities the cluster's identities; null when open
 * @param acls the ACLs of created znodes
 * @param source where the credentials came from, for messages
 */
public record ZkAccess(
    ZkCredentials credentials,
    ZkRole role,
    ZkIdentities identities,
    ACLProvider acls,
    String source) {
  /** Environment variable with {@code user:password}, replacing the credentials file. */
  public static final String ENV_AUTH = "HACTL_ZK_AUTH";

  /** The identities file of a credentials directory. */
  public static final String IDENTITIES = "identities";

  /** No authentication, world-open ACLs. */
  public static ZkAccess open() {
    return new ZkAccess(null, null, null, new DefaultACLProvider(), "no credentials");
  }

  public boolean authenticated() {
    return credentials != null;
  }

  /** Whether {@code dir} is a credentials directory (has an identities file). */
  public static boolean isCredentialsDirectory(Path dir) {
    return Files.isRegularFile(dir.resolve(IDENTITIES));
  }

  /**
   * Access as the first of {@code roles} whose credentials are found ({@value #ENV_AUTH} in {@code
   * env} first, then the role files of {@code dir}), with the ACLs of cluster {@code root}.
   *
   * @throws IOException naming the file and the fix when nothing usable is found or a file is
   *     unsafe (readable by others, say)
   */
  public static ZkAccess fromDirectory(
      Path dir, List<ZkRole> roles, String root, Map<String, String> env) throws IOException {
    ZkIdentities ids = ZkIdentities.read(dir.resolve(IDENTITIES));
    String fromEnv = env.get(ENV_AUTH);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      ZkCredentials c = ZkCredentials.parse(fromEnv, "$" + ENV_AUTH);
      Optional<ZkRole> role = ids.roleOf(c.user());
      if (role.isEmpty() || !ids.id(role.get()).equals(c.digestId())) {
        throw new IOException(
            "$"
                + ENV_AUTH
                + ": user "
                + c.user()
                + " is not one of the identities in "
                + dir.resolve(IDENTITIES)
                + ", or the password does not match");
      }
      return new ZkAccess(c, role.get(), ids, new ClusterAcls(root, ids), "$" + ENV_AUTH);
    }
    for (ZkRole role : roles) {
      Path file = dir.resolve(role.fileName());
      if (Files.exists(file) && Files.isReadable(file)) {
        ZkCredentials c = ZkCredentials.read(file);
        return new ZkAccess(c, role, ids, new ClusterAcls(root, ids), file.toString());
      }
    }
    throw new IOException(
        dir
            + ": no readable credentials for "
            + roles.stream().map(ZkRole::fileName).toList()
            + "; copy the role's file there (mode 0600) or set "
            + ENV_AUTH
            + "=user:password");
  }

  @Override
  public String toString() {
    return authenticated()
        ? role.fileName() + " " + credentials.user() + " from " + source
        : source;
  }
}
