package io.hactl.testkit.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Everything recorded about one run, on the harness's monotonic clock: the observer's samples
 * (change points) and blind gaps, the heartbeat file, files found in the bare mountpoint, the BMCs'
 * power events, and the expectations the injected faults set. Immutable.
 *
 * @param start when observation started
 * @param end when observation ended
 * @param nodes all node names
 * @param samples change points in time order; the first one describes the state at its time
 * @param gaps intervals the observer did not cover
 * @param heartbeats the heartbeat file, in file order
 * @param strayFiles files found in the bare mountpoint (outside any mount)
 * @param power power changes carried out or refused by the BMCs, in time order
 * @param expectations what the faults imply, in injection order
 */
public record Timeline(
    long start,
    long end,
    List<String> nodes,
    List<Sample> samples,
    List<Gap> gaps,
    List<Heartbeat> heartbeats,
    List<String> strayFiles,
    List<BmcEvent> power,
    List<Expectation> expectations) {

  public Timeline {
    nodes = List.copyOf(nodes);
    samples = List.copyOf(samples);
    gaps = List.copyOf(gaps);
    heartbeats = List.copyOf(heartbeats);
    strayFiles = List.copyOf(strayFiles);
    power = List.copyOf(power);
    expectations = List.copyOf(expectations);
  }

  /** The state in effect at {@code t}: the last sample at or before it (all idle if none). */
  public Sample at(long t) {
    Sample in = new Sample(start, Map.of());
    for (Sample s : samples) {
      if (s.nanos() > t) {
        break;
      }
      in = s;
    }
    return in;
  }

  /** The state in effect at {@code from}, then every sample in ({@code from}, {@code to}]. */
  public List<Sample> during(long from, long to) {
    List<Sample> out = new ArrayList<>();
    out.add(at(from));
    for (Sample s : samples) {
      if (s.nanos() > from && s.nanos() <= to) {
        out.add(s);
      }
    }
    return out;
  }

  /** When the service first ran on exactly one node in [from, deadline], if it did. */
  public OptionalLong recoveredAt(long from, long deadline) {
    return recoveredAt(new Expectation.Recovery("", from, deadline));
  }

  /** When {@code r} was first met: a single runner it accepts, in [from, deadline]. */
  public OptionalLong recoveredAt(Expectation.Recovery r) {
    long from = r.from();
    for (Sample s : during(from, r.deadline())) {
      if (r.accepts(s.soleRunner())) {
        return OptionalLong.of(Math.max(from, s.nanos()));
      }
    }
    return OptionalLong.empty();
  }

  /** {@code nanos} as seconds since the start of observation, for messages. */
  public String rel(long nanos) {
    return String.format("+%.3fs", (nanos - start) / 1e9);
  }
}
