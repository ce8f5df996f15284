package io.hactl.testkit.observe;

import io.hactl.testkit.check.BmcEvent;
import io.hactl.testkit.check.Expectation;
import io.hactl.testkit.check.Gap;
import io.hactl.testkit.check.Heartbeat;
import io.hactl.testkit.check.Sample;
import io.hactl.testkit.check.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects, from several threads, what happens during a run: the observer's samples (only when the
 * state changes) and gaps, the agents' logged transitions, the faults' expectations and free-text
 * notes. Thread-safe; {@link #timeline} takes a consistent copy.
 */
public final class Recorder {
  private final List<Sample> samples = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();
  private final List<Transition> transitions = new ArrayList<>();
  private final List<Expectation> expectations = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private Sample last;

  /** Records {@code s} unless it shows the same state as the previous sample. */
  public synchronized void sample(Sample s) {
    if (last == null || !Objects.equals(last.nodes(), s.nodes())) {
      samples.add(s);
      last = s;
    }
  }

  public synchronized void gap(Gap g) {
    gaps.add(g);
  }

  public synchronized void transition(Transition t) {
    transitions.add(t);
  }

  public synchronized void expect(Expectation e) {
    expectations.add(e);
  }

  /** A line for the run's report, prefixed with the time it was noted. */
  public synchronized void note(String text) {
    notes.add(System.nanoTime() + " " + text);
  }

  public synchronized List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  /** The latest sample, or null before the first scan pair. */
  public synchronized Sample latest() {
    return last;
  }

  /** A timeline of everything recorded so far plus what is read from files at the end. */
  public synchronized Timeline timeline(
      long start,
      long end,
      List<String> nodes,
      List<Heartbeat> heartbeats,
      List<String> strayFiles,
      List<BmcEvent> power) {
    return new Timeline(
        start, end, nodes, samples, gaps, heartbeats, strayFiles, power, expectations);
  }
}
