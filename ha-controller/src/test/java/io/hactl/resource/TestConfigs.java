package io.hactl.resource;

import io.hactl.config.ExecResourceConfig;
import io.hactl.config.FsResourceConfig;
import io.hactl.config.RecoveryPolicy;
import io.hactl.config.ResourceConfig;
import io.hactl.config.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builders for resource configuration records with test-friendly (short) defaults. */
public final class TestConfigs {
  private TestConfigs() {}

  public static ServiceConfig service(String name, ResourceConfig... resources) {
    return new ServiceConfig(name, "d1", true, RecoveryPolicy.DEFAULT, List.of(resources));
  }

  /** A bind mount of {@code source} on {@code mountpoint}. */
  public static Fs fs(String name, Path source, Path mountpoint) {
    Fs f = new Fs();
    f.name = name;
    f.device = source.toString();
    f.mountpoint = mountpoint;
    return f;
  }

  public static Exec exec(String name, String... command) {
    Exec e = new Exec();
    e.name = name;
    e.command = List.of(command);
    return e;
  }

  /** Fields of an {@link FsResourceConfig}, all settable. */
  public static final class Fs {
    public String name;
    public String device;
    public Path mountpoint;
    public String fstype = "none";
    public String options = "bind";
    public boolean epochFile;
    public int monitorDepth;
    public Duration startTimeout = Duration.ofSeconds(10);
    public Duration stopTimeout = Duration.ofSeconds(10);
    public Duration monitorTimeout = Duration.ofSeconds(5);
    public Duration termGrace = Duration.ofSeconds(1);
    public Duration unmountTimeout = Duration.ofSeconds(2);
    public List<ResourceConfig> children = List.of();

    public FsResourceConfig build() {
      return new FsResourceConfig(
          name,
          device,
          mountpoint,
          fstype,
          options,
          epochFile,
          monitorDepth,
          startTimeout,
          stopTimeout,
          Duration.ofSeconds(10),
          monitorTimeout,
          termGrace,
          unmountTimeout,
          children);
    }
  }

  /** Fields of an {@link ExecResourceConfig}, all settable. */
  public static final class Exec {
    public String name;
    public List<String> command;
    public String user;
    public Map<String, String> environment = Map.of();
    public Path workdir;
    public Path pidfile;
    public List<String> ready = List.of();
    public List<String> monitor = List.of();
    public Duration startTimeout = Duration.ofSeconds(10);
    public Duration stopTimeout = Duration.ofSeconds(10);
    public Duration monitorTimeout = Duration.ofSeconds(5);
    public Duration termGrace = Duration.ofSeconds(1);

    public ExecResourceConfig build() {
      return new ExecResourceConfig(
          name,
          command,
          user,
          environment,
          workdir,
          pidfile,
          ready,
          monitor,
          startTimeout,
          stopTimeout,
          Duration.ofSeconds(10),
          monitorTimeout,
          termGrace,
          List.of());
    }
  }
}
