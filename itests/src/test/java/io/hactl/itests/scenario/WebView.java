package io.hactl.itests.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code hactl web} run from the host against a test cluster, and Debian's headless Chromium
 * loading its page: the DOM after the page's scripts ran ({@code --dump-dom}), or a screenshot.
 */
final class WebView implements AutoCloseable {
  private static final Duration CHROMIUM = Duration.ofSeconds(90);
  private final Process process;
  private final String url;

  private WebView(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts {@code hactl web} on a free loopback port; returns once it serves. */
  static WebView start(Path jar, Path config) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "web",
                "--config",
                config.toString(),
                "--listen",
                "127.0.0.1:" + port)
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                List<String> seen = new ArrayList<>();
                for (String line; (line = out.readLine()) != null; ) {
                  seen.add(line);
                  if (line.startsWith("web view on ")) {
                    return line;
                  }
                }
                return "exited: " + seen;
              } catch (IOException e) {
                return "exited: " + e;
              }
            });
    String line;
    try {
      line = ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new IOException("hactl web did not start within 60 s", e);
    }
    if (!line.startsWith("web view on ")) {
      p.destroyForcibly();
      throw new IOException("hactl web " + line);
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                while (out.readLine() != null) {
                  // discard
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "web-output");
    drain.setDaemon(true);
    drain.start();
    return new WebView(p, "http://127.0.0.1:" + port + "/");
  }

  /** The page's DOM once its first polls have been drawn. */
  String dom() throws IOException {
    Path out = Files.createTempFile("hactl-web-dom", ".html");
    try {
      chromium(out, "--dump-dom", url);
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Saves a screenshot of the page to {@code png}. */
  void screenshot(Path png) throws IOException {
    chromium(
        null, "--hide-scrollbars", "--window-size=1100,560", "--screenshot=" + png.toString(), url);
  }

  /** Runs Chromium headless, its stdout into {@code stdout} (discarded when null), bounded. */
  private static void chromium(Path stdout, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--virtual-time-budget=3000"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(
                stdout == null
                    ? ProcessBuilder.Redirect.DISCARD
                    : ProcessBuilder.Redirect.to(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!p.waitFor(CHROMIUM.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("chromium did not finish within " + CHROMIUM.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new IOException("chromium exited with " + p.exitValue() + ": " + cmd);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
