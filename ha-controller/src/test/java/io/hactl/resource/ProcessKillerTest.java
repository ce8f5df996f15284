package io.hactl.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.time.FakeTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TERM, grace, KILL sequence of {@link ProcessKiller} on a fake clock: when each signal is sent
 * and how long the killer waits, to the nanosecond. The processes are fakes that record the signals
 * and die when told; {@link EmergencyStopClockTest} runs the same sequence on real children.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProcessKillerTest {
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final Duration KILL_WAIT = Duration.ofMillis(200);

  @TempDir Path proc;
  private final FakeTime time = new FakeTime();
  private long t0;

  private ProcessKiller killer() {
    t0 = time.nanos();
    return new ProcessKiller(new ProcState(proc), time, time);
  }

  /** Fake-clock time since the killer was built. */
  private Duration since(long nanos) {
    return Duration.ofNanos(nanos - t0);
  }

  @Test
  void termThenExactlyTheGraceThenKill() {
    FakeProcess p = process(101).ignoringTerm();
    List<ProcessHandle> survivors =
        killer().terminate("daemon", List.of(p), List::of, GRACE, KILL_WAIT);

    assertEquals(List.of(), survivors);
    assertEquals(Duration.ZERO, since(p.termAt), "TERM is sent at once");
    assertEquals(GRACE, since(p.killAt), "KILL is sent exactly when the grace has passed");
    assertEquals(GRACE, since(time.nanos()), "a process that dies at KILL costs no kill wait");
  }

  @Test
  void aProcessThatLeavesWithinTheGraceIsNeverKilled() {
    FakeProcess p = process(102).dyingAfterTerm(Duration.ofMillis(250));
    List<ProcessHandle> survivors =
        killer().terminate("daemon", List.of(p), List::of, GRACE, KILL_WAIT);

    assertEquals(List.of(), survivors);
    assertEquals(-1, p.killAt, "no KILL");
    assertEquals(Duration.ofMillis(250), since(time.nanos()), "returns as soon as it is gone");
  }

  @Test
  void aProcessThatSurvivesKillIsReportedAfterGracePlusKillWait() {
    FakeProcess stuck = process(103).ignoringTerm().survivingKill();
    FakeProcess other = process(104).ignoringTerm();
    List<ProcessHandle> survivors =
        killer().terminate("holders", List.of(stuck, other), List::of, GRACE, KILL_WAIT);

    assertEquals(List.of(stuck), survivors, "only the process in uninterruptible sleep");
    assertEquals(GRACE, since(stuck.killAt));
    assertEquals(GRACE, since(other.killAt));
    assertEquals(GRACE.plus(KILL_WAIT), since(time.nanos()), "the whole budget, not more");
  }

  @Test
  void whatTheRescanFindsAfterTheGraceGetsKillWithoutAGrace() {
    FakeProcess first = process(105).ignoringTerm();
    FakeProcess late = process(106).ignoringTerm();
    List<ProcessHandle> survivors =
        killer().terminate("holders", List.of(first), () -> List.of(first, late), GRACE, KILL_WAIT);

    assertEquals(List.of(), survivors);
    assertEquals(-1, late.termAt, "a holder found after the grace gets no second grace");
    assertEquals(GRACE, since(late.killAt));
    assertEquals(GRACE, since(first.killAt));
  }

  @Test
  void aZeroGraceKillsAtOnce() {
    FakeProcess p = process(107).ignoringTerm();
    killer().terminate("daemon", List.of(p), List::of, Duration.ZERO, KILL_WAIT);

    assertEquals(Duration.ZERO, since(p.termAt));
    assertEquals(Duration.ZERO, since(p.killAt));
  }

  @Test
  void anAbsurdGraceDoesNotOverflow() {
    FakeProcess p = process(108).dyingAfterTerm(Duration.ofSeconds(1));
    List<ProcessHandle> survivors =
        killer()
            .terminate("daemon", List.of(p), List::of, Duration.ofHours(999_999_999), KILL_WAIT);

    assertEquals(List.of(), survivors);
    assertEquals(Duration.ofSeconds(1), since(time.nanos()));
  }

  @Test
  void nothingRunningCostsNoTime() {
    FakeProcess dead = process(109);
    dead.diesAt = time.nanos();
    assertTrue(killer().terminate("x", List.of(dead), List::of, GRACE, KILL_WAIT).isEmpty());
    assertEquals(-1, dead.termAt);
    assertEquals(Duration.ZERO, since(time.nanos()));
  }

  /** A fake process with a {@code /proc/PID/stat} that says it sleeps (S) while it lives. */
  private FakeProcess process(long pid) {
    try {
      Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
      Files.writeString(dir.resolve("stat"), pid + " (fake) S 1 1 1 0 -1\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new FakeProcess(pid);
  }

  /** Records on the fake clock when it got TERM and KILL; dies as configured. */
  private final class FakeProcess implements ProcessHandle {
    final long pid;
    long termAt = -1;
    long killAt = -1;
    long diesAt = Long.MAX_VALUE;
    Duration afterTerm = Duration.ZERO;
    boolean ignoresTerm;
    boolean survivesKill;

    FakeProcess(long pid) {
      this.pid = pid;
    }

    FakeProcess ignoringTerm() {
      ignoresTerm = true;
      return this;
    }

    FakeProcess dyingAfterTerm(Duration d) {
      afterTerm = d;
      return this;
    }

    FakeProcess survivingKill() {
      survivesKill = true;
      return this;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public boolean isAlive() {
      return time.nanos() - diesAt < 0;
    }

    @Override
    public boolean destroy() {
      if (termAt < 0) {
        termAt = time.nanos();
      }
      if (!ignoresTerm) {
        diesAt = Math.min(diesAt, time.nanos() + afterTerm.toNanos());
      }
      return true;
    }

    @Override
    public boolean destroyForcibly() {
      if (killAt < 0) {
        killAt = time.nanos();
      }
      if (!survivesKill) {
        diesAt = Math.min(diesAt, time.nanos());
      }
      return true;
    }

    @Override
    public Optional<ProcessHandle> parent() {
      return Optional.empty();
    }

    @Override
    public Stream<ProcessHandle> children() {
      return Stream.empty();
    }

    @Override
    public Stream<ProcessHandle> descendants() {
      return Stream.empty();
    }

    @Override
    public Info info() {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<ProcessHandle> onExit() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean supportsNormalTermination() {
      return true;
    }

    @Override
    public int compareTo(ProcessHandle other) {
      return Long.compare(pid, other.pid());
    }

    @Override
    public String toString() {
      return "fake pid " + pid;
    }
  }
}
