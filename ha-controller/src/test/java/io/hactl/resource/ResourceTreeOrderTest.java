package io.hactl.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hactl.config.ResourceConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.process.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ordering and error handling of the tree, with fake resources that record what is done. */
@Timeout(10)
class ResourceTreeOrderTest {
  private final List<String> events = new ArrayList<>();
  private final Map<String, Fake> fakes = new HashMap<>();
  private final ActionGuard guard = new ActionGuard(new ProcessRunner());

  /** A resource that does nothing but record calls; it can be told to fail. */
  private final class Fake implements Resource {
    final String name;
    boolean failStart;
    boolean failStop;
    boolean stuck;
    Health health = Health.RUNNING;
    int depthSeen = -1;
    FailureListener listener;

    Fake(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start() throws ResourceException {
      events.add("start " + name);
      if (failStart) {
        throw new ResourceException(name, "boom");
      }
    }

    @Override
    public void stop() throws ResourceException {
      events.add("stop " + name);
      if (failStop) {
        throw new ResourceException(name, "stuck");
      }
    }

    @Override
    public Health monitor(int depth) {
      depthSeen = depth;
      return health;
    }

    @Override
    public boolean emergencyStop() {
      events.add("emergency " + name + (guard.revoked() ? " after revoke" : " BEFORE REVOKE"));
      return !stuck;
    }

    @Override
    public void onFailure(FailureListener l) {
      listener = l;
    }
  }

  // spool(daemon, web(helper)), ip
  private ResourceTree tree() {
    TestConfigs.Fs spool = TestConfigs.fs("spool", Path.of("/src"), Path.of("/spool"));
    TestConfigs.Fs web = TestConfigs.fs("web", Path.of("/src2"), Path.of("/spool/web"));
    web.monitorDepth = 10;
    web.children = List.of(TestConfigs.exec("helper", "true").build());
    spool.children = List.of(TestConfigs.exec("daemon", "true").build(), web.build());
    ResourceConfig ip = TestConfigs.exec("ip", "true").build();
    ServiceConfig service = TestConfigs.service("svc", spool.build(), ip);
    ResourceFactory factory = (config, g, env) -> fakes.computeIfAbsent(config.name(), Fake::new);
    return ResourceTreeFactory.using(factory).create(service, guard, Map.of(), "prod", 1);
  }

  @Test
  void startsParentsFirstAndStopsChildrenFirst() throws Exception {
    ResourceTree t = tree();
    t.startAll();
    assertEquals(
        List.of("start spool", "start daemon", "start web", "start helper", "start ip"), events);
    events.clear();
    t.stopAll();
    assertEquals(
        List.of("stop ip", "stop helper", "stop web", "stop daemon", "stop spool"), events);
  }

  @Test
  void startStopsAtTheFirstFailureAndNamesIt() {
    ResourceTree t = tree();
    fakes.get("web").failStart = true;
    ResourceException e = assertThrows(ResourceException.class, t::startAll);
    assertEquals("web", e.resource());
    assertEquals(List.of("start spool", "start daemon", "start web"), events);
  }

  @Test
  void stopTriesEveryResourceAndNamesAllThatFailed() {
    ResourceTree t = tree();
    fakes.get("helper").failStop = true;
    fakes.get("spool").failStop = true;
    ResourceException e = assertThrows(ResourceException.class, t::stopAll);
    assertEquals(5, events.size(), "all were tried: " + events);
    assertTrue(e.getMessage().contains("(helper,spool)"), e.getMessage());
    assertEquals(2, e.getSuppressed().length);
  }

  @Test
  void emergencyStopRevokesFirstStopsChildrenFirstAndReportsAnyStuckResource() {
    ResourceTree t = tree();
    assertTrue(t.emergencyStopAll());
    // Every daemon (children first) before any mount: in-flight actions are killed between the
    // two passes, so no mount can land after the unmounts.
    assertEquals(
        List.of(
            "emergency ip after revoke",
            "emergency helper after revoke",
            "emergency daemon after revoke",
            "emergency web after revoke",
            "emergency spool after revoke"),
        events);
    ResourceException e = assertThrows(ResourceException.class, t::startAll);
    assertTrue(e.getMessage().contains("revoked"), e.getMessage());

    ResourceTree second = tree();
    fakes.get("daemon").stuck = true;
    assertFalse(second.emergencyStopAll(), "one resource not confirmed gone fails the whole");
  }

  @Test
  void monitorReportsTheFirstUnhealthyResourceAndRaisesMountDepth() {
    ResourceTree t = tree();
    assertTrue(t.monitorAll(0).healthy());
    assertEquals("healthy", t.monitorAll(0).describe());
    assertEquals(0, fakes.get("spool").depthSeen);
    assertEquals(10, fakes.get("web").depthSeen, "web is configured for deep monitoring");
    fakes.get("helper").health = Health.FAILED;
    fakes.get("ip").health = Health.STOPPED;
    assertEquals(new TreeHealth("helper", Health.FAILED), t.monitorAll(0));
    assertEquals("helper FAILED", t.monitorAll(0).describe());
  }

  @Test
  void failureListenerIsRegisteredWithEveryResource() {
    ResourceTree t = tree();
    List<String> heard = new ArrayList<>();
    t.onFailure((name, why) -> heard.add(name + " " + why));
    fakes.values().forEach(f -> f.listener.failed(f.name, "x"));
    assertEquals(5, heard.size());
  }
}
