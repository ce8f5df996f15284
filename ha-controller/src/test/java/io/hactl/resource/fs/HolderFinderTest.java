package io.hactl.resource.fs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.resource.Lab;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HolderFinderTest {
  @TempDir Path tmp;
  private final Lab lab = new Lab();
  private final HolderFinder finder = new HolderFinder();
  private Path mp;

  private void mount() throws Exception {
    Lab.assumeRootWith("mount", "umount", "sleep", "sh");
    Path source = Files.createDirectories(tmp.resolve("src"));
    Files.createDirectories(source.resolve("sub"));
    mp = tmp.resolve("mp");
    lab.bindMount(source, mp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    lab.close();
  }

  private Optional<Holder> holder(Process p) {
    return finder.find(mp).stream().filter(h -> h.pid() == p.pid()).findFirst();
  }

  @Test
  void findsAProcessWhoseCwdIsInsideTheMount() throws Exception {
    mount();
    Process sleeper = lab.spawn(mp.resolve("sub"), "sleep", "60");
    Process outsider = lab.spawn(tmp, "sleep", "60");
    await("sleep with its cwd in the mount is found")
        .atMost(Duration.ofSeconds(5))
        .until(() -> holder(sleeper).isPresent());
    assertEquals(List.of("cwd"), holder(sleeper).get().uses());
    assertEquals("sleep", holder(sleeper).get().command());
    assertFalse(holder(outsider).isPresent(), "a sleep outside the mount holds nothing");
  }

  @Test
  void findsAProcessWithAnOpenFileInsideTheMount() throws Exception {
    mount();
    Process p =
        lab.spawn(tmp, "sh", "-c", "exec 3>\"$1/held\"; exec sleep 60", "sh", mp.toString());
    await("sleep holding fd 3 in the mount is found")
        .atMost(Duration.ofSeconds(5))
        .until(() -> holder(p).map(h -> h.uses().contains("fd 3")).orElse(false));
    assertFalse(holder(p).get().uses().contains("cwd"));
  }

  @Test
  void findsAProgramRunFromTheMountByExeAndMaps() throws Exception {
    mount();
    Path sleep = mp.resolve("mysleep");
    Files.copy(Path.of("/bin/sleep"), sleep, StandardCopyOption.REPLACE_EXISTING);
    Process p = lab.spawn(tmp, sleep.toString(), "60");
    await("program run from the mount is found")
        .atMost(Duration.ofSeconds(5))
        .until(() -> holder(p).map(h -> h.uses().contains("exe")).orElse(false));
    assertTrue(
        holder(p).get().uses().contains("map " + sleep),
        "its text mapping is reported too: " + holder(p).get());
  }

  @Test
  void neverReportsTheAgentItself() throws Exception {
    mount();
    try (RandomAccessFile f = new RandomAccessFile(mp.resolve("mine").toFile(), "rw")) {
      f.write(1);
      long self = ProcessHandle.current().pid();
      assertTrue(finder.find(mp).stream().noneMatch(h -> h.pid() == self));
      HolderFinder seeingSelf = new HolderFinder(Path.of("/proc"), -1);
      assertTrue(
          seeingSelf.find(mp).stream().anyMatch(h -> h.pid() == self),
          "the same walk does see this JVM when it is not excluded");
    }
  }

  @Test
  void prefixMatchingRespectsPathBoundaries() {
    assertTrue(HolderFinder.under("/srv/spool", "/srv/spool"));
    assertTrue(HolderFinder.under("/srv/spool/a/b", "/srv/spool"));
    assertTrue(HolderFinder.under("/srv/spool/gone (deleted)", "/srv/spool"));
    assertFalse(HolderFinder.under("/srv/spool2/a", "/srv/spool"));
    assertFalse(HolderFinder.under("socket:[1234]", "/srv/spool"));
    assertFalse(HolderFinder.under(null, "/srv/spool"));
  }
}
