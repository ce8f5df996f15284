package io.hactl.zk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Credentials files: generated owner-only, refused when others can read them, env override. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZkAccessTest {
  @TempDir Path tmp;

  @Test
  void generatedCredentialsAreOwnerOnlyAndUsable() throws IOException {
    Path dir = tmp.resolve("creds");
    assertTrue(CredentialsDirectory.ensure(dir));
    assertFalse(CredentialsDirectory.ensure(dir), "an existing directory is kept");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    for (ZkRole r : ZkRole.values()) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(r.fileName()))));
    }
    ZkAccess admin =
        ZkAccess.fromDirectory(dir, List.of(ZkRole.ADMIN, ZkRole.READER), "/hactl/c", Map.of());
    assertEquals(ZkRole.ADMIN, admin.role());
    assertEquals("hactl-admin", admin.credentials().user());
    assertFalse(admin.toString().contains(admin.credentials().password()), admin.toString());
  }

  @Test
  void aCredentialsFileReadableByOthersIsRefused() throws IOException {
    Path dir = tmp.resolve("creds");
    CredentialsDirectory.ensure(dir);
    Path agent = dir.resolve("agent");
    String secret = Files.readString(agent).strip();
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rw-r-----"));
    IOException e =
        assertThrows(
            IOException.class,
            () -> ZkAccess.fromDirectory(dir, List.of(ZkRole.AGENT), "/hactl/c", Map.of()));
    assertTrue(e.getMessage().contains("chmod 600 " + agent), e.getMessage());
    assertFalse(e.getMessage().contains(secret.substring(secret.indexOf(':') + 1)));
  }

  @Test
  void theEnvironmentReplacesTheFileAndMustMatchAnIdentity() throws IOException {
    Path dir = tmp.resolve("creds");
    CredentialsDirectory.ensure(dir);
    String reader = Files.readString(dir.resolve("reader")).strip();
    ZkAccess a =
        ZkAccess.fromDirectory(
            dir, List.of(ZkRole.ADMIN), "/hactl/c", Map.of(ZkAccess.ENV_AUTH, reader));
    assertEquals(ZkRole.READER, a.role());
    IOException wrong =
        assertThrows(
            IOException.class,
            () ->
                ZkAccess.fromDirectory(
                    dir,
                    List.of(ZkRole.ADMIN),
                    "/hactl/c",
                    Map.of(ZkAccess.ENV_AUTH, "hactl-admin:guess")));
    assertTrue(wrong.getMessage().contains("password does not match"), wrong.getMessage());
    assertFalse(wrong.getMessage().contains("guess"), wrong.getMessage());
  }
}
