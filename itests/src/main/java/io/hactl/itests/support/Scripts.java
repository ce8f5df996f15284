package io.hactl.itests.support;

import io.hactl.testkit.support.HarnessException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Installs the shell helpers shipped with the harness (BMC hook, heartbeat daemon) as files. */
public final class Scripts {
  private Scripts() {}

  /** Copies script {@code name} to {@code target} and makes it executable. */
  public static Path install(String name, Path target) {
    try (InputStream in = Scripts.class.getResourceAsStream("/io/hactl/itests/" + name)) {
      if (in == null) {
        throw new HarnessException("missing harness script " + name);
      }
      Files.createDirectories(target.getParent());
      Files.write(target, in.readAllBytes());
    } catch (IOException e) {
      throw new HarnessException("cannot install " + name + " as " + target, e);
    }
    if (!target.toFile().setExecutable(true, false)) {
      throw new HarnessException("cannot make " + target + " executable");
    }
    return target;
  }
}
