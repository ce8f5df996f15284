package io.hactl.resource.fs;

import io.hactl.config.FsResourceConfig;
import io.hactl.process.ProcessResult;
import io.hactl.process.ProcessSpec;
import io.hactl.resource.ActionGuard;
import io.hactl.resource.ActionGuard.RevokedException;
import io.hactl.resource.Deadline;
import io.hactl.resource.Health;
import io.hactl.resource.ProcState;
import io.hactl.resource.ProcessKiller;
import io.hactl.resource.Resource;
import io.hactl.resource.ResourceException;
import io.hactl.resource.TightRun;
import io.hactl.time.Ticker;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mount of the shared spool (or any file system) on the owner node, for one ownership term. It
 * mounts through the term's {@link ActionGuard}, checks the kernel's mount table rather than the
 * exit status of {@code mount}, finds holders by walking {@code /proc}, and never touches the
 * mounted file system from the calling thread: the deep monitor's probe runs in a child process
 * with a deadline. It does not guarantee that a holder in uninterruptible sleep dies; {@link
 * #emergencyStop} then reports false.
 *
 * <p>Mount failures are not reported through {@link #onFailure}: there is no event for an unmount,
 * so {@link #monitor} finds them.
 */
public final class FsResource implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(FsResource.class);

  /** In a graceful stop, the longest wait between TERM and KILL of holders. */
  static final Duration HOLDER_GRACE = Duration.ofSeconds(5);

  /** How long a child that passed its deadline may take to vanish after KILL. */
  private static final Duration CHILD_KILL_WAIT = Duration.ofMillis(100);

  /** How many lazy unmounts are tried (one per stacked mount). */
  private static final int MAX_LAZY = 3;

  /** The shortest deadline given to a last-resort step, even when the budget is spent. */
  private static final Duration MIN_STEP = Duration.ofMillis(100);

  /** Deep check: write a token, read it back, remove the file. $1 = mount point, $2 = token. */
  private static final String PROBE =
      "f=\"$1/.hactl-probe.$$\"\n"
          + "printf '%s\\n' \"$2\" > \"$f\" || exit 1\n"
          + "IFS= read -r got < \"$f\"; rc=$?\n"
          + "rm -f -- \"$f\"\n"
          + "[ \"$rc\" -eq 0 ] && [ \"$got\" = \"$2\" ]\n";

  private final FsResourceConfig cfg;
  private final ActionGuard guard;
  private final MountTable table;
  private final HolderFinder finder;
  private final ProcessKiller killer;
  private final Ticker ticker;
  private final Path mountpoint;

  public FsResource(FsResourceConfig cfg, ActionGuard guard) {
    this(cfg, guard, new MountTable(), new HolderFinder(), new ProcState());
  }

  public FsResource(
      FsResourceConfig cfg,
      ActionGuard guard,
      MountTable table,
      HolderFinder finder,
      ProcState procs) {
    this.cfg = cfg;
    this.guard = guard;
    this.table = table;
    this.finder = finder;
    this.ticker = guard.runner().ticker();
    this.killer = new ProcessKiller(procs, ticker, guard.runner().sleeper());
    this.mountpoint = cfg.mountpoint().toAbsolutePath().normalize();
  }

  @Override
  public String name() {
    return cfg.name();
  }

  /** The mount point, where the epoch file and the daemon's spool live. */
  public Path mountpoint() {
    return mountpoint;
  }

  /**
   * Creates the mount point if missing and mounts, both through the guard within the start timeout,
   * then checks the mount table. Already mounted is success.
   */
  @Override
  public void start() throws ResourceException {
    if (guard.revoked()) {
      throw new ResourceException(name(), "start refused: ownership term revoked");
    }
    Deadline deadline = Deadline.after(ticker, cfg.startTimeout());
    if (mounted()) {
      LOG.info("{}: {} is already mounted, nothing to do", name(), mountpoint);
      return;
    }
    guarded("mkdir " + name(), List.of("mkdir", "-p", "--", mountpoint.toString()), deadline);
    guarded("mount " + name(), mountCommand(), deadline);
    Optional<MountEntry> entry = findMount();
    if (entry.isEmpty()) {
      throw new ResourceException(
          name(), "mount exited 0 but " + mountpoint + " is not in the mount table");
    }
    LOG.info(
        "{}: mounted {} on {} (type {}, {})",
        name(),
        cfg.device(),
        mountpoint,
        entry.get().fstype(),
        entry.get().mountOptions());
  }

  private List<String> mountCommand() {
    List<String> cmd = new ArrayList<>(List.of("mount", "-t", cfg.fstype()));
    if (!cfg.options().isEmpty()) {
      cmd.add("-o");
      cmd.add(cfg.options());
    }
    cmd.addAll(List.of("--", cfg.device(), mountpoint.toString()));
    return cmd;
  }

  private void guarded(String label, List<String> command, Deadline deadline)
      throws ResourceException {
    if (deadline.expired()) {
      throw new ResourceException(
          name(), label + ": start timeout of " + cfg.startTimeout().toMillis() + " ms passed");
    }
    ProcessResult r;
    try {
      r = guard.run(ProcessSpec.of(label, deadline.remaining(), command));
    } catch (RevokedException e) {
      throw new ResourceException(name(), e.getMessage(), e);
    }
    if (!r.succeeded()) {
      throw new ResourceException(name(), r.describe());
    }
  }

  /**
   * Stops gracefully within the stop timeout: holders get TERM, then KILL, then {@code umount}; if
   * that fails, {@code umount -l} detaches the mount as a last resort (logged at WARN with the
   * holders seen). Fails when the mount is still there, or when a holder survived KILL (the mount
   * may then be detached but still in use).
   */
  @Override
  public void stop() throws ResourceException {
    Deadline deadline = Deadline.after(ticker, cfg.stopTimeout());
    if (!mounted()) {
      LOG.info("{}: {} is not mounted, nothing to stop", name(), mountpoint);
      return;
    }
    List<Holder> seen = finder.find(mountpoint);
    Duration grace = min(HOLDER_GRACE, cfg.stopTimeout().dividedBy(3));
    List<ProcessHandle> survivors = killHolders(seen, grace);
    if (!unmount(deadline, deadline.remaining().dividedBy(2), seen)) {
      throw new ResourceException(
          name(), mountpoint + " is still mounted after umount and umount -l");
    }
    if (!survivors.isEmpty()) {
      throw new ResourceException(
          name(),
          "unmounted, but holders survived KILL (uninterruptible sleep?): pids "
              + ProcessKiller.pids(survivors));
    }
    LOG.info("{}: unmounted {}", name(), mountpoint);
  }

  /**
   * The emergency stop: TERM holders, {@code termGrace}, KILL, {@link FsResourceConfig#KILL_WAIT},
   * then {@code umount} and, if still mounted, {@code umount -l}, sharing {@code unmountTimeout}.
   * True only when the mount is gone from the table and no holder survived KILL.
   */
  @Override
  public boolean emergencyStop() {
    Deadline deadline = Deadline.after(ticker, cfg.emergencyBudget());
    try {
      if (!mounted()) {
        return true;
      }
      List<Holder> seen = finder.find(mountpoint);
      List<ProcessHandle> survivors = killHolders(seen, cfg.termGrace());
      boolean unmounted = unmount(deadline, cfg.unmountTimeout().dividedBy(2), seen);
      boolean gone = unmounted && survivors.isEmpty();
      long ms = deadline.elapsed().toMillis();
      if (gone) {
        LOG.info("{}: emergency stop done in {} ms, {} unmounted", name(), ms, mountpoint);
      } else {
        LOG.error(
            "{}: emergency stop NOT confirmed after {} ms: mounted={}, holders alive after KILL={}",
            name(),
            ms,
            !unmounted,
            ProcessKiller.pids(survivors));
      }
      return gone;
    } catch (RuntimeException | ResourceException e) {
      LOG.error("{}: emergency stop failed: {}", name(), e.toString());
      return false;
    }
  }

  private List<ProcessHandle> killHolders(List<Holder> seen, Duration grace) {
    if (seen.isEmpty()) {
      return List.of();
    }
    LOG.info("{}: stopping holders of {}: {}", name(), mountpoint, seen);
    return killer.terminate(
        name() + " holders",
        handles(seen),
        () -> handles(finder.find(mountpoint)),
        grace,
        FsResourceConfig.KILL_WAIT);
  }

  private static Collection<ProcessHandle> handles(List<Holder> holders) {
    return holders.stream().map(h -> ProcessHandle.of(h.pid())).flatMap(Optional::stream).toList();
  }

  /**
   * Runs {@code umount}, leaving {@code lazyReserve} of the deadline for {@code umount -l} if it
   * fails. Returns true when the mount is gone from the table.
   */
  private boolean unmount(Deadline deadline, Duration lazyReserve, List<Holder> seen)
      throws ResourceException {
    String mp = mountpoint.toString();
    // -c: do not canonicalize the path, which would stat the mount point (hangs on dead NFS).
    ProcessResult r =
        unguarded(
            "umount " + name(), deadline.remainingMinus(lazyReserve), "umount", "-c", "--", mp);
    if (r.succeeded() && !mounted()) {
      return true;
    }
    LOG.warn(
        "{}: {}; holders seen: {}; detaching {} lazily (umount -l)",
        name(),
        r.describe(),
        seen.isEmpty() ? "none" : seen,
        mp);
    ProcessResult lazy = r;
    // Stacked mounts detach one per call: repeat while time is left (at least once).
    for (int i = 0; i < MAX_LAZY && mounted() && (i == 0 || !deadline.expired()); i++) {
      lazy = unguarded("umount -l " + name(), deadline.remaining(), "umount", "-c", "-l", "--", mp);
    }
    if (mounted()) {
      LOG.error("{}: {}; {} is still mounted", name(), lazy.describe(), mp);
      return false;
    }
    return true;
  }

  private ProcessResult unguarded(String label, Duration timeout, String... command) {
    ProcessSpec spec =
        new ProcessSpec(
            label, List.of(command), Map.of(), null, null, max(timeout, MIN_STEP), Duration.ZERO);
    return TightRun.run(guard.runner(), spec, CHILD_KILL_WAIT);
  }

  /**
   * Depth 0: is the mount in the table? Depth 10 also writes, reads back and removes a probe file
   * under the mount point in a child process bounded by {@code monitorTimeout}, through the guard
   * (it writes to the spool).
   */
  @Override
  public Health monitor(int depth) {
    try {
      if (!mounted()) {
        return Health.STOPPED;
      }
    } catch (ResourceException e) {
      LOG.warn("{}: monitor: {}", name(), e.getMessage());
      return Health.FAILED;
    }
    return depth < 10 ? Health.RUNNING : probe();
  }

  private Health probe() {
    String token = Long.toHexString(ThreadLocalRandom.current().nextLong());
    ProcessSpec spec =
        new ProcessSpec(
            "probe " + name(),
            List.of("sh", "-c", PROBE, "sh", mountpoint.toString(), token),
            Map.of(),
            null,
            null,
            cfg.monitorTimeout(),
            Duration.ZERO);
    ProcessResult r;
    try {
      r = guard.run(spec);
    } catch (RevokedException e) {
      LOG.warn("{}: deep monitor refused: {}", name(), e.getMessage());
      return Health.FAILED;
    }
    if (!r.succeeded()) {
      LOG.warn("{}: deep monitor of {} failed: {}", name(), mountpoint, r.describe());
      return Health.FAILED;
    }
    return Health.RUNNING;
  }

  /** Mount failures are found by {@link #monitor}; nothing is reported here. */
  @Override
  public void onFailure(FailureListener listener) {
    // No asynchronous failure source for a mount.
  }

  private boolean mounted() throws ResourceException {
    return findMount().isPresent();
  }

  private Optional<MountEntry> findMount() throws ResourceException {
    try {
      return table.find(mountpoint);
    } catch (UncheckedIOException e) {
      throw new ResourceException(name(), "cannot read the mount table: " + e.getMessage(), e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
