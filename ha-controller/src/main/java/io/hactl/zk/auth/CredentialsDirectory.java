package io.hactl.zk.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * Creates a credentials directory (see {@link ZkAccess}): a random password per role, each role's
 * file readable by its owner only, the directory itself too, and the public identities file. Used
 * by the embedded server on first start and by {@code hactl credentials init} for an ensemble. It
 * never replaces an existing file.
 */
public final class CredentialsDirectory {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CredentialsDirectory() {}

  /**
   * Creates {@code dir} with fresh credentials unless it already is a credentials directory.
   *
   * @return true when it created them
   */
  public static boolean ensure(Path dir) throws IOException {
    if (ZkAccess.isCredentialsDirectory(dir)) {
      return false;
    }
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Map<ZkRole, String> ids = new EnumMap<>(ZkRole.class);
    for (ZkRole role : ZkRole.values()) {
      byte[] raw = new byte[24];
      RANDOM.nextBytes(raw);
      ZkCredentials c =
          new ZkCredentials(
              role.defaultUser(), Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      Path file =
          Files.createFile(
              dir.resolve(role.fileName()),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(
          file,
          (c.user() + ":" + c.password() + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.WRITE);
      ids.put(role, c.digestId());
    }
    Files.writeString(
        dir.resolve(ZkAccess.IDENTITIES),
        new ZkIdentities(ids).render(),
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    return true;
  }
}
