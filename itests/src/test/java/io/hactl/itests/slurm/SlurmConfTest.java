package io.hactl.itests.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SlurmConfTest {
  private final SlurmDirs dirs = SlurmDirs.of(Path.of("/r"));

  @Test
  void hactlNamesOneControllerAtTheFloatingAddressAndKeepsThePidFileInTheStateDirectory() {
    String conf =
        SlurmConf.render(
            List.of(new SlurmConf.Controller("slurmctl", "10.9.9.30")),
            Path.of("/r/mnt/spool"),
            Path.of("/r/mnt/spool/slurmctld.pid"),
            dirs,
            "10.9.9.31");
    List<String> lines = conf.lines().toList();
    assertEquals(
        List.of("SlurmctldHost=slurmctl(10.9.9.30)"),
        lines.stream().filter(l -> l.startsWith("SlurmctldHost=")).toList());
    assertTrue(lines.contains("StateSaveLocation=/r/mnt/spool"));
    assertTrue(lines.contains("SlurmctldPidFile=/r/mnt/spool/slurmctld.pid"));
    assertTrue(lines.contains("AuthInfo=socket=/r/slurm/munge/sock/munge.socket"));
    assertTrue(
        lines.contains("NodeName=cn1 NodeAddr=10.9.9.31 CPUs=8 RealMemory=1000 State=UNKNOWN"));
  }

  @Test
  void theControllerRunsUnderTheConfiguredNameAndExecsSlurmctld() {
    List<String> cmd = SlurmConf.controllerCommand("ctl2", Path.of("/r/slurm.conf"));
    assertEquals(List.of("/usr/bin/unshare", "-u", "/bin/sh", "-c"), cmd.subList(0, 4));
    assertEquals("hostname ctl2 && exec /usr/sbin/slurmctld -D -f '/r/slurm.conf'", cmd.get(4));
  }
}
