package io.hactl.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.agent.ServiceState;
import io.hactl.agent.ServiceStatus;
import io.hactl.fencing.FenceAction;
import io.hactl.fencing.FenceAttempt;
import io.hactl.fencing.FenceOutcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.curator.framework.state.ConnectionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent's listener over real HTTP on loopback, fed with events as the agent sends them. */
@Timeout(30)
class ObserveServerTest {
  private static final long NOW = 1_700_000_000_000L;
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  private final long[] nanos = {0};
  private final LocalView view = new LocalView(clock);
  private final AgentMetrics metrics = new AgentMetrics("n1", view, clock, () -> nanos[0], false);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private ObserveServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        ObserveServer.start(
            ListenAddress.parse("test", "127.0.0.1:0").orElseThrow(), view, metrics.registry());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String method, String path) throws Exception {
    InetSocketAddress a = server.address();
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  private void both(ServiceStatus s, ServiceState from) {
    metrics.transition(s, from, "test");
    view.transition(s, from, "test");
  }

  private static ServiceStatus status(ServiceState st, long epoch, long checked) {
    return new ServiceStatus("s1", "n1", st, epoch, 0, NOW - 10_000, "r", checked, 1_000);
  }

  @Test
  void healthIs503UntilJoinedAndConnected() throws Exception {
    assertEquals(503, call("GET", "/health").statusCode());
    view.joined("n1", Duration.ofSeconds(6));
    HttpResponse<String> ok = call("GET", "/health");
    assertEquals(200, ok.statusCode());
    assertTrue(ok.body().contains("\"zookeeper\":\"CONNECTED\""), ok.body());
    view.connection(ConnectionState.SUSPENDED, Duration.ofSeconds(6));
    assertEquals(503, call("GET", "/health").statusCode());
  }

  @Test
  void ownerIs200OnlyWhileRunningAndCheckedRecently() throws Exception {
    view.joined("n1", Duration.ofSeconds(6));
    assertEquals(503, call("GET", "/owner/s1").statusCode(), "never seen");
    both(status(ServiceState.STARTING, 77, 0), ServiceState.ACQUIRING);
    assertEquals(503, call("GET", "/owner/s1").statusCode(), "starting");
    both(status(ServiceState.RUNNING, 77, NOW - 500), ServiceState.STARTING);
    HttpResponse<String> ok = call("GET", "/owner/s1");
    assertEquals(200, ok.statusCode());
    assertTrue(ok.body().contains("\"epoch\":77"), ok.body());
    HttpResponse<String> head = call("HEAD", "/owner/s1");
    assertEquals(200, head.statusCode());
    assertEquals("", head.body(), "HEAD has no body");
    assertEquals(503, call("GET", "/owner/s2").statusCode(), "another service");
    view.checked(status(ServiceState.RUNNING, 77, NOW - 60_000));
    assertEquals(503, call("GET", "/owner/s1").statusCode(), "checks stopped a minute ago");
    view.checked(status(ServiceState.RUNNING, 77, NOW - 100));
    view.connection(ConnectionState.SUSPENDED, Duration.ofSeconds(6));
    assertEquals(503, call("GET", "/owner/s1").statusCode(), "suspended");
  }

  @Test
  void metricsFollowTheEvents() throws Exception {
    view.joined("n1", Duration.ofSeconds(6));
    both(status(ServiceState.FENCING, 77, 0), ServiceState.ACQUIRING);
    both(status(ServiceState.RUNNING, 77, NOW), ServiceState.STARTING);
    metrics.monitored("s1", Duration.ofMillis(30), true);
    metrics.fenceAttempt(
        new FenceAttempt(
            "n2",
            1,
            1,
            "fence_dummy",
            new FenceOutcome(
                true, "ok", Duration.ofMillis(1500), FenceAction.OFF, 0, false, List.of())));
    nanos[0] = 0;
    both(status(ServiceState.EMERGENCY_STOP, 77, NOW), ServiceState.RUNNING);
    nanos[0] = 700_000_000L;
    both(status(ServiceState.SUSPENDED, 77, NOW), ServiceState.EMERGENCY_STOP);
    String body = call("GET", "/metrics").body();
    for (String line :
        List.of(
            "hactl_service_owner{service=\"s1\"} 1",
            "hactl_service_epoch{service=\"s1\"} 77",
            "hactl_service_state{service=\"s1\",state=\"SUSPENDED\"} 1",
            "hactl_service_state{service=\"s1\",state=\"RUNNING\"} 0",
            "hactl_service_failovers_total{service=\"s1\"} 1",
            "hactl_service_takeovers_total{service=\"s1\"} 1",
            "hactl_emergency_stops_total{service=\"s1\"} 1",
            "hactl_emergency_stop_duration_seconds_sum{service=\"s1\"} 0.7",
            "hactl_zookeeper_session_timeout_seconds 6.0",
            "hactl_emergency_stop_budget_seconds 2.0",
            "hactl_monitor_duration_seconds_count{service=\"s1\"} 1",
            "hactl_fence_attempts_total{agent=\"fence_dummy\",outcome=\"ok\",target=\"n2\"} 1",
            "hactl_fence_attempt_duration_seconds_sum{outcome=\"ok\",target=\"n2\"} 1.5")) {
      assertTrue(body.contains(line), line + " in\n" + body);
    }
  }

  @Test
  void onlyReadsAreServed() throws Exception {
    assertEquals(405, call("POST", "/health").statusCode());
    assertEquals(405, call("DELETE", "/owner/s1").statusCode());
    assertEquals(404, call("GET", "/owner/..%2Fetc").statusCode());
    assertEquals(404, call("GET", "/").statusCode());
    assertEquals(414, call("GET", "/owner/" + "x".repeat(600)).statusCode());
  }

  @Test
  void listenAddressesAreValidated() {
    assertTrue(ListenAddress.parse("--listen", "none").isEmpty());
    assertEquals(9464, ListenAddress.parse("--listen", "[::1]:9464").orElseThrow().getPort());
    for (String bad : List.of("localhost:9464", "127.0.0.1", "127.0.0.1:70000", "", ":9464")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("--listen", bad));
      assertTrue(e.getMessage().startsWith("--listen: '" + bad + "'"), e.getMessage());
    }
    assertFalse(ListenAddress.parse("--listen", "0.0.0.0:0").isEmpty());
  }
}
