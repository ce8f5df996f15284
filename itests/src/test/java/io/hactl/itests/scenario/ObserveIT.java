package io.hactl.itests.scenario;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.itests.Needs;
import io.hactl.itests.cluster.ClusterYaml;
import io.hactl.itests.cluster.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Every agent's listener, scraped from the host during a relocation and a node crash: the owner's
 * service metrics move with the service, and {@code /owner/SERVICE} answers 200 on exactly one node
 * while the service runs and on none while it is down.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserveIT extends ScenarioSupport {
  private static final String S = ClusterYaml.SERVICE;
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The status of GET {@code path} on {@code node}'s agent; 0 when it does not answer. */
  static int status(TestNode node, String path) {
    try {
      return get(node, path).statusCode();
    } catch (IOException e) {
      return 0;
    }
  }

  static HttpResponse<String> get(TestNode node, String path) throws IOException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://" + node.observeAddress() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The nodes whose agent answers 200 on /owner/S right now. */
  static List<String> owners200() {
    List<String> out = new ArrayList<>();
    for (TestNode n : cluster.nodes()) {
      if (status(n, "/owner/" + S) == 200) {
        out.add(n.name());
      }
    }
    return out;
  }

  /** The value of the sample {@code name{labels}} in {@code node}'s /metrics, if present. */
  static OptionalDouble metric(TestNode node, String sample) {
    try {
      String body = get(node, "/metrics").body();
      Matcher m =
          Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
              .matcher(body);
      return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  private static double value(TestNode n, String sample) {
    return metric(n, sample).orElse(-1);
  }

  /** Waits until exactly {@code node} answers 200 and its metrics say it owns S. */
  private static void awaitOnlyOwner(String node) {
    await("only " + node + " answers 200 on /owner/" + S)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> owners200().equals(List.of(node)));
    await(node + "'s metrics show it owns " + S)
        .atMost(Duration.ofSeconds(10))
        .until(() -> value(cluster.node(node), "hactl_service_owner{service=\"" + S + "\"}") == 1);
  }

  @Test
  @Order(1)
  void everyAgentServesHealthAndMetrics() throws IOException {
    for (TestNode n : cluster.nodes()) {
      HttpResponse<String> h = get(n, "/health");
      assertEquals(200, h.statusCode(), n.name() + ": " + h.body());
      assertTrue(h.body().contains("\"node\":\"" + n.name() + "\""), h.body());
      String m = get(n, "/metrics").body();
      assertTrue(m.contains("hactl_zookeeper_connected 1"), n.name() + " connected");
      assertTrue(m.contains("jvm_memory_used_bytes"), n.name() + " has the JVM's metrics");
      assertTrue(metric(n, "hactl_zookeeper_session_timeout_seconds").orElse(0) > 0);
    }
  }

  @Test
  @Order(2)
  void ownerMetricsAndEndpointFollowARelocation() {
    String from = owner();
    awaitOnlyOwner(from);
    double epoch = value(cluster.node(from), "hactl_service_epoch{service=\"" + S + "\"}");
    assertTrue(epoch > 0, "the owner shows its epoch");
    String to = other(from);
    OwnerSampler sampler = OwnerSampler.start();
    var r = nemesis.relocate("relocate " + from + " -> " + to, to);
    List<List<String>> seen = sampler.stop();
    assertEquals(to, owner(), "relocated: " + r.outcome());
    awaitOnlyOwner(to);
    TestNode target = cluster.node(to);
    double newEpoch = value(target, "hactl_service_epoch{service=\"" + S + "\"}");
    assertTrue(newEpoch > epoch, "a new term, a larger epoch: " + epoch + " -> " + newEpoch);
    assertTrue(value(target, "hactl_service_takeovers_total{service=\"" + S + "\"}") >= 1);
    assertEquals(0, value(cluster.node(from), "hactl_service_owner{service=\"" + S + "\"}"));
    assertEquals(
        1,
        value(cluster.node(from), "hactl_service_state{service=\"" + S + "\",state=\"OFFLINE\"}"));
    assertTrue(
        value(target, "hactl_service_uptime_seconds{service=\"" + S + "\"}") >= 0,
        "uptime is exported");
    sampler.assertAtMostOneAndSomeNone(seen, "relocation");
    assertNoViolations();
  }

  @Test
  @Order(3)
  void ownerMetricsAndEndpointFollowAFailoverWithFencing() {
    String victim = owner();
    awaitOnlyOwner(victim);
    OwnerSampler sampler = OwnerSampler.start();
    nemesis.crashNode("crash of owner " + victim, victim);
    List<List<String>> seen = sampler.stop();
    String now = owner();
    assertNotEquals(victim, now);
    awaitOnlyOwner(now);
    TestNode n = cluster.node(now);
    assertTrue(
        value(n, "hactl_service_failovers_total{service=\"" + S + "\"}") >= 1,
        "the takeover fenced the old owner");
    String metrics;
    try {
      metrics = get(n, "/metrics").body();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertTrue(
        Pattern.compile(
                "^hactl_fence_attempts_total\\{agent=\"[^\"]*fence\\w*ipmilan\",outcome=\"ok\","
                    + "target=\""
                    + victim
                    + "\"} [1-9]",
                Pattern.MULTILINE)
            .matcher(metrics)
            .find(),
        "the fence attempt on " + victim + " is counted:\n" + metrics);
    assertTrue(metrics.contains("hactl_fence_attempt_duration_seconds_count{"));
    sampler.assertAtMostOneAndSomeNone(seen, "failover");
    assertNoViolations();
  }

  @Test
  @Order(4)
  void theWebViewShowsAFailoverAsItHappens() throws Exception {
    Needs.programs("chromium");
    String victim = owner();
    try (WebView web = WebView.start(cluster.options().hactlJar(), cluster.paths().config())) {
      String before = web.dom();
      assertTrue(before.contains(serviceRow(victim)), "the page shows the owner:\n" + before);
      assertTrue(before.contains("<tr id=\"node-" + victim + "\">"), "the page lists the nodes");
      AtomicBoolean done = new AtomicBoolean();
      Thread crash =
          new Thread(
              () -> {
                try {
                  nemesis.crashNode("crash of owner " + victim + " under the web view", victim);
                } finally {
                  done.set(true);
                }
              },
              "crash");
      crash.start();
      List<String> during = new ArrayList<>();
      while (!done.get()) {
        String dom = web.dom();
        Matcher m = ROW.matcher(dom);
        during.add(
            (m.find() ? m.group(1) + "/" + m.group(2) : "?")
                + (dom.contains("class=\"bar live\"") ? " live-move" : ""));
      }
      crash.join(120_000);
      System.out.println("the page during the failover showed (owner/state): " + during);
      String now = owner();
      assertNotEquals(victim, now);
      await("the page shows the new owner and the failover in its timeline")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                String dom = web.dom();
                return dom.contains(serviceRow(now))
                    && dom.contains(
                        "data-service=\"" + S + "\" data-kind=\"failover\" data-to=\"" + now + "\"")
                    && dom.contains("phase fencing")
                    && dom.contains("phase mount-start");
              });
      assertTrue(
          during.stream().anyMatch(d -> !d.startsWith(victim + "/RUNNING")),
          "the page showed the outage while it lasted: " + during);
      Path png = Path.of("target", "web-view.png").toAbsolutePath();
      web.screenshot(png);
      assertTrue(Files.size(png) > 10_000, "a screenshot at " + png);
      System.out.println("screenshot of the web view: " + png);
    }
    assertNoViolations();
  }

  private static final Pattern ROW =
      Pattern.compile("<tr id=\"svc-" + S + "\" data-owner=\"([^\"]*)\" data-state=\"([^\"]*)\">");

  private static String serviceRow(String owner) {
    return "<tr id=\"svc-" + S + "\" data-owner=\"" + owner + "\" data-state=\"RUNNING\">";
  }

  /** Polls /owner/S on every node in the background; each sample lists the nodes answering 200. */
  static final class OwnerSampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<List<String>> samples = new ArrayList<>();
    private final Thread thread;

    private OwnerSampler() {
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  List<String> s = owners200();
                  synchronized (samples) {
                    samples.add(s);
                  }
                }
              },
              "owner-sampler");
    }

    static OwnerSampler start() {
      OwnerSampler s = new OwnerSampler();
      s.thread.setDaemon(true);
      s.thread.start();
      return s;
    }

    List<List<String>> stop() {
      running.set(false);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (samples) {
        return List.copyOf(samples);
      }
    }

    void assertAtMostOneAndSomeNone(List<List<String>> seen, String what) {
      Map<Integer, Integer> histogram = new LinkedHashMap<>();
      seen.forEach(s -> histogram.merge(s.size(), 1, Integer::sum));
      System.out.println(
          what + ": " + seen.size() + " samples of /owner, by number of 200s: " + histogram);
      assertTrue(seen.stream().allMatch(s -> s.size() <= 1), what + ": two owners? " + seen);
      assertTrue(
          seen.stream().anyMatch(List::isEmpty),
          what + ": no sample saw the service down (" + seen.size() + " samples)");
    }
  }
}
