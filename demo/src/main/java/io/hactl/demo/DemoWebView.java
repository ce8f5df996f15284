package io.hactl.demo;

import io.hactl.agent.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo's {@code hactl web}: one child process serving the live page on a loopback port, its
 * output appended to {@code logs/web.log}. Started once the story is over (with {@code --keep}),
 * stopped with the cluster.
 */
final class DemoWebView implements AutoCloseable {
  private static final long START_SECONDS = 30;
  private static final long STOP_SECONDS = 5;

  private final Process process;
  private final String url;

  private DemoWebView(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts the web view of the demo's cluster; returns once it serves. */
  static DemoWebView start(DemoWorkspace ws, JavaLauncher java, String zookeeper)
      throws DemoException {
    String listen = "127.0.0.1:" + DemoNodes.freePort();
    List<String> cmd =
        java.hactl(
            List.of(
                "web",
                "--config",
                ws.config().toString(),
                "--credentials",
                ws.credentials().toString(),
                "--zookeeper",
                zookeeper,
                "--listen",
                listen));
    Path log = ws.logs().resolve("web.log");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new DemoException(ExitCode.FAILURE, "cannot start the web view: " + e, e);
    }
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread copy = new Thread(() -> copy(p, log, ready), "demo-web-log");
    copy.setDaemon(true);
    copy.start();
    try {
      if (ready.get(START_SECONDS, TimeUnit.SECONDS)) {
        return new DemoWebView(p, "http://" + listen + "/");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // reported below
    }
    p.destroyForcibly();
    throw new DemoException(
        ExitCode.FAILURE, "the web view did not start within " + START_SECONDS + " s; see " + log);
  }

  /** Appends the child's output to {@code log}; completes {@code ready} when it serves. */
  private static void copy(Process p, Path log, CompletableFuture<Boolean> ready) {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer out =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line + "\n");
        out.flush();
        if (line.startsWith("web view on ")) {
          ready.complete(true);
        }
      }
    } catch (IOException e) {
      // the process ended or the log cannot be written: the start reports it
    }
    ready.complete(false);
  }

  String url() {
    return url;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
