package io.hactl.itests.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hactl.itests.support.BootClock;
import io.hactl.itests.zk.FourLetterWord;
import io.hactl.itests.zk.SessionInfo;
import io.hactl.testkit.check.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The text formats the harness reads: heartbeats, ZooKeeper answers. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ParsingTest {
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
