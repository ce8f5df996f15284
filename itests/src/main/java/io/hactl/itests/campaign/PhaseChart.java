package io.hactl.itests.campaign;

import io.hactl.itests.nemesis.FaultKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The failover phases of the benchmark's median runs as an SVG, written by code: one stacked bar
 * per scenario (detection = session timeout, fence agent, command, stop, start = mount + daemon,
 * hactl = the rest), and for the two failovers Pacemaker's figure with its defaults on the same
 * machines as a grey bar beneath, with half of it marked.
 */
final class PhaseChart {
  /** Pacemaker 2.1 with its defaults, same machines, observer and BMCs, p50 of five rounds. */
  static final long PACEMAKER_CRASH_MS = 10_500;

  static final long PACEMAKER_PARTITION_MS = 12_600;

  private static final int LEFT = 250;
  private static final int WIDTH = 900;
  private static final int BAR = 22;

  private record Phase(String name, String color) {}

  private static final List<Phase> PHASES =
      List.of(
          new Phase("detection (until the session expired)", "#4e79a7"),
          new Phase("fence agent", "#e15759"),
          new Phase("command", "#b07aa1"),
          new Phase("stop (old owner)", "#f28e2b"),
          new Phase("start (mount + daemon)", "#59a14f"),
          new Phase("hactl (the rest)", "#edc948"));

  private PhaseChart() {}

  static String svg(BenchReport r, String title) {
    List<String> rows = new ArrayList<>();
    long scale = 1;
    for (BenchReport.Scenario s : BenchReport.SCENARIOS) {
      Measurement m = r.median(s.kind());
      if (m != null) {
        scale = Math.max(scale, m.total());
      }
    }
    scale = Math.max(scale, PACEMAKER_PARTITION_MS);
    double px = (WIDTH - LEFT - 60) / (double) scale;
    int y = 60;
    for (BenchReport.Scenario s : BenchReport.SCENARIOS) {
      Measurement m = r.median(s.kind());
      rows.add(text(10, y + 16, s.title().replace(" (incl. CLI JVM start)", ""), 12, "start"));
      if (m == null) {
        rows.add(text(LEFT, y + 16, "no run", 12, "start"));
        y += 44;
        continue;
      }
      long[] parts = {
        m.session(), m.fence(), m.request(), m.stop(), m.start(), Math.max(0, m.hactl())
      };
      double x = LEFT;
      for (int i = 0; i < parts.length; i++) {
        double w = parts[i] * px;
        if (w > 0) {
          rows.add(
              String.format(
                  "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s:"
                      + " %d ms</title></rect>",
                  x, y, w, BAR, PHASES.get(i).color(), PHASES.get(i).name(), parts[i]));
        }
        x += w;
      }
      rows.add(text((int) x + 6, y + 16, m.total() + " ms", 12, "start"));
      long pcmk =
          s.kind() == FaultKind.NODE_CRASH
              ? PACEMAKER_CRASH_MS
              : s.kind() == FaultKind.PARTITION ? PACEMAKER_PARTITION_MS : 0;
      if (pcmk > 0) {
        int py = y + BAR + 3;
        rows.add(
            String.format(
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"#bab0ac\"/>",
                LEFT, py, pcmk * px));
        double half = LEFT + pcmk * px / 2;
        rows.add(
            String.format(
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\""
                    + " stroke-dasharray=\"3,2\"/>",
                half, y - 3, half, py + 8));
        rows.add(
            text(
                (int) (LEFT + pcmk * px) + 6,
                py + 8,
                "Pacemaker defaults " + pcmk + " ms (dashed: half)",
                10,
                "start"));
        y += 14;
      }
      y += 44;
    }
    int legendY = y + 10;
    int lx = 10;
    for (Phase p : PHASES) {
      rows.add(
          String.format(
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>",
              lx, legendY, p.color()));
      rows.add(text(lx + 16, legendY + 10, p.name(), 11, "start"));
      lx += 16 + p.name().length() * 6 + 14;
    }
    int height = legendY + 30;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\">%n",
            WIDTH + 180, height, WIDTH + 180, height));
    b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    b.append(text(10, 22, "hactl failover phases, median runs" + title, 15, "start")).append('\n');
    b.append(
            text(
                10,
                42,
                String.format(
                    "session timeout %d ms; %s; fence_ipmilan against a simulated BMC",
                    r.sessionMillis(), r.machine()),
                11,
                "start"))
        .append('\n');
    rows.forEach(row -> b.append(row).append('\n'));
    b.append("</svg>\n");
    return b.toString();
  }

  private static String text(int x, int y, String s, int size, String anchor) {
    return String.format(
        "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"%s\">%s</text>",
        x, y, size, anchor, s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
  }
}
