package io.hactl.fencing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences one node through its fence levels: levels are tried in order, a level succeeds only if
 * every device in it succeeds (the first failing device ends the level), and the first level that
 * succeeds ends the fencing. Every failure, including no levels at all, is reported as an
 * unsuccessful outcome whose detail tells the operator how to confirm the node dead by hand.
 *
 * <p>A device whose action is {@code reboot} is run as {@code off} confirmed by {@code status} (the
 * node is fenced once it is off, not once it is back), and is powered {@code on} again only after
 * its whole level succeeded, on the power-on executor: a takeover waits for "off", never for the
 * reboot. In a level of several devices (two power supplies on two switched PDUs) every device is
 * therefore off before any is on again, since rebooting one PDU after the other never cuts the
 * node's power. Power-on calls are reported to the listener like any attempt, from the power-on
 * executor's thread; a failed power-on is logged but does not undo a successful fence.
 *
 * <p>Synchronous apart from power-on: it runs on the calling thread and takes at most the sum of
 * the devices' timeouts (plus each call's kill grace). It does not retry a level, and it does not
 * guarantee the node is dead beyond what the agents confirm. Stateless; safe to share between
 * threads.
 */
public final class NodeFencer {
  private static final Logger LOG = LoggerFactory.getLogger(NodeFencer.class);

  private final FenceAgent agent;
  private final Executor powerOn;

  /** A fencer that powers rebooted nodes on again on the calling thread, after the fence. */
  public NodeFencer(FenceAgent agent) {
    this(agent, Runnable::run);
  }

  /**
   * A fencer that powers rebooted nodes on again through {@code powerOn}, so that {@link #fence}
   * returns as soon as the node is confirmed off.
   */
  public NodeFencer(FenceAgent agent, Executor powerOn) {
    this.agent = agent;
    this.powerOn = powerOn;
  }

  /** Fences {@code target}, telling nobody about the individual calls. */
  public NodeFenceResult fence(FenceTarget target) {
    return fence(target, FenceAttemptListener.NONE);
  }

  /** Fences {@code target}, calling {@code listener} after each device call. */
  public NodeFenceResult fence(FenceTarget target, FenceAttemptListener listener) {
    long t0 = System.nanoTime();
    String node = target.node();
    List<FenceAttempt> attempts = new ArrayList<>();
    List<List<FenceDevice>> levels = target.levels();
    if (levels.isEmpty()) {
      String detail =
          "node " + node + " has no fence levels configured, so it was not fenced; " + ack(node);
      LOG.error("{}", detail);
      return new NodeFenceResult(FenceOutcome.notRun(FenceAction.OFF, detail, since(t0)), attempts);
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < levels.size(); i++) {
      if (Thread.currentThread().isInterrupted()) {
        failures.add("interrupted before level " + (i + 1));
        break;
      }
      Calls calls = new Calls(node, i + 1, levels.get(i).size(), listener, attempts);
      Optional<String> failure = fenceLevel(levels.get(i), calls);
      if (failure.isEmpty()) {
        NodeFenceResult result = succeeded(node, i + 1, levels.get(i), t0, attempts);
        powerOnAgain(levels.get(i), calls.forPowerOn());
        return result;
      }
      failures.add(failure.get());
      LOG.warn("fencing node {}: level {} failed: {}", node, i + 1, failure.get());
    }
    String detail =
        "fencing of node "
            + node
            + " failed at every level ("
            + String.join("; ", failures)
            + "); the node may still be running: "
            + ack(node);
    LOG.error("{}", detail);
    return new NodeFenceResult(
        FenceOutcome.notRun(levels.get(0).get(0).fenceAction(), detail, since(t0)), attempts);
  }

