package io.hactl.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The epoch file of DESIGN rule 7, read and written by real shells in a temporary spool. */
@Timeout(30)
class EpochFileTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path spool;
  private final ActionGuard guard = new ActionGuard(new ProcessRunner());

  @BeforeEach
  void needTools() {
    Lab.assumePrograms("sh", "cat", "mv", "sync");
  }

  private Path file() {
    return spool.resolve(EpochFile.NAME);
  }

  private void write(String cluster, long epoch) throws ResourceException {
    EpochFile.writeChecked(guard, spool, cluster, epoch, TIMEOUT);
  }

  @Test
  void absentFileIsCreatedWithOurClusterAndEpoch() throws Exception {
    write("prod", 5);
    assertEquals("cluster=prod\nepoch=5\n", Files.readString(file()));
    try (Stream<Path> files = Files.list(spool)) {
      assertEquals(List.of(file()), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void equalAndSmallerStoredEpochsAreAccepted() throws Exception {
    write("prod", 7);
    write("prod", 7);
    assertEquals("cluster=prod\nepoch=7\n", Files.readString(file()));
    write("prod", 1_000_000_000_007L);
    assertEquals("cluster=prod\nepoch=1000000000007\n", Files.readString(file()));
  }

  @Test
  void aGreaterStoredEpochMeansWeAreStaleAndIsRefused() throws Exception {
    write("prod", 9);
    ResourceException e = assertThrows(ResourceException.class, () -> write("prod", 8));
    assertTrue(e.getMessage().contains("stale owner"), e.getMessage());
    assertTrue(e.getMessage().contains("epoch 9"), e.getMessage());
    assertEquals("cluster=prod\nepoch=9\n", Files.readString(file()), "left untouched");
  }

  @Test
  void aForeignClusterIsRefused() throws Exception {
    Files.writeString(file(), "cluster=test\nepoch=1\n");
    ResourceException e = assertThrows(ResourceException.class, () -> write("prod", 100));
    assertTrue(e.getMessage().contains("belongs to cluster 'test'"), e.getMessage());
    assertEquals("cluster=test\nepoch=1\n", Files.readString(file()));
  }

  @Test
  void anUnreadableFileIsRefusedRatherThanOverwritten() throws Exception {
    Files.writeString(file(), "garbage\n");
    ResourceException e = assertThrows(ResourceException.class, () -> write("prod", 1));
    assertTrue(e.getMessage().contains("unreadable"), e.getMessage());
    Files.writeString(file(), "cluster=prod\nepoch=x\n");
    assertThrows(ResourceException.class, () -> write("prod", 1));
  }

  @Test
  void aFileWithoutTrailingNewlineIsRead() throws Exception {
    Files.writeString(file(), "cluster=prod\nepoch=3");
    assertThrows(ResourceException.class, () -> write("prod", 2));
    write("prod", 3);
  }

  @Test
  void valuesAreArgumentsNeverShellText() throws Exception {
    Path hostile = Files.createDirectories(spool.resolve("a'b $(touch pwned) \"c` `d"));
    EpochFile.writeChecked(guard, hostile, "prod", 4, TIMEOUT);
    assertEquals("cluster=prod\nepoch=4\n", Files.readString(hostile.resolve(EpochFile.NAME)));
    assertThrows(
        ResourceException.class, () -> EpochFile.writeChecked(guard, hostile, "prod", 3, TIMEOUT));
    assertFalse(Files.exists(spool.resolve("pwned")));
    assertFalse(Files.exists(Path.of("pwned")));
  }

  @Test
  void aMissingSpoolFailsTheWrite() {
    Path missing = spool.resolve("not-mounted");
    ResourceException e =
        assertThrows(
            ResourceException.class,
            () -> EpochFile.writeChecked(guard, missing, "prod", 1, TIMEOUT));
    assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
  }

  @Test
  void aHangingReadIsCutAtTheDeadline() throws Exception {
    Lab.assumePrograms("mkfifo");
    Lab.run("mkfifo", file().toString()); // opening a FIFO with no writer blocks, like dead NFS
    long t0 = System.nanoTime();
    ResourceException e =
        assertThrows(
            ResourceException.class,
            () -> EpochFile.writeChecked(guard, spool, "prod", 1, Duration.ofMillis(500)));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    assertTrue(ms < 1_500, "bounded by the deadline: " + ms + " ms");
  }

  @Test
  void afterRevokeNothingIsReadOrWritten() {
    guard.revoke();
    ResourceException e = assertThrows(ResourceException.class, () -> write("prod", 1));
    assertTrue(e.getMessage().contains("revoked"), e.getMessage());
    assertFalse(Files.exists(file()));
  }

  @Test
  void parseNeedsBothKeys() throws Exception {
    assertEquals(
        new EpochFile.Stored("c1", 12), EpochFile.parse(List.of("epoch=12", "cluster=c1"), "f"));
    assertThrows(ResourceException.class, () -> EpochFile.parse(List.of("cluster=c1"), "f"));
    assertThrows(ResourceException.class, () -> EpochFile.parse(List.of("epoch=1"), "f"));
  }
}
