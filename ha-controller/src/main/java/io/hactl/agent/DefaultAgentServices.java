package io.hactl.agent;

import io.hactl.config.ClusterConfig;
import io.hactl.config.ClusterSettings;
import io.hactl.config.OcfAgentCatalog;
import io.hactl.config.ServiceConfig;
import io.hactl.fencing.FenceAttemptListener;
import io.hactl.fencing.NodeFencer;
import io.hactl.fencing.agents.FenceAgentsAdapter;
import io.hactl.process.ProcessRunner;
import io.hactl.process.ProcessSpec;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.ResourceException;
import io.hactl.resource.ResourceTree;
import io.hactl.resource.ResourceTreeFactory;
import io.hactl.resource.TreeHealth;
import io.hactl.resource.ocf.MetaDataCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real collaborators of an agent: fence-agents programs for fencing, trees of real mounts and
 * daemons, {@code /proc}-based cleanup of an earlier run's leftovers, and the configured
 * self-fence. The one wiring place of the agent's node-local side.
 */
public class DefaultAgentServices implements AgentServices {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultAgentServices.class);

  private final ProcessRunner runner = new ProcessRunner();
  private final MetaDataCatalog ocfAgents = new MetaDataCatalog(runner);
  private final ExecutorService powerOn =
      Executors.newSingleThreadExecutor(AgentThreads.named("fence-power-on"));
  private final ResourceTreeFactory treeFactory;

  public DefaultAgentServices() {
    this(ResourceTreeFactory.standard());
  }

  public DefaultAgentServices(ResourceTreeFactory treeFactory) {
    this.treeFactory = treeFactory;
  }

  @Override
  public OcfAgentCatalog ocfAgents() {
    return ocfAgents;
  }

  @Override
  public NodeFencing fencing(Supplier<ClusterConfig> config, FenceAttemptListener attempts) {
    // A reboot fence is an "off" confirmed by "status"; the power-on follows on its own thread,
    // so that a takeover never waits for the fenced node to boot.
    return new ConfiguredFencing(
        config, new NodeFencer(new FenceAgentsAdapter(runner), powerOn), attempts);
  }

  @Override
  public ManagedTree.Factory trees(Supplier<ClusterConfig> config, String node) {
    return (service, epoch) -> {
      ClusterConfig c = config.get();
      ServiceConfig s = c.services().get(service);
      Map<String, String> env =
          Map.of(
              "HACTL_CLUSTER",
              c.cluster().name(),
              "HACTL_SERVICE",
              service,
              "HACTL_NODE",
              node,
              "HACTL_EPOCH",
              Long.toString(epoch));
      return adapt(treeFactory.create(s, new ActionGuard(runner), env, c.cluster().name(), epoch));
    };
  }

  /** The agent's view of a real resource tree. */
  static ManagedTree adapt(ResourceTree tree) {
    return new ManagedTree() {
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
        return tree.monitorAll(0);
      }

      @Override
      public void onFailure(io.hactl.resource.Resource.FailureListener listener) {
        tree.onFailure(listener);
      }
    };
  }

  @Override
  public SelfCleanup selfCleanup(Supplier<ClusterConfig> config) {
    return service -> {
      ClusterConfig c = config.get();
      List<Long> leftovers = OrphanReaper.find(c.cluster().name(), service);
      boolean killed = OrphanReaper.kill(leftovers, Duration.ofSeconds(2));
      if (!leftovers.isEmpty()) {
        LOG.warn("service {}: killed leftovers of an earlier run: pids {}", service, leftovers);
      }
      // A throwaway term whose emergency stop kills the mounts' holders and unmounts them.
      ResourceTree sweep =
          treeFactory.create(
              c.services().get(service), new ActionGuard(runner), Map.of(), c.cluster().name(), 0);
      return sweep.emergencyStopAll() && killed;
    };
  }

  @Override
  public SelfFence selfFence(ClusterSettings.SelfFence policy) {
    return (service, why) -> {
      switch (policy) {
        case NONE ->
            LOG.error(
                "service {}: {}; self-fence is 'none': relying on the next owner to fence this"
                    + " node",
                service,
                why);
        case EXIT -> {
          LOG.error("service {}: {}; self-fence: exiting the agent now", service, why);
          Runtime.getRuntime().halt(ExitCode.SELF_FENCED.code());
        }
        case REBOOT -> {
          LOG.error("service {}: {}; self-fence: rebooting this machine now", service, why);
          runner.run(
              ProcessSpec.of("self-fence reboot", Duration.ofSeconds(10), List.of("reboot", "-f")));
          Runtime.getRuntime().halt(ExitCode.SELF_FENCED.code());
        }
      }
    };
  }

  @Override
  public java.util.Optional<io.hactl.fencing.FenceAgent> readinessAgent() {
    return java.util.Optional.of(new FenceAgentsAdapter(runner));
  }
}
