package io.hactl.itests.cluster;

import io.hactl.itests.support.Daemon;
import io.hactl.testkit.observe.Recorder;
import io.hactl.testkit.observe.Transition;
import io.hactl.testkit.support.HarnessException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One incarnation of {@code hactl agent} on a test node. Every line it prints is written to its log
 * file prefixed with the harness's clock ({@code [+12.345]}, seconds since the run started) and,
 * when it is a service state transition, recorded with the time it was read. It does not kill the
 * agent's children: a node crash is {@link TestNode#crash}.
 */
public final class AgentProcess {
  private final Daemon daemon;
  private final BufferedWriter log;

  private AgentProcess(Daemon daemon, BufferedWriter log) {
    this.daemon = daemon;
    this.log = log;
  }

  /** Starts the agent with {@code command}. */
  static AgentProcess start(
      String label,
      List<String> command,
      Map<String, String> env,
      Path dir,
      Path logFile,
      Recorder recorder,
      long runStart) {
    BufferedWriter w;
    try {
      w = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new HarnessException("cannot open " + logFile, e);
    }
    LineSink sink = new LineSink(w, recorder, runStart);
    Daemon d = Daemon.piped(label, command, env, dir, sink::accept);
    return new AgentProcess(d, w);
  }

  /** Writes stamped lines and records transitions; called on the pump thread only. */
  private record LineSink(BufferedWriter w, Recorder recorder, long runStart) {
    void accept(String line) {
      long now = System.nanoTime();
      Transition.parse(now, line).ifPresent(recorder::transition);
      try {
        w.write(String.format("[+%.3f] %s%n", (now - runStart) / 1e9, line));
        w.flush();
      } catch (IOException e) {
        // The log is for people; losing a line must not stop the pump.
      }
    }
  }

  public long pid() {
    return daemon.pid();
  }

  public boolean alive() {
    return daemon.alive();
  }

  /** The agent's exit status once it has exited (70 = self-fenced); else empty. */
  public OptionalInt exitCode() {
    return daemon.exitCode();
  }

  /** SIGTERM, then up to {@code grace} for the agent's clean release; KILL after that. */
  public boolean stop(Duration grace) {
    return daemon.stop(grace);
  }

  /** Waits up to {@code timeout} for the agent process to be gone. */
  public boolean awaitExit(Duration timeout) {
    return daemon.awaitExit(timeout);
  }

  void closeLog() {
    try {
      log.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
