package io.hactl.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.observe.ReadOnlyHttp.Response;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class is the agent's read-only HTTP listener: {@code GET /metrics} (Prometheus text format),
 * {@code GET /health} and {@code GET /owner/SERVICE} (200 or 503, JSON; no body on {@code HEAD}).
 * Every answer is built from memory ({@link LocalView}, the metrics registry), never from ZooKeeper
 * or the spool, on the listener's own threads ({@link ReadOnlyHttp}), so a slow or hostile client
 * can never block the agent.
 */
public final class ObserveServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObserveServer.class);
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalView view;
  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private ReadOnlyHttp http;

  private ObserveServer(LocalView view, PrometheusRegistry registry) {
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
    ObserveServer s = new ObserveServer(view, registry);
    s.http = ReadOnlyHttp.start("observe", address, s::answer);
    LOG.info("observation listener on http://{}/ (metrics, health)", s.address());
    return s;
  }

  /** The bound address (with the real port when 0 was asked). */
  public InetSocketAddress address() {
    return http.address();
  }

  private Response answer(String raw) throws IOException {
    if (raw.equals("/metrics")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
      text.write(out, registry.scrape(), EscapingScheme.DEFAULT);
      return new Response(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    } else if (raw.equals("/health")) {
      return json(view.healthy() ? 200 : 503, view.health());
    } else if (raw.startsWith("/owner/") && SERVICE.matcher(raw.substring(7)).matches()) {
      String service = raw.substring(7);
      return json(view.ownsHealthy(service) ? 200 : 503, view.owner(service));
    }
    return Response.text(404, "not found; try /metrics, /health or /owner/SERVICE\n");
  }

  private static Response json(int code, Map<String, Object> body) throws IOException {
    return new Response(code, "application/json", JSON.writeValueAsBytes(body));
  }

  @Override
  public void close() {
    http.close();
  }
}
