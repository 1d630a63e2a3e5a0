package dev.defuse.cli.stack;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option shared by {@code up}, {@code down} and {@code status}. */
public final class StackDirectory {

  /** Set by the {@code ./defuse} launcher to the repository root. */
  static final String HOME_PROPERTY = "defuse.home";
  static final String DIR_ENV = "DEFUSE_STACK_DIR";

  @Option(names = "--data-dir", paramLabel = "<dir>",
      description = "Where the stack keeps its data and logs (default: $" + DIR_ENV
          + ", else <repository>/.defuse/stack). Data survives restarts.")
  Path dataDir;

  /** The option, else {@code $DEFUSE_STACK_DIR}, else {@code .defuse/stack} under the repository root. */
  public Path resolve() {
    if (dataDir != null) {
      return dataDir.toAbsolutePath().normalize();
    }
    String env = System.getenv(DIR_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String home = System.getProperty(HOME_PROPERTY);
    Path root = home == null || home.isBlank() ? Path.of("") : Path.of(home);
    return root.resolve(".defuse").resolve("stack").toAbsolutePath().normalize();
  }
}
