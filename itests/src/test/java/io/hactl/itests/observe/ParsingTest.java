package io.hactl.itests.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.check.Heartbeat;
import io.hactl.itests.support.BootClock;
import io.hactl.itests.zk.FourLetterWord;
import io.hactl.itests.zk.SessionInfo;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The text formats the harness reads: mountinfo, agent logs, heartbeats, ZooKeeper answers. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ParsingTest {
  private static final String MOUNTINFO =
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
          + "95 22 8:1 /tmp/run/nfs/spool /tmp/run/mnt/spool rw,relatime - ext4 /dev/sda1 rw\n"
          + "96 22 8:1 /x /tmp/with\\040space rw - ext4 /dev/sda1 rw\n";

  @Test
  void mountpointIsTheFifthField() {
    assertTrue(MountTable.hasMountpoint(MOUNTINFO, "/tmp/run/mnt/spool"));
    assertFalse(MountTable.hasMountpoint(MOUNTINFO, "/tmp/run/nfs/spool"), "that is the root");
    assertFalse(MountTable.hasMountpoint(MOUNTINFO, "/tmp/run/mnt"));
    assertTrue(MountTable.hasMountpoint(MOUNTINFO, "/tmp/with space"));
  }

  @Test
  void agentTransitionLines() {
    Transition t =
        Transition.parse(
                7,
                "12:00:01.123 INFO  i.h.a.ServiceController - service s1 on n2: STARTING ->"
                    + " RUNNING (epoch 4294967301): all resources up")
            .orElseThrow();
    assertEquals(
        new Transition(7, "s1", "n2", "STARTING", "RUNNING", OptionalLong.of(4294967301L)), t);
    assertEquals(
        OptionalLong.empty(),
        Transition.parse(1, "service s1 on n1: OFFLINE -> ACQUIRING").orElseThrow().epoch());
    assertTrue(Transition.parse(1, "service s1 on n1: failure 2 in window -> RESTART").isEmpty());
  }

  @Test
  void heartbeatLinesBecomeMonotonicTimes() {
    BootClock clock = BootClock.withOffset(1_000);
    HeartbeatFile f =
        HeartbeatFile.parse(List.of("n1 42 100.25 777", "garbage", "n2 43 101.00 778"), clock);
    assertEquals(
        List.of(
            new Heartbeat(1, "n1", 42, 100_250_000_000L + 1_000, 777),
            new Heartbeat(3, "n2", 43, 101_000_000_000L + 1_000, 778)),
        f.beats());
    assertEquals(1, f.malformed());
  }

  @Test
  void zooKeeperSrvrAndConsAnswers() {
    assertEquals(
        "leader", FourLetterWord.mode("Zookeeper version: 3.9.5\nMode: leader\n").orElseThrow());
    String cons =
        " /10.213.9.1:41234[1](queued=0,recved=12,sent=12,sid=0x100004a3c2d0000,lop=PING,"
            + "est=1700000000000,to=4000,lcxid=0x5,lzxid=0x100000010,lresp=1,llat=0,minlat=0,"
            + "avglat=0,maxlat=3)\n"
            + " /10.213.9.250:50000[0](queued=0,recved=1,sent=0)\n";
    assertEquals(
        List.of(new SessionInfo("10.213.9.1", "0x100004a3c2d0000", Duration.ofMillis(4000))),
        SessionInfo.parseCons(cons));
  }
}
