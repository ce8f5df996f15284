package io.hactl.zk.auth;

import io.hactl.files.BoundedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * One ZooKeeper digest identity with its password: what a client authenticates with. Read from a
 * file holding {@code user:password} on one line, readable by its owner only, or from the
 * environment; never from the command line. {@link #toString} never shows the password.
 *
 * @param user the ZooKeeper user name
 * @param password the password; never logged
 */
public record ZkCredentials(String user, String password) {
  static final int MAX_BYTES = 4096;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  public ZkCredentials {
    if (user == null || user.isEmpty() || user.contains(":") || hasControl(user)) {
      throw new IllegalArgumentException("a ZooKeeper user name must be non-empty, without ':'");
    }
    if (password == null || password.isEmpty() || hasControl(password)) {
      throw new IllegalArgumentException("a ZooKeeper password must be non-empty, one line");
    }
  }

  /** Parses {@code user:password}; {@code where} names the source in errors (the text never is). */
  public static ZkCredentials parse(String text, String where) throws IOException {
    String line = text.strip();
    int colon = line.indexOf(':');
    if (colon <= 0 || colon == line.length() - 1 || line.indexOf('\n') >= 0) {
      throw new IOException(where + ": must hold one line user:password");
    }
    try {
      return new ZkCredentials(line.substring(0, colon), line.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new IOException(where + ": " + e.getMessage());
    }
  }

  /** Reads a credentials file (regular, owner-only, small). */
  public static ZkCredentials read(Path file) throws IOException {
    return parse(BoundedFile.readSecret(file, MAX_BYTES, READ_TIMEOUT), file.toString());
  }

  /** The bytes a client passes to ZooKeeper's {@code digest} authentication. */
  public byte[] authBytes() {
    return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  /** The ACL id of this identity, {@code user:base64(sha1(user:password))}: not a secret. */
  public String digestId() {
    try {
      return DigestAuthenticationProvider.generateDigest(user + ":" + password);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  @Override
  public String toString() {
    return "ZkCredentials[" + user + "]";
  }
}
