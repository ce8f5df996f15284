package io.hactl.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Draws a {@link StatusModel} as the text table of {@code hactl status}, every line cut to a width
 * with an ellipsis (the full text is in {@code -o json}), except reports of corrupt znodes, which
 * name their repair and are wrapped instead. It reads nothing and knows no terminal: the caller
 * gives the width.
 */
final class StatusTable {
  /** The width when neither a terminal nor COLUMNS says: wide enough for most lines. */
  static final int DEFAULT_WIDTH = 120;

  /** No table is cut narrower than this: the columns themselves need it. */
  static final int MIN_WIDTH = 40;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusTable() {}

  /** The table, each line at most {@code width} characters (at least {@link #MIN_WIDTH}). */
  static String render(StatusModel m, int width) {
    int w = Math.max(MIN_WIDTH, width);
    StringBuilder out = new StringBuilder();
    Lines lines = new Lines(out, w);
    lines.add("cluster " + m.cluster());
    m.corrupt().forEach(c -> lines.wrap("  " + c));
    lines.add("");
    lines.add("NODES");
    lines.add(String.format("  %-12s %-7s %s", "NAME", "STATE", "ADDRESS"));
    for (var n : m.nodes()) {
      lines.add(
          String.format(
              "  %-12s %-7s %s",
              n.name(), !n.member() ? "DOWN" : n.standby() ? "standby" : "up", n.address()));
    }
    lines.add("");
    lines.add("SERVICES");
    lines.add(
        String.format(
            "  %-12s %-15s %-10s %-20s %-8s %-8s %s",
            "NAME", "STATE", "OWNER", "EPOCH", "FAILURES", "SINCE", "LAST CHANGE"));
    for (var s : m.services()) {
      lines.add(
          String.format(
              "  %-12s %-15s %-10s %-20s %-8s %-8s %s",
              s.name(),
              s.state(),
              s.owner() == null ? "-" : s.owner(),
              s.epoch() == null ? "-" : s.epoch().toString(),
              s.sinceMillis() == null ? "-" : Integer.toString(s.failures()),
              s.sinceMillis() == null ? "-" : TIME.format(Instant.ofEpochMilli(s.sinceMillis())),
              lastChange(s)));
      if (!s.toFence().isEmpty()) {
        lines.add("      to fence before start: " + s.toFence());
      }
      for (var b : s.bans()) {
        lines.add(
            String.format(
                "      %s banned for %d s more (lift: `hactl clear %s --node %s`): %s",
                b.node(), (b.remainingMillis() + 999) / 1000, s.name(), b.node(), b.reason()));
      }
      for (String c : s.corrupt()) {
        lines.wrap(
            "      "
                + c
                + (c.contains("/admin:")
                    ? "; clear it with `hactl clear-request " + s.name() + "`"
                    : ""));
      }
      if (s.frozen()) {
        lines.add(
            "      frozen: not monitored, not restarted, not failed over (`hactl unfreeze "
                + s.name()
                + "`)");
      }
      for (var r : s.requests()) {
        lines.wrap("      " + pending(s.name(), r, m.timeMillis()));
      }
    }
    return out.toString();
  }

  /** One line about a pending request: what, by whom, until when, the answers. */
  static String pending(String service, StatusModel.Request r, long nowMillis) {
    if (r.corrupt() != null) {
      return r.corrupt()
          + "; remove it with `hactl requests cancel "
          + service
          + " "
          + r.id()
          + "`";
    }
    return "request "
        + r.id()
        + ": "
        + r.what()
        + ", by "
        + r.user()
        + (r.deadlineMillis() <= nowMillis
            ? ", expired"
            : ", expires in " + (r.deadlineMillis() - nowMillis + 999) / 1000 + " s")
        + r.answers().entrySet().stream()
            .map(e -> "; " + e.getKey() + ": " + e.getValue())
            .collect(java.util.stream.Collectors.joining());
  }

  private static String lastChange(StatusModel.Service s) {
    if (s.reason() == null) {
      return s.owner() == null ? "" : "(no report from owner yet)";
    }
    if (s.watched()) {
      return s.checkEveryMillis() > 0
          ? s.reason()
              + "; checks every "
              + s.checkEveryMillis() / 1000
              + " s, watched by the owner"
          : s.reason();
    }
    if (s.lastCheckAgeMillis() == null) {
      return s.reason();
    }
    long ago = s.lastCheckAgeMillis() / 1000;
    if (!"RUNNING?".equals(s.state())) {
      return s.reason() + "; last check " + ago + " s ago";
    }
    return s.reason()
        + "; NO GOOD CHECK for "
        + ago
        + " s"
        + (s.checkEveryMillis() > 0 ? " (checks every " + s.checkEveryMillis() / 1000 + " s)" : "")
        + ": the owner's agent may be hung or its checks failing";
  }

  /** {@code line} cut to {@code width} characters, the last one an ellipsis when cut. */
  static String fit(String line, int width) {
    if (line.length() <= width) {
      return line;
    }
    return line.substring(0, width - 1) + "\u2026";
  }

  /**
   * Appends lines cut (or, for what names a repair, wrapped) to one width; control characters from
   * the cluster are made visible.
   */
  private record Lines(StringBuilder out, int width) {
    void add(String line) {
      out.append(fit(visible(line), width)).append('\n');
    }

    /**
     * The whole line, over as many lines as it takes (broken at spaces), continuations indented.
     */
    void wrap(String line) {
      String rest = visible(line);
      String indent = "";
      while (indent.length() + rest.length() > width) {
        int room = width - indent.length();
        int cut = rest.lastIndexOf(' ', room);
        cut = cut <= 0 ? room : cut;
        out.append(indent).append(rest, 0, cut).append('\n');
        rest = rest.substring(cut).stripLeading();
        indent = "        ";
      }
      out.append(indent).append(rest).append('\n');
    }
  }

  /** Control characters (an escape sequence in a hostile reason, say) shown as '?'. */
  static String visible(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
