package io.hactl.fencing.agents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples every process's command line and environment ({@code ps e}'s sources) in a loop, and
 * {@code ps -eo args} every tenth round, and collects those that contain one of the given texts:
 * what a local user could see while a secret is in use. A hit reads {@code PID cmdline: ARGS},
 * {@code PID environ MODE of ARGS} (the text itself left out) or {@code ps: LINE}.
 */
public final class ProcSampler implements AutoCloseable {
  private final List<String> needles;
  private final List<String> hits = new ArrayList<>();
  private final AtomicInteger samples = new AtomicInteger();
  private final Thread thread;
  private volatile boolean running = true;

  private ProcSampler(List<String> needles) {
    this.needles = needles;
    this.thread = new Thread(this::loop, "proc-sampler");
    this.thread.setDaemon(true);
  }

  /** Starts sampling for any of {@code needles}. */
  public static ProcSampler start(String... needles) {
    ProcSampler s = new ProcSampler(List.of(needles));
    s.thread.start();
    return s;
  }

  /** Rounds over /proc so far. */
  public int samples() {
    return samples.get();
  }

  /** How many times {@code ps -eo args} ran. */
  public int psRuns() {
    return samples.get() / 10;
  }

  /** Stops sampling; returns the processes that showed the text. */
  public List<String> stop() throws InterruptedException {
    running = false;
    thread.join(5000);
    synchronized (hits) {
      return List.copyOf(hits);
    }
  }

  private void loop() {
    while (running) {
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : procs) {
          check(p, "cmdline");
          check(p, "environ");
        }
      } catch (IOException e) {
        // /proc changes while listed; sample again
      }
      if (samples.incrementAndGet() % 10 == 0) {
        ps();
      }
    }
  }

  private void check(Path proc, String what) {
    try {
      String text = new String(Files.readAllBytes(proc.resolve(what)), StandardCharsets.UTF_8);
      if (shows(text)) {
        String hit =
            what.equals("cmdline")
                ? "cmdline: " + text.replace('\0', ' ')
                : what
                    + " "
                    + PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(proc.resolve(what)))
                    + " of "
                    + new String(
                            Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ');
        add(proc.getFileName() + " " + hit);
      }
    } catch (IOException e) {
      // gone, or not ours to read
    }
  }

  private void ps() {
    try {
      Process p =
          new ProcessBuilder("ps", "-eo", "args")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      out.lines().filter(this::shows).forEach(l -> add("ps: " + l));
    } catch (IOException e) {
      // no ps: the /proc scan above reads the same files
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private boolean shows(String text) {
    return needles.stream().anyMatch(text::contains);
  }

  private void add(String hit) {
    synchronized (hits) {
      hits.add(hit);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
