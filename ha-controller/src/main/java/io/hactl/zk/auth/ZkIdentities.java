package io.hactl.zk.auth;

import io.hactl.files.BoundedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public ACL ids ({@code user:digest}) of a cluster's three identities, which every client
 * needs to put the right ACLs on the znodes it creates. Not secret: the {@code identities} file of
 * a credentials directory, lines {@code agent=USER:DIGEST}, {@code admin=...}, {@code reader=...}.
 */
public record ZkIdentities(Map<ZkRole, String> ids) {
  private static final int MAX_BYTES = 8192;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  public ZkIdentities {
    for (ZkRole r : ZkRole.values()) {
      String id = ids.get(r);
      if (id == null || id.indexOf(':') <= 0) {
        throw new IllegalArgumentException("no " + r.fileName() + " identity (USER:DIGEST)");
      }
    }
    ids = Map.copyOf(ids);
  }

  /** The ACL id ({@code user:digest}) of {@code role}. */
  public String id(ZkRole role) {
    return ids.get(role);
  }

  /** The role whose user name is {@code user}, if any. */
  public Optional<ZkRole> roleOf(String user) {
    return ids.entrySet().stream()
        .filter(e -> e.getValue().startsWith(user + ":"))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Reads an identities file. */
  public static ZkIdentities read(Path file) throws IOException {
    String text = BoundedFile.read(file, MAX_BYTES, READ_TIMEOUT);
    Map<ZkRole, String> ids = new EnumMap<>(ZkRole.class);
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      ZkRole role = eq <= 0 ? null : role(l.substring(0, eq).strip());
      if (role == null) {
        throw new IOException(
            file + ": line " + n + ": must be agent=, admin= or reader= USER:DIGEST");
      }
      ids.put(role, l.substring(eq + 1).strip());
    }
    try {
      return new ZkIdentities(ids);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
  }

  /** The file's text. */
  public String render() {
    StringBuilder b = new StringBuilder("# hactl ZooKeeper identities (ACL ids, not secrets)\n");
    for (ZkRole r : ZkRole.values()) {
      b.append(r.fileName()).append('=').append(ids.get(r)).append('\n');
    }
    return b.toString();
  }

  private static ZkRole role(String name) {
    for (ZkRole r : ZkRole.values()) {
      if (r.fileName().equals(name)) {
        return r;
      }
    }
    return null;
  }
}
