package dev.defuse.cli.train;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./defuse train classifier|vae}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the paper's classifier or β-VAE (DJL, PyTorch engine, offline) and store it.",
    subcommands = {TrainClassifierCommand.class, TrainVaeCommand.class, EvaluateVaeCommand.class})
public final class TrainCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
