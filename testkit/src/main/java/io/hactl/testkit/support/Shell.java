package io.hactl.testkit.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short commands of a test or the demo ({@code ip}, {@code iptables}, {@code kill}, {@code
 * chrt}) to completion with a deadline: past it, TERM, a short grace, KILL, and the run counts as
 * timed out. It keeps the last {@value #TAIL} lines of output. It does not run long-lived children,
 * and it is not hactl's own process runner (the kit depends on no hactl module).
 */
public final class Shell {
  private static final int TAIL = 1000;
  private static final Duration GRACE = Duration.ofMillis(500);
  private final Duration timeout;

  public Shell(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs the command; returns its result whatever the outcome. */
  public CommandResult tryRun(List<String> command) {
    return tryRun(command, null);
  }

  /**
   * Runs the command with {@code stdin} (none when null); returns its result whatever the outcome.
   */
  public CommandResult tryRun(List<String> command, String stdin) {
    String label = command.size() > 1 ? command.get(0) + " " + command.get(1) : command.get(0);
    long t0 = System.nanoTime();
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin == null) {
      b.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    Process p;
    try {
      p = b.start();
    } catch (IOException e) {
      return new CommandResult(label, -1, false, since(t0), List.of(), e.getMessage());
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread pump = new Thread(() -> pump(p, tail), "shell-" + p.pid());
    pump.setDaemon(true);
    pump.start();
    if (stdin != null) {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the command closed its input early; its exit status says the rest
      }
    }
    try {
      boolean exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!exited) {
        p.destroy();
        if (!p.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
          p.destroyForcibly().waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
      pump.join(GRACE.toMillis());
      return new CommandResult(
          label, exited ? p.exitValue() : -1, !exited, since(t0), lines(tail), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new CommandResult(label, -1, true, since(t0), lines(tail), "interrupted");
    }
  }

  /** Runs the command and returns its output; throws when it fails or times out. */
  public List<String> run(List<String> command) {
    CommandResult r = tryRun(command);
    if (!r.succeeded()) {
      throw new HarnessException(String.join(" ", command) + ": " + r.describe());
    }
    return r.output();
  }

  /** Convenience for {@link #run(List)}. */
  public List<String> run(String... command) {
    return run(List.of(command));
  }

  private static void pump(Process p, Deque<String> tail) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // the stream closed with the process
    }
  }

  private static List<String> lines(Deque<String> tail) {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
