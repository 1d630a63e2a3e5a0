package dev.defuse.cli.models;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./defuse models list|show}: the model registry of the correction service. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Model versions in the registry (base and fine-tuned models) with metrics and lineage.",
    subcommands = {ModelsListCommand.class, ModelsShowCommand.class})
public final class ModelsCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
