package io.hactl.testkit.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The text formats the observer reads: mountinfo and agent log lines. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ParsingTest {
  private static final String MOUNTINFO =
      "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
          + "95 22 8:1 /tmp/run/nfs/spool /tmp/run/mnt/spool rw,relatime - ext4 /dev/sda1 rw\n"
          + "96 22 8:1 /x /tmp/with\\040space rw - ext4 /dev/sda1 rw\n";

  @Test
  void mountpointIsTheFifthField() {
    assertTrue(MountTable.hasMountpoint(MOUNTINFO, "/tmp/run/mnt/spool"));
    assertFalse(MountTable.hasMountpoint(MOUNTINFO, "/tmp/run/nfs/spool"), "that is the root");
    assertFalse(MountTable.hasMountpoint(MOUNTINFO, "/tmp/run/mnt"));
    assertTrue(MountTable.hasMountpoint(MOUNTINFO, "/tmp/with space"));
  }

  @Test
  void agentTransitionLines() {
    Transition t =
        Transition.parse(
                7,
                "12:00:01.123 INFO  i.h.a.ServiceController - service s1 on n2: STARTING ->"
                    + " RUNNING (epoch 4294967301): all resources up")
            .orElseThrow();
    assertEquals(
        new Transition(7, "s1", "n2", "STARTING", "RUNNING", OptionalLong.of(4294967301L)), t);
    assertEquals(
        OptionalLong.empty(),
        Transition.parse(1, "service s1 on n1: OFFLINE -> ACQUIRING").orElseThrow().epoch());
    assertTrue(Transition.parse(1, "service s1 on n1: failure 2 in window -> RESTART").isEmpty());
  }
}