  /**
   * Runs one level; empty when every device succeeded, else the failing call's detail. A rebooting
   * device is run as {@code off}, then {@code status} must report it off.
   */
  private Optional<String> fenceLevel(List<FenceDevice> devices, Calls calls) {
    for (int d = 0; d < devices.size(); d++) {
      FenceDevice device = devices.get(d);
      boolean reboot = device.fenceAction() == FenceAction.REBOOT;
      FenceOutcome outcome = calls.call(d, device, reboot ? FenceAction.OFF : device.fenceAction());
      if (!outcome.success()) {
        return Optional.of(outcome.detail());
      }
      if (reboot) {
        FenceOutcome status = calls.call(d, device, FenceAction.STATUS);
        if (status.power() != FenceOutcome.Power.OFF) {
          return Optional.of(
              status.detail()
                  + " (off returned success but status did not confirm the power is off)");
        }
      }
    }
    return Optional.empty();
  }

  /** Hands the power-on of the level's rebooting devices to the power-on executor. */
  private void powerOnAgain(List<FenceDevice> devices, Calls calls) {
    if (devices.stream().noneMatch(d -> d.fenceAction() == FenceAction.REBOOT)) {
      return;
    }
    Runnable task =
        () -> {
          for (int d = 0; d < devices.size(); d++) {
            if (devices.get(d).fenceAction() == FenceAction.REBOOT) {
              FenceOutcome on = calls.call(d, devices.get(d), FenceAction.ON);
              if (on.success()) {
                LOG.info("node {} powered on again after its reboot fence", calls.node);
              } else {
                LOG.warn(
                    "node {} is fenced but did not power on again: {}", calls.node, on.detail());
              }
            }
          }
        };
    try {
      powerOn.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.warn("node {} is fenced and stays off: power-on was not scheduled ({})", calls.node, e);
    }
  }

  private NodeFenceResult succeeded(
      String node, int level, List<FenceDevice> devices, long t0, List<FenceAttempt> attempts) {
    Duration elapsed = since(t0);
    String how =
        devices.stream()
            .map(
                d ->
                    d.agent()
                        + (d.fenceAction() == FenceAction.REBOOT
                            ? " reboot: off confirmed, power-on follows"
                            : " " + d.action()))
            .collect(Collectors.joining(", "));
    String detail =
        "node "
            + node
            + " fenced by level "
            + level
            + " ("
            + how
            + ") in "
            + elapsed.toMillis()
            + " ms";
    LOG.info("{}", detail);
    FenceOutcome outcome =
        new FenceOutcome(true, detail, elapsed, devices.get(0).fenceAction(), 0, false, List.of());
    return new NodeFenceResult(outcome, attempts);
  }

  private static String ack(String node) {
    return "confirm by hand that it is powered off or cut off, then run 'hactl fence ack "
        + node
        + "'";
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  /** Makes the device calls of one level, recording each and telling the listener. */
  private final class Calls {
    private final String node;
    private final int level;
    private final int size;
    private final FenceAttemptListener listener;
    private final List<FenceAttempt> attempts;

    /** Calls of the same level whose attempts are told to the listener only (power-on). */
    Calls forPowerOn() {
      return new Calls(node, level, size, listener, new ArrayList<>());
    }

    Calls(
        String node,
        int level,
        int size,
        FenceAttemptListener listener,
        List<FenceAttempt> attempts) {
      this.node = node;
      this.level = level;
      this.size = size;
      this.listener = listener;
      this.attempts = attempts;
    }

    FenceOutcome call(int index, FenceDevice device, FenceAction action) {
      String where = "level " + level + " device " + (index + 1) + "/" + size + ": ";
      long t0 = System.nanoTime();
      FenceOutcome outcome;
      try {
        outcome = agent.run(node, device, action);
      } catch (RuntimeException e) {
        LOG.error("fence agent implementation failed for node {}", node, e);
        outcome =
            FenceOutcome.notRun(
                action, device.agent() + " " + action + " of " + node + ": " + e, since(t0));
      }
      outcome = outcome.withDetail(where + outcome.detail());
      FenceAttempt attempt = new FenceAttempt(node, level, index + 1, device.agent(), outcome);
      attempts.add(attempt);
      try {
        listener.attempted(attempt);
      } catch (RuntimeException e) {
        LOG.warn("fence attempt listener failed for node {}; fencing goes on", node, e);
      }
      return outcome;
    }
  }
}
