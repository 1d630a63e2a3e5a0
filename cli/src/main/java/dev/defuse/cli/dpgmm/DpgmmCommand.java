package dev.defuse.cli.dpgmm;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./defuse dpgmm ...}: the Dirichlet-process Gaussian mixture of the distill stage, on any CSV. */
@Command(
    name = "dpgmm",
    mixinStandardHelpOptions = true,
    description = "Variational Dirichlet-process Gaussian mixture (scikit-learn BayesianGaussianMixture port).",
    subcommands = {DpgmmFitCommand.class})
public final class DpgmmCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
