package io.hactl.agent;

import static io.hactl.agent.ServiceState.EMERGENCY_STOP;
import static io.hactl.agent.ServiceState.FROZEN;
import static io.hactl.agent.ServiceState.OFFLINE;
import static io.hactl.agent.ServiceState.RUNNING;
import static io.hactl.agent.ServiceState.SUSPENDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.placement.ClusterView;
import io.hactl.resource.Health;
import io.hactl.resource.ResourceException;
import io.hactl.resource.Severity;
import io.hactl.resource.TreeHealth;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The service controller driven on the test's thread with fake time, fake ownership, fake fencing
 * and a fake tree: races are replayed exactly, and nothing sleeps.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServiceControllerTest {
  private static final String RESTART = "{policy: restart, maxRestarts: 1, window: 60s}";
  private static final Duration SEC = Duration.ofSeconds(1);

  private ControllerRig rig;

  private ControllerRig rig(String recovery) throws Exception {
    rig = new ControllerRig(recovery);
    return rig;
  }

  @AfterEach
  void noTaskEscaped() {
    if (rig != null) {
      rig.close();
      assertEquals(List.of(), rig.worker.escaped(), "no exception escaped a guarded task");
    }
  }

  @Test
  void acquiresStartsRunsAndPublishesNoRoutineGoodCheck() throws Exception {
    rig(RESTART).placeHere();
    assertEquals(RUNNING, rig.state());
    assertEquals(List.of("ACQUIRING", "STARTING", "RUNNING"), rig.states());
    ServiceStatus running = rig.statuses.get(rig.statuses.size() - 1);
    assertEquals(1000, running.checkEveryMillis(), "RUNNING is published with its check period");
    assertTrue(running.checkedRecently(running.sinceMillis(), 0), running.toString());
    assertTrue(running.watched(), "RUNNING is published as watched by the owner: " + running);
    rig.worker.advance(Duration.ofSeconds(3), SEC);
    assertEquals(3, rig.calls.stream().filter("monitor"::equals).count(), rig.calls.toString());
    assertEquals(List.of(), rig.checks, "good checks publish nothing (no write at rest)");
    assertEquals(3, rig.checksAtRest.size(), "but reach the agent's own observers");
  }

  @Test
  void aSuspensionDuringTheStartIsNeverFollowedByRunning() throws Exception {
    rig(RESTART);
    // The Curator thread suspends while the worker is inside startAll.
    rig.tree.duringStart = () -> rig.controller.suspend();
    rig.placeHere();
    assertEquals(EMERGENCY_STOP, rig.state());
    rig.runEmergency();
    assertEquals(SUSPENDED, rig.state());
    List<String> states = rig.states();
    assertFalse(
        states.contains("RUNNING"), "RUNNING published after the emergency stop: " + states);
    assertTrue(rig.calls.contains("emergency"), rig.calls.toString());
    assertEquals(0, rig.worker.periodicTasks(), "no monitor left behind");
  }

  @Test
  void reconnectReprovesBeforeActingAndLeavesNoMonitorBehind() throws Exception {
    rig(RESTART).placeHere();
    for (int cycle = 0; cycle < 3; cycle++) {
      rig.controller.suspend();
      rig.runEmergency();
      assertEquals(SUSPENDED, rig.state());
      rig.calls.clear();
      rig.controller.resume();
      rig.worker.runDue();
      assertEquals(RUNNING, rig.state());
      assertTrue(rig.calls.get(0).startsWith("reprove "), "re-proof first: " + rig.calls);
      assertTrue(rig.calls.indexOf("start") > 0, rig.calls.toString());
      assertEquals(1, rig.worker.periodicTasks(), "exactly one monitor after cycle " + cycle);
    }
    assertEquals(103, rig.controller.epoch(), "each re-proof is a new epoch");
  }

  @Test
  void aFailingFenceBlocksThenRetriesUntilItSucceeds() throws Exception {
    rig(RESTART).unfenced = List.of("n2");
    rig.fenceFailures = 2;
    rig.placeHere();
    assertEquals(ServiceState.BLOCKED, rig.state());
    assertFalse(rig.calls.contains("start"), "nothing started before the fence");
    rig.worker.advance(Duration.ofSeconds(5), SEC);
    assertEquals(ServiceState.BLOCKED, rig.state());
    rig.worker.advance(Duration.ofSeconds(5), SEC);
    assertEquals(RUNNING, rig.state());
    assertEquals(3, rig.calls.stream().filter(c -> c.equals("fence n2")).count());
    assertTrue(
        rig.calls.indexOf("markFenced [n2]") < rig.calls.indexOf("start"), rig.calls.toString());
  }

  @Test
  void aFailedStopAbandonsOwnershipUncleanlyAfterAnEmergencyStop() throws Exception {
    rig(RESTART).placeHere();
    rig.tree.stopFails = true;
    rig.placeElsewhere();
    assertEquals(OFFLINE, rig.state());
    assertEquals(
        List.of("ACQUIRING", "STARTING", "RUNNING", "STOPPING", "FAILED", "OFFLINE"), rig.states());
    assertTrue(rig.calls.contains("emergency"), rig.calls.toString());
    assertTrue(rig.calls.contains("abandon 100"), rig.calls.toString());
    assertFalse(rig.calls.stream().anyMatch(c -> c.startsWith("release")), "no clean release");
    assertEquals(1, rig.bans.size());
    assertEquals(0, rig.worker.periodicTasks());
  }

  @Test
  void anUnconfirmedEmergencyStopSelfFences() throws Exception {
    rig(RESTART).placeHere();
    rig.tree.emergencyConfirms = false;
    rig.controller.suspend();
    rig.runEmergency();
    assertEquals(SUSPENDED, rig.state());
    assertEquals(1, rig.selfFences.size(), rig.selfFences.toString());
  }

  /** Where an unexpected exception is thrown. */
  enum Step {
    ACQUIRE,
    FENCE,
    CREATE_TREE,
    START,
    MONITOR,
    STOP,
    RELEASE,
    REPROVE
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void anUnexpectedExceptionAtAnyStepIsLoggedRecordedAndHandledByThePolicy(Step step)
      throws Exception {
    rig(RESTART);
    IllegalStateException boom = new IllegalStateException("boom at " + step);
    Consumer<ControllerRig> arm =
        switch (step) {
          case ACQUIRE -> r -> r.store.acquireThrows = boom;
          case FENCE ->
              r -> {
                r.unfenced = List.of("n2");
                r.fenceThrows = boom;
              };
          case CREATE_TREE -> r -> r.createThrows = boom;
          case START -> r -> r.tree.startThrows = boom;
          case MONITOR -> r -> r.tree.monitorThrows = boom;
          case STOP -> r -> r.tree.stopThrows = boom;
          case RELEASE -> r -> r.store.releaseThrows = boom;
          case REPROVE -> r -> r.store.reproveThrows = boom;
        };
    if (step == Step.STOP || step == Step.RELEASE || step == Step.MONITOR || step == Step.REPROVE) {
      rig.placeHere();
      assertEquals(RUNNING, rig.state());
    }
    arm.accept(rig);
    ServiceState before = rig.state();
    int mark = rig.published.size();
    switch (step) {
      case STOP, RELEASE -> rig.placeElsewhere();
      case MONITOR -> rig.worker.advance(SEC, SEC);
      case REPROVE -> {
        rig.controller.suspend();
        rig.runEmergency();
        before = rig.state();
        mark = rig.published.size();
        rig.controller.resume();
        rig.worker.runDue();
      }
      default -> rig.placeHere();
    }
    // An ERROR line with the stack, and a history event.
    assertTrue(
        rig.errors().stream().anyMatch(e -> e.contains("boom at " + step) && e.endsWith("[stack]")),
        "ERROR with stack: " + rig.errors());
    assertTrue(
        rig.history.stream().anyMatch(h -> h.startsWith("error ") && h.contains("boom at " + step)),
        "history: " + rig.history);
    List<String> after = rig.states().subList(mark, rig.states().size());
    ServiceState was = before;
    assertTrue(
        after.stream().anyMatch(st -> !st.equals(was.name())), "left " + before + ": " + after);
    switch (step) {
      case ACQUIRE -> {
        // Not owning: counted; the node stays free to try again at the next placement.
        assertEquals(OFFLINE, rig.state());
        assertEquals(List.of("ACQUIRING", "OFFLINE"), after);
      }
      case FENCE, CREATE_TREE, START -> {
        // Owning: the policy restarts once; the same fault again relocates: released, banned.
        assertEquals(OFFLINE, rig.state(), after.toString());
        assertTrue(after.contains("RECOVERING"), after.toString());
        assertTrue(rig.calls.contains("release 100"), rig.calls.toString());
        assertEquals(1, rig.bans.size(), "kept off this node until its failures expire");
        assertFalse(
            rig.calls.stream().anyMatch(c -> c.startsWith("abandon")), rig.calls.toString());
        assertFalse(after.contains("RUNNING"), after.toString());
      }
      case MONITOR, REPROVE -> {
        // Owning: a failure by the policy: restarted in place (first failure in the window).
        assertEquals(RUNNING, rig.state(), after.toString());
        assertTrue(after.contains("RECOVERING"), after.toString());
        assertTrue(
            rig.history.stream().anyMatch(h -> h.startsWith("failure ") && h.contains("RESTART")),
            "policy said restart: " + rig.history);
      }
      case STOP, RELEASE -> {
        // A failure while stopping is a failed stop: emergency stop, unclean release, OFFLINE.
        assertEquals(OFFLINE, rig.state());
        assertTrue(after.contains("FAILED"), after.toString());
        assertTrue(rig.calls.contains("abandon 100"), rig.calls.toString());
      }
    }
    assertTrue(rig.worker.periodicTasks() <= 1, "at most one monitor");
  }

  @Test
  void anIllegalMoveDrivesTheServiceToASafeStateInsteadOfThePolicy() throws Exception {
    rig(RESTART).placeHere();
    // Some step asks for a move the table does not list while resources run.
    rig.tree.monitorThrows =
        new IllegalTransitionException("s1", RUNNING, ServiceState.ACQUIRING, "a bug");
    rig.worker.advance(SEC, SEC);
    assertEquals(OFFLINE, rig.state());
    assertTrue(rig.states().contains("FAILED"), rig.states().toString());
    assertTrue(rig.calls.contains("emergency"), rig.calls.toString());
    assertTrue(rig.calls.contains("abandon 100"), "unclean: the next owner fences this node");
    assertTrue(
        rig.errors().stream().anyMatch(e -> e.contains("illegal move RUNNING -> ACQUIRING")));
    assertTrue(rig.history.stream().anyMatch(h -> h.startsWith("error ") && h.contains("illegal")));
    assertEquals(0, rig.worker.periodicTasks(), "the term ended with everything it started");
  }

  @Test
  void aFrozenServiceIsNotMonitoredNotRestartedAndNotMovedThenTheFirstCheckDecides()
      throws Exception {
    rig(RESTART).placeHere();
    rig.keepHere(true, Optional.empty());
    assertEquals(FROZEN, rig.state());
    rig.calls.clear();
    rig.worker.advance(Duration.ofSeconds(5), SEC);
    assertFalse(rig.calls.contains("monitor"), "no monitoring while frozen: " + rig.calls);
    rig.tree.listener.failed("daemon", "killed");
    rig.worker.runDue();
    assertEquals(FROZEN, rig.state(), "a daemon death while frozen is not acted on");
    rig.placeElsewhere();
    assertEquals(FROZEN, rig.state(), "placement cannot move a frozen service away");
    assertEquals(List.of(), rig.calls, "nothing stopped, started or checked");
    rig.tree.health = new TreeHealth("daemon", Health.FAILED);
    rig.keepHere(false, Optional.empty());
    assertEquals(
        List.of("monitor", "stop from daemon", "start from daemon"),
        rig.calls,
        "first check fails: the daemon is restarted, its parents kept");
    assertEquals(RUNNING, rig.state());
  }

  @Test
  void aFrozenOwnerIsStillDemotedOnSuspensionAndFrozenAgainAfterReproof() throws Exception {
    rig(RESTART).placeHere();
    rig.keepHere(true, Optional.empty());
    rig.calls.clear();
    rig.controller.suspend();
    assertEquals(EMERGENCY_STOP, rig.state(), "rule 4 is not frozen");
    rig.runEmergency();
    assertEquals(SUSPENDED, rig.state());
    assertTrue(rig.calls.contains("emergency"), rig.calls.toString());
    rig.controller.resume();
    rig.worker.runDue();
    assertEquals(FROZEN, rig.state(), "re-proven, restarted, frozen again");
    assertTrue(rig.calls.get(1).startsWith("reprove "), "re-proof first: " + rig.calls);
    assertEquals(0, rig.worker.periodicTasks(), "no monitor while frozen");
  }

  @Test
  void unfreezingAHealthyServiceResumesMonitoring() throws Exception {
    rig(RESTART).placeHere();
    rig.keepHere(true, Optional.empty());
    rig.keepHere(false, Optional.empty());
    assertEquals(RUNNING, rig.state());
    int checks = rig.checksAtRest.size();
    rig.worker.advance(Duration.ofSeconds(2), SEC);
    assertTrue(
        rig.checksAtRest.size() >= checks + 2, "monitoring resumed: " + rig.checksAtRest.size());
  }

  @Test
  void anOperatorRestartStopsAndStartsInPlaceCountsNoFailureAndAnswersOnce() throws Exception {
    rig(RESTART).placeHere();
    rig.calls.clear();
    var restart = Optional.of(new ClusterView.Restart("req-1", "n1"));
    rig.keepHere(false, restart);
    assertEquals(RUNNING, rig.state());
    assertEquals(List.of("stop", "start"), rig.calls);
    assertEquals(List.of("req-1 ok: restarted in place on n1"), rig.answers);
    rig.keepHere(false, restart);
    assertEquals(List.of("stop", "start"), rig.calls, "the same request is carried out once");
    assertEquals(0, rig.statuses.get(rig.statuses.size() - 1).failures(), "not a failure");
    rig.tree.listener.failed("daemon", "exited with 1");
    rig.worker.runDue();
    assertEquals(RUNNING, rig.state(), "the first real failure still restarts in place");
  }

  @Test
  void aClearForgetsFailuresSoTheWindowStartsAgain() throws Exception {
    rig(RESTART).placeHere();
    rig.tree.listener.failed("daemon", "exited with 1");
    rig.worker.runDue();
    rig.controller.clearFailures("req-2", "test");
    rig.worker.runDue();
    assertTrue(
        rig.answers.contains("req-2 ok: failures and ban of n1 cleared: test"),
        rig.answers.toString());
    assertTrue(rig.history.contains("liftBan n1"), rig.history.toString());
    rig.tree.listener.failed("daemon", "exited with 1");
    rig.worker.runDue();
    assertEquals(RUNNING, rig.state(), "after a clear, one failure restarts again");
  }

  @Test
  void aResourceFailureRestartsThenRelocatesWithABan() throws Exception {
    rig(RESTART).placeHere();
    rig.calls.clear();
    rig.tree.listener.failed("daemon", "exited with 1");
    rig.worker.runDue();
    assertEquals(RUNNING, rig.state(), "first failure: restart in place");
    assertEquals(
        List.of("stop from daemon", "start from daemon"),
        rig.calls,
        "only the failed resource (and what starts after it) restarts; its parents keep running");
    ServiceStatus restarted = rig.statuses.get(rig.statuses.size() - 1);
    assertEquals(1, restarted.failures(), restarted.toString());
    assertEquals(1, restarted.failedAtMillis().size(), "the failure's time is published");
    assertTrue(restarted.windowMillis() > 0, restarted.toString());
    long failedAt = restarted.failedAtMillis().get(0);
    assertEquals(1, restarted.failuresAt(failedAt + restarted.windowMillis() - 1));
    assertEquals(0, restarted.failuresAt(failedAt + restarted.windowMillis()), "expired");
    rig.tree.listener.failed("daemon", "exited with 1");
    rig.worker.runDue();
    assertEquals(OFFLINE, rig.state(), "second failure in the window: relocate");
    assertTrue(rig.calls.contains("release 100"), rig.calls.toString());
    assertTrue(
        rig.calls.indexOf("stop") > rig.calls.indexOf("start from daemon"),
        "a relocation stops the whole tree: " + rig.calls);
    assertEquals(1, rig.bans.size());
  }

  @Test
  void aHardMonitorFailureRelocatesAtOnceAndAFatalOneDisables() throws Exception {
    rig(RESTART).placeHere();
    rig.tree.health = new TreeHealth("vip", Health.FAILED, Severity.HARD);
    rig.worker.advance(Duration.ofSeconds(1), SEC);
    assertEquals(OFFLINE, rig.state(), "a hard error (this node cannot run it) relocates");
    assertEquals(1, rig.bans.size(), "and keeps this node off");
    assertTrue(
        rig.history.stream().anyMatch(h -> h.contains("vip FAILED (HARD)")),
        rig.history.toString());

    rig.close();
    rig(RESTART).placeHere();
    rig.tree.health = new TreeHealth("vip", Health.FAILED, Severity.FATAL);
    rig.worker.advance(Duration.ofSeconds(1), SEC);
    assertTrue(rig.calls.contains("release 100"), "released: " + rig.calls);
    assertTrue(rig.bans.isEmpty(), "disabled, not banned: " + rig.bans);
    assertTrue(
        rig.history.stream().anyMatch(h -> h.startsWith("disable ")),
        "a fatal error (not configured) disables: " + rig.history);
  }

  @Test
  void aHardStartFailureRelocatesWithoutRestartingHere() throws Exception {
    rig(RESTART);
    rig.tree.duringStart =
        () -> sneaky(new ResourceException("vip", "not installed", Severity.HARD));
    rig.placeHere();
    assertEquals(OFFLINE, rig.state());
    assertEquals(1, rig.bans.size(), rig.history.toString());
    assertTrue(rig.calls.contains("release 100"), rig.calls.toString());
  }

  @Test
  void aFailedStartCountsAsAFailure() throws Exception {
    rig("{policy: relocate}");
    rig.tree.duringStart = () -> sneaky(new ResourceException("daemon", "exited during start"));
    rig.placeHere();
    assertEquals(OFFLINE, rig.state());
    assertTrue(
        rig.history.stream().anyMatch(h -> h.startsWith("failure start failed")),
        rig.history.toString());
    assertTrue(rig.calls.contains("release 100"), rig.calls.toString());
    assertEquals(List.of(), rig.errors(), "an expected failure is no ERROR");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
