package io.hactl.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small read-only HTTP server (the JDK's) for hactl's listeners: it serves {@code GET} and {@code
 * HEAD} only (405 otherwise; {@code HEAD} gets the headers without the body), never reads a request
 * body, refuses paths longer than {@value #MAX_PATH} characters, and answers on its own two threads
 * with a queue of {@value #QUEUE} requests (more are refused by closing the connection). A request
 * and a response each get 10 seconds. Answers must be built from memory: the server gives no
 * deadline to the {@link Routes} themselves.
 */
public final class ReadOnlyHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyHttp.class);
  static final int QUEUE = 16;
  static final int MAX_PATH = 512;

  /** One answer. */
  public record Response(int code, String type, byte[] body) {
    public static Response text(int code, String text) {
      return new Response(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Answers a path (raw, still percent-encoded); never blocks long. */
  @FunctionalInterface
  public interface Routes {
    Response answer(String rawPath) throws IOException;
  }

  private final HttpServer server;
  private final ThreadPoolExecutor threads;

  private ReadOnlyHttp(HttpServer server, ThreadPoolExecutor threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Binds {@code address} and starts serving {@code routes}.
   *
   * @param name names the threads and the log line
   * @throws IOException when the address cannot be bound (in use, not local)
   */
  public static ReadOnlyHttp start(String name, InetSocketAddress address, Routes routes)
      throws IOException {
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
              Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    threads.allowCoreThreadTimeOut(true);
    server.setExecutor(threads);
    server.createContext("/", ex -> handle(ex, routes));
    server.start();
    return new ReadOnlyHttp(server, threads);
  }

  /**
   * Bounds the JDK server (read once, when its first server is made): 10 s per request and per
   * response, at most 64 idle connections kept, 100 connections at once, 64 request headers. Values
   * set on the command line ({@code -D}) win.
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

  private static void handle(HttpExchange ex, Routes routes) {
    try (ex) {
      String method = ex.getRequestMethod();
      boolean head = method.equals("HEAD");
      Response r;
      if (!head && !method.equals("GET")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        r = Response.text(405, "read-only: GET or HEAD\n");
      } else {
        String raw = ex.getRequestURI().getRawPath();
        r =
            raw == null || raw.length() > MAX_PATH
                ? Response.text(414, "path too long\n")
                : routes.answer(raw);
      }
      ex.getResponseHeaders().set("Content-Type", r.type());
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (head) {
        ex.sendResponseHeaders(r.code(), -1);
        return;
      }
      ex.sendResponseHeaders(r.code(), r.body().length == 0 ? -1 : r.body().length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(r.body());
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("request failed: {}", e.toString());
    }
  }

  /** Stops listening; requests in progress get one second. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdownNow();
  }
}
