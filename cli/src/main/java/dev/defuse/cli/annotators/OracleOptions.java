package dev.defuse.cli.annotators;

import picocli.CommandLine.Option;

/** How the simulated annotators' oracle ensemble is trained (or which stored one is reused). */
public final class OracleOptions {

  @Option(names = "--oracle-members", paramLabel = "N",
      defaultValue = "" + OracleTrainer.Settings.DEFAULT_MEMBERS,
      description = "Classifiers in the oracle ensemble (default ${DEFAULT-VALUE}).")
  int members;

  @Option(names = "--oracle-epochs", paramLabel = "N", defaultValue = "" + OracleTrainer.Settings.DEFAULT_EPOCHS,
      description = "Training epochs per oracle member (default ${DEFAULT-VALUE}; the base classifier's default is "
          + "20).")
  int epochs;

  @Option(names = "--oracle-seed", paramLabel = "SEED", defaultValue = "" + OracleTrainer.Settings.DEFAULT_FIRST_SEED,
      description = "Seed of the first oracle member; member i uses SEED + i (default ${DEFAULT-VALUE}, far from the "
          + "base classifier's seed).")
  long firstSeed;

  public OracleTrainer.Settings settings() {
    return new OracleTrainer.Settings(members, epochs, firstSeed);
  }
}
