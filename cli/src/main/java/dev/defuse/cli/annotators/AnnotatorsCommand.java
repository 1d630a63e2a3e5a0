package dev.defuse.cli.annotators;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./defuse annotators …}: simulated annotator vendors. */
@Command(
    name = "annotators",
    mixinStandardHelpOptions = true,
    description = "Simulated annotator vendors that label through the labeling service's public vendor API.",
    subcommands = {SimulateCommand.class})
public final class AnnotatorsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
