package io.hactl.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class is the agent's read-only HTTP listener: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health} and {@code GET /owner/SERVICE} (200 or 503, JSON; no body on {@code HEAD}).
 * Every answer is built from memory ({@link LocalView}, the metrics registry), never from ZooKeeper
 * or the spool, on the listener's own two threads with a queue of {@value #QUEUE} requests (more
 * are refused by closing the connection), so a slow or hostile client can never block the agent.
 * Only {@code GET} and {@code HEAD} are served; request bodies are never read.
 */
public final class ObserveServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObserveServer.class);
  static final int QUEUE = 16;
  private static final int MAX_URI = 512;
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ThreadPoolExecutor threads;
  private final LocalView view;
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();

  private ObserveServer(
      HttpServer server, ThreadPoolExecutor threads, LocalView view, PrometheusRegistry registry) {
    this.server = server;
    this.threads = threads;
    this.view = view;
    this.registry = registry;
  }

  /**
   * Binds {@code address} and starts serving.
   *
   * @throws IOException when the address cannot be bound (in use, not local)
   */
  public static ObserveServer start(
      InetSocketAddress address, LocalView view, PrometheusRegistry registry) throws IOException {
    bound();
    HttpServer server = HttpServer.create(address, QUEUE);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor threads =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "observe-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    threads.allowCoreThreadTimeOut(true);
    server.setExecutor(threads);
    ObserveServer s = new ObserveServer(server, threads, view, registry);
    server.createContext("/", s::handle);
    server.start();
    LOG.info("observation listener on http://{}/ (metrics, health)", s.address());
    return s;
  }

  /**
   * Bounds the JDK server (read once, when its first server is made): a request and a response each
   * get 10 s, at most 64 connections stay open idle, at most 100 connections at once, at most 64
   * request headers. Values set on the command line ({@code -D}) win.
   */
  private static void bound() {
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "10");
    System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "10");
    System.getProperties().putIfAbsent("sun.net.httpserver.maxIdleConnections", "64");
    System.getProperties().putIfAbsent("jdk.httpserver.maxConnections", "100");
    System.getProperties().putIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
  }

  /** The bound address (with the real port when 0 was asked). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      boolean head = method.equals("HEAD");
      if (!head && !method.equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(ex, 405, "text/plain", bytes("read-only: GET or HEAD\n"), false);
        return;
      }
      String raw = ex.getRequestURI().getRawPath();
      if (raw == null || raw.length() > MAX_URI) {
        reply(ex, 414, "text/plain", bytes("path too long\n"), head);
        return;
      }
      if (raw.equals("/metrics")) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        text.write(out, registry.scrape(), EscapingScheme.DEFAULT);
        reply(ex, 200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray(), head);
      } else if (raw.equals("/health")) {
        json(ex, view.healthy() ? 200 : 503, view.health(), head);
      } else if (raw.startsWith("/owner/") && SERVICE.matcher(raw.substring(7)).matches()) {
        String service = raw.substring(7);
        json(ex, view.ownsHealthy(service) ? 200 : 503, view.owner(service), head);
      } else {
        reply(
            ex,
            404,
            "text/plain",
            bytes("not found; try /metrics, /health or /owner/SERVICE\n"),
            head);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("observation request failed: {}", e.toString());
    }
  }

  private static void json(HttpExchange ex, int code, Map<String, Object> body, boolean head)
      throws IOException {
    reply(ex, code, "application/json", JSON.writeValueAsBytes(body), head);
  }

  private static void reply(HttpExchange ex, int code, String type, byte[] body, boolean head)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (head) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Stops listening; requests in progress get one second. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdownNow();
  }
}
