package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ClusterSettings;
import io.hactl.resource.Resource;
import io.hactl.resource.ResourceException;
import io.hactl.resource.TreeHealth;
import io.hactl.time.Sleeper;
import io.hactl.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault hook for hactl's own multi-node tests, and for nothing else: with the JVM property
 * {@value #PROPERTY}{@code =DIR}, every resource-tree monitor of node NODE throws an unexpected
 * {@link IllegalStateException} while the file {@code DIR/NODE} exists, so that a test can provoke
 * "a resource threw" from outside and watch the agent handle it (DESIGN rule 9). It is off unless
 * that property is given explicitly on the agent's command line (a property cannot leak in from an
 * inherited environment), and an agent that runs with it says so at ERROR when it starts.
 */
public final class TestFaults {
  /** The JVM property naming the trigger directory. */
  public static final String PROPERTY = "hactl.testFaults";

  private static final Logger LOG = LoggerFactory.getLogger(TestFaults.class);

  private TestFaults() {}

  /** {@code real}, or {@code real} with the hook when {@value #PROPERTY} is set. */
  public static AgentServices fromSystemProperty(AgentServices real) {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      return real;
    }
    LOG.error(
        "TEST FAULT HOOK ACTIVE ({}={}): monitors of this node throw while {}/NODE exists;"
            + " never run a production agent like this",
        PROPERTY,
        dir,
        dir);
    return new Hooked(real, Path.of(dir));
  }

  private record Hooked(AgentServices real, Path dir) implements AgentServices {
    @Override
    public NodeFencing fencing(
        Supplier<ClusterConfig> config, io.hactl.fencing.FenceAttemptListener attempts) {
      return real.fencing(config, attempts);
    }

    @Override
    public ManagedTree.Factory trees(Supplier<ClusterConfig> config, String node) {
      ManagedTree.Factory f = real.trees(config, node);
      Path trigger = dir.resolve(node);
      return (service, epoch) -> new Faulty(f.create(service, epoch), trigger);
    }

    @Override
    public SelfCleanup selfCleanup(Supplier<ClusterConfig> config) {
      return real.selfCleanup(config);
    }

    @Override
    public SelfFence selfFence(ClusterSettings.SelfFence policy) {
      return real.selfFence(policy);
    }

    @Override
    public Ticker ticker() {
      return real.ticker();
    }

    @Override
    public Sleeper sleeper() {
      return real.sleeper();
    }

    @Override
    public Clock clock() {
      return real.clock();
    }

    @Override
    public Duration fenceRetry() {
      return real.fenceRetry();
    }
  }

  private record Faulty(ManagedTree tree, Path trigger) implements ManagedTree {
    @Override
    public void startAll() throws ResourceException {
      tree.startAll();
    }

    @Override
    public void stopAll() throws ResourceException {
      tree.stopAll();
    }

    @Override
    public void stopFrom(String resource) throws ResourceException {
      tree.stopFrom(resource);
    }

    @Override
    public void startFrom(String resource) throws ResourceException {
      tree.startFrom(resource);
    }

    @Override
    public boolean emergencyStopAll() {
      return tree.emergencyStopAll();
    }

    @Override
    public TreeHealth monitorAll() {
      if (Files.exists(trigger)) {
        throw new IllegalStateException("injected test fault: " + trigger + " exists");
      }
      return tree.monitorAll();
    }

    @Override
    public void onFailure(Resource.FailureListener listener) {
      tree.onFailure(listener);
    }
  }
}
