package io.hactl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.agent.ExitCode;
import io.hactl.history.History;
import io.hactl.observe.ListenAddress;
import io.hactl.observe.ReadOnlyHttp;
import io.hactl.observe.ReadOnlyHttp.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hactl web}: serves one read-only page that shows the cluster live. One thread reads the
 * cluster from ZooKeeper every {@code --interval} (the same read as {@code hactl status}, plus the
 * history) into a JSON document; the HTTP threads only hand out that document and the page's static
 * files from the jar, so a slow ZooKeeper makes the page stale (it says so), never hangs it.
 */
@Command(
    name = "web",
    header = "Serve a live, read-only web view of the cluster.",
    mixinStandardHelpOptions = true,
    description = {
      "Serve one page that shows the cluster as it changes: nodes and their fencing, every",
      "service with its owner, state, epoch, uptime and failures, and a timeline of the last",
      "failovers and relocations drawn to scale (stop, detection, fencing, mount+start), from",
      "the event history. The page polls /api/cluster (JSON) every second; it changes nothing.",
      "",
      "Examples:",
      "  hactl web                            http://127.0.0.1:9465/ (this machine only)",
      "  hactl web --listen 0.0.0.0:8080      every interface (anyone who can reach it can read",
      "                                       the cluster's state; no secrets are shown)",
      "",
      "Runs until TERM or Ctrl-C. Exit 2 when the address cannot be used."
    })
final class WebCommand implements Callable<Integer> {
  static final String DEFAULT_LISTEN = "127.0.0.1:9465";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ASSETS =
      Map.of(
          "/", "index.html",
          "/index.html", "index.html",
          "/app.js", "app.js",
          "/app.css", "app.css");

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--listen",
      paramLabel = "IP:PORT",
      defaultValue = DEFAULT_LISTEN,
      description = "Where to serve the page (default: ${DEFAULT-VALUE}, loopback only).")
  String listen;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "How often to read the cluster (default: ${DEFAULT-VALUE}; 200ms to 1m).")
  Duration interval;

  private final AtomicReference<byte[]> document =
      new AtomicReference<>("{\"error\":\"not read yet\"}".getBytes());

  @Override
  public Integer call() throws Exception {
    InetSocketAddress at;
    try {
      at =
          ListenAddress.parse("--listen", listen)
              .orElseThrow(() -> new IllegalArgumentException("--listen: none: nothing to serve"));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, e.getMessage());
    }
    if (interval.compareTo(Duration.ofMillis(200)) < 0
        || interval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new CliException(
          ExitCode.USAGE, "--interval: " + interval + " is outside 200ms to 1m; try --interval 1s");
    }
    Map<String, byte[]> assets = new LinkedHashMap<>();
    for (var e : ASSETS.entrySet()) {
      assets.put(e.getKey(), asset(e.getValue()));
    }
    try (CuratorFramework client = cluster.connect()) {
      read(client); // fails early, with the status command's messages, if the cluster is unusable
      ScheduledExecutorService reader =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "web-reader");
                t.setDaemon(true);
                return t;
              });
      reader.scheduleWithFixedDelay(
          () -> readQuietly(client),
          interval.toMillis(),
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
      ReadOnlyHttp http;
      try {
        http = ReadOnlyHttp.start("web", at, path -> answer(path, assets));
      } catch (IOException e) {
        reader.shutdownNow();
        throw new CliException(
            ExitCode.USAGE,
            "--listen " + listen + ": cannot listen there (" + e.getMessage() + ")");
      }
      System.out.printf("web view on http://%s/ (Ctrl-C to stop)%n", hostPort(http.address()));
      System.out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "web-stop"));
      stop.await();
      http.close();
      reader.shutdownNow();
    }
    return ExitCode.OK.code();
  }

  static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  private Response answer(String path, Map<String, byte[]> assets) {
    if (path.equals("/api/cluster")) {
      return new Response(200, "application/json", document.get());
    }
    byte[] body = assets.get(path);
    if (body == null) {
      return Response.text(404, "not found\n");
    }
    String type =
        path.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : path.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    return new Response(200, type, body);
  }

  private void read(CuratorFramework client) throws Exception {
    ClusterSnapshot snap = ClusterSnapshot.read(client, cluster.layout(), cluster::localConfig);
    var history =
        new History(client, cluster.layout(), snap.config().cluster().historySize()).read(500);
    document.set(JSON.writeValueAsBytes(WebModel.build(snap, history, System.currentTimeMillis())));
  }

  private void readQuietly(CuratorFramework client) {
    try {
      read(client);
    } catch (Exception e) {
      // Keep the last document; the page shows its age and this error.
      try {
        Map<String, Object> doc = JSON.readValue(document.get(), Map.class);
        doc.put("error", "cannot read the cluster: " + e.getMessage());
        document.set(JSON.writeValueAsBytes(doc));
      } catch (IOException ignored) {
        document.set(("{\"error\":\"cannot read the cluster\"}").getBytes());
      }
    }
  }

  private static byte[] asset(String name) throws IOException {
    try (InputStream in = WebCommand.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        throw new IOException("web asset " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }
}
