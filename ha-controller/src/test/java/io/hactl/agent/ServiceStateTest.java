package io.hactl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service state table, written out here a second time by hand: every legal move is accepted by
 * the machine, every other pair of states is refused (and leaves the state unchanged).
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServiceStateTest {
  /** Every legal move, as the design describes them. */
  static final String[] LEGAL = {
    "OFFLINE,ACQUIRING",
    "ACQUIRING,OFFLINE",
    "ACQUIRING,FENCING",
    "ACQUIRING,STARTING",
    "ACQUIRING,SUSPENDED",
    "ACQUIRING,RECOVERING",
    "ACQUIRING,STOPPING",
    "ACQUIRING,EMERGENCY_STOP",
    "ACQUIRING,FAILED",
    "FENCING,BLOCKED",
    "FENCING,STARTING",
    "FENCING,STOPPING",
    "FENCING,RECOVERING",
    "FENCING,OFFLINE",
    "FENCING,EMERGENCY_STOP",
    "FENCING,FAILED",
    "BLOCKED,FENCING",
    "BLOCKED,STOPPING",
    "BLOCKED,RECOVERING",
    "BLOCKED,OFFLINE",
    "BLOCKED,EMERGENCY_STOP",
    "BLOCKED,FAILED",
    "STARTING,RUNNING",
    "STARTING,RECOVERING",
    "STARTING,STOPPING",
    "STARTING,EMERGENCY_STOP",
    "STARTING,FAILED",
    "RUNNING,RECOVERING",
    "RUNNING,STOPPING",
    "RUNNING,EMERGENCY_STOP",
    "RUNNING,FAILED",
    "RUNNING,FROZEN",
    "FROZEN,RUNNING",
    "FROZEN,RECOVERING",
    "FROZEN,STOPPING",
    "FROZEN,EMERGENCY_STOP",
    "FROZEN,FAILED",
    "RECOVERING,FENCING",
    "RECOVERING,STARTING",
    "RECOVERING,STOPPING",
    "RECOVERING,EMERGENCY_STOP",
    "RECOVERING,FAILED",
    "STOPPING,OFFLINE",
    "STOPPING,EMERGENCY_STOP",
    "STOPPING,FAILED",
    "EMERGENCY_STOP,SUSPENDED",
    "SUSPENDED,FENCING",
    "SUSPENDED,STARTING",
    "SUSPENDED,STOPPING",
    "SUSPENDED,RECOVERING",
    "SUSPENDED,OFFLINE",
    "SUSPENDED,FAILED",
    "FAILED,OFFLINE",
  };

  private static Set<String> legal() {
    return Set.of(LEGAL);
  }

  static Stream<Arguments> allPairs() {
    List<Arguments> out = new ArrayList<>();
    for (ServiceState from : ServiceState.values()) {
      for (ServiceState to : ServiceState.values()) {
        out.add(Arguments.of(from, to));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allPairs")
  void theTableListsExactlyTheLegalMoves(ServiceState from, ServiceState to) {
    assertEquals(legal().contains(from + "," + to), from.canMoveTo(to), from + " -> " + to);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("allPairs")
  void theMachineMakesEveryLegalMoveAndRefusesEveryOther(ServiceState from, ServiceState to) {
    List<String> published = new ArrayList<>();
    ServiceMachine m = machineAt(from, published);
    published.clear();
    if (legal().contains(from + "," + to)) {
      m.transition(to, 7, "test");
      assertEquals(to, m.state());
      assertEquals(List.of(from + " -> " + to), published);
    } else {
      RuntimeException e = assertThrows(RuntimeException.class, () -> m.transition(to, 7, "test"));
      assertTrue(
          e instanceof IllegalTransitionException
              || (from == ServiceState.EMERGENCY_STOP && e instanceof ServiceMachine.Superseded),
          e.toString());
      assertEquals(from, m.state(), "a refused move leaves the state as it was");
      assertEquals(List.of(), published, "a refused move publishes nothing");
    }
  }

  @CsvSource({"OFFLINE,RUNNING", "RUNNING,STARTING", "FAILED,RUNNING", "STOPPING,RUNNING"})
  @ParameterizedTest
  void anIllegalMoveNamesBothStatesAndWhatIsLegal(ServiceState from, ServiceState to) {
    ServiceMachine m = machineAt(from, new ArrayList<>());
    IllegalTransitionException e =
        assertThrows(IllegalTransitionException.class, () -> m.transition(to, 1, "why"));
    assertTrue(e.getMessage().contains(from + " -> " + to), e.getMessage());
    assertTrue(e.getMessage().contains("legal from " + from), e.getMessage());
  }

  @Test
  void everyStateIsReachableFromOfflineAndLeadsBackToIt() {
    Set<ServiceState> seen = EnumSet.of(ServiceState.OFFLINE);
    List<ServiceState> todo = new ArrayList<>(seen);
    while (!todo.isEmpty()) {
      for (ServiceState n : todo.remove(0).next()) {
        if (seen.add(n)) {
          todo.add(n);
        }
      }
    }
    assertEquals(EnumSet.allOf(ServiceState.class), seen);
    for (ServiceState s : ServiceState.values()) {
      assertFalse(s.canMoveTo(s), s + " never moves to itself");
      assertTrue(s == ServiceState.OFFLINE || !s.next().isEmpty(), s + " is no dead end");
    }
  }

  /** A machine walked to {@code target} along legal moves. */
  private static ServiceMachine machineAt(ServiceState target, List<String> published) {
    ServiceMachine m = new ServiceMachine("s1", "n1", new ListEvents(published), Clock.systemUTC());
    List<ServiceState> path =
        switch (target) {
          case OFFLINE -> List.of();
          case ACQUIRING -> List.of(ServiceState.ACQUIRING);
          case FENCING -> List.of(ServiceState.ACQUIRING, ServiceState.FENCING);
          case BLOCKED ->
              List.of(ServiceState.ACQUIRING, ServiceState.FENCING, ServiceState.BLOCKED);
          case STARTING -> List.of(ServiceState.ACQUIRING, ServiceState.STARTING);
          case RUNNING ->
              List.of(ServiceState.ACQUIRING, ServiceState.STARTING, ServiceState.RUNNING);
          case FROZEN ->
              List.of(
                  ServiceState.ACQUIRING,
                  ServiceState.STARTING,
                  ServiceState.RUNNING,
                  ServiceState.FROZEN);
          case RECOVERING -> List.of(ServiceState.ACQUIRING, ServiceState.RECOVERING);
          case STOPPING -> List.of(ServiceState.ACQUIRING, ServiceState.STOPPING);
          case EMERGENCY_STOP -> List.of(ServiceState.ACQUIRING, ServiceState.EMERGENCY_STOP);
          case SUSPENDED -> List.of(ServiceState.ACQUIRING, ServiceState.SUSPENDED);
          case FAILED -> List.of(ServiceState.ACQUIRING, ServiceState.FAILED);
        };
    path.forEach(s -> m.transition(s, 1, "setup"));
    assertEquals(target, m.state());
    return m;
  }

  private record ListEvents(List<String> published) implements NoOpEvents {
    @Override
    public void transition(ServiceStatus status, ServiceState from, String reason) {
      published.add(from + " -> " + status.state());
    }
  }
}
