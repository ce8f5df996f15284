package io.hactl.observe.alert;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event as an alert hook receives it: {@code HACTL_*} environment variables, in the manner of
 * Pacemaker's {@code CRM_alert_*}. Values are single lines of at most {@value #MAX_VALUE}
 * characters (control characters become spaces), so a hook can use them without quoting tricks.
 *
 * @param sequence this agent's event number, from 1, in the order it saw the events
 * @param kind {@code transition}, {@code failover}, {@code blocked}, {@code fence}, {@code ban},
 *     ...
 * @param extra further variables, names without the {@code HACTL_} prefix
 */
public record AlertEvent(
    long sequence,
    String kind,
    String node,
    String service,
    long timeMillis,
    String message,
    Map<String, String> extra) {
  static final int MAX_VALUE = 2048;

  public AlertEvent {
    extra = Map.copyOf(extra);
  }

  /** The environment the hook runs with (nothing of the agent's own environment). */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HACTL_EVENT_KIND", kind);
    env.put("HACTL_EVENT_SEQUENCE", Long.toString(sequence));
    env.put("HACTL_NODE", node);
    env.put("HACTL_SERVICE", service == null ? "" : service);
    env.put("HACTL_TIME", Instant.ofEpochMilli(timeMillis).toString());
    env.put("HACTL_TIME_MILLIS", Long.toString(timeMillis));
    env.put("HACTL_MESSAGE", message);
    extra.forEach((k, v) -> env.put("HACTL_" + k, v));
    env.replaceAll((k, v) -> clean(v));
    return env;
  }

  private static String clean(String v) {
    String s = v == null ? "" : v;
    if (s.length() > MAX_VALUE) {
      s = s.substring(0, MAX_VALUE);
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return b.toString();
  }
}
