package io.hactl.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the version from the jar's manifest. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Hactl.class.getPackage().getImplementationVersion();
    return new String[] {"hactl " + (v == null ? "(development build)" : v)};
  }
}
