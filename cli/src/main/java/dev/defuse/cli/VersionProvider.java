package dev.defuse.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version of the packaged CLI (from the jar manifest when available). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = DefuseCli.class.getPackage().getImplementationVersion();
    return new String[] {"defuse " + (version == null ? "development build" : version)};
  }
}
