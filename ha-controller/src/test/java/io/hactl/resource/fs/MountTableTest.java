package io.hactl.resource.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.resource.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class MountTableTest {
  private static final String SAMPLE =
      "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
          + "36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 shared:2 - ext3 /dev/root"
          + " rw,errors=continue\n"
          + "garbage line without the separator\n"
          + "40 22 0:40 / /srv/spool rw,relatime - nfs4 nfs1:/export/spool rw,vers=4.2\n"
          + "41 40 0:41 /x /srv/spool ro,relatime - tmpfs tmpfs\\011x rw\n";

  @TempDir Path tmp;
  private final Lab lab = new Lab();

  @AfterEach
  void cleanUp() throws Exception {
    lab.close();
  }

  @Test
  void parsesEveryFieldAndDecodesOctalEscapes() {
    List<MountEntry> entries = MountTable.parse(SAMPLE);
    assertEquals(4, entries.size(), "the garbage line is skipped: " + entries);
    MountEntry two = entries.get(1);
    assertEquals(36, two.id());
    assertEquals(35, two.parentId());
    assertEquals("/mnt1", two.root());
    assertEquals(Path.of("/mnt two"), two.mountPoint());
    assertEquals("rw,noatime", two.mountOptions());
    assertEquals("ext3", two.fstype());
    assertEquals("/dev/root", two.source());
    assertEquals("rw,errors=continue", two.superOptions());
    assertEquals("tmpfs\tx", entries.get(3).source());
  }

  @Test
  void findReturnsTheTopmostOfStackedMounts() throws Exception {
    Path file = tmp.resolve("mountinfo");
    Files.writeString(file, SAMPLE);
    MountTable table = new MountTable(file);
    MountEntry top = table.find(Path.of("/srv/spool/")).orElseThrow();
    assertEquals(41, top.id());
    assertTrue(top.readOnly());
    assertTrue(table.isMounted(Path.of("/mnt two")));
    assertFalse(table.isMounted(Path.of("/mnt")));
    assertFalse(table.isMounted(Path.of("/srv")));
  }

  @Test
  void unescapeLeavesIncompleteEscapesAlone() {
    assertEquals("a\\04", MountTable.unescape("a\\04"));
    assertEquals("a\\x40b", MountTable.unescape("a\\x40b"));
    assertEquals("a\\b", MountTable.unescape("a\\134b"));
  }

  @Test
  void seesARealBindMountWhoseNameHasASpace() throws Exception {
    Lab.assumeRootWith("mount", "umount");
    Path source = Files.createDirectories(tmp.resolve("src"));
    Path target = tmp.resolve("mount point");
    MountTable table = new MountTable();
    assertFalse(table.isMounted(target));
    lab.bindMount(source, target);
    MountEntry e = table.find(target).orElseThrow();
    assertEquals(target, e.mountPoint());
    assertTrue(MountTable.ofPid(ProcessHandle.current().pid()).isMounted(target));
    Lab.run("umount", target.toString());
    assertFalse(table.isMounted(target));
  }
}
