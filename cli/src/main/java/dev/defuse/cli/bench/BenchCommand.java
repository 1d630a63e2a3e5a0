package dev.defuse.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./defuse bench ...}: benchmarks whose figures go to docs/benchmarks.md. Each stage registers its benchmark
 * as a subcommand here (a picocli command class with {@code name} = the stage, e.g. {@code dpgmm}, {@code train}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (timings depend on the machine and its load, which each benchmark reports).",
    subcommands = {DpgmmBenchCommand.class, dev.defuse.cli.labeling.LabelsBenchCommand.class,
        dev.defuse.cli.train.BenchTrainCommand.class, dev.defuse.cli.models.BenchFinetuneCommand.class,
        IdentifyBenchCommand.class})
public final class BenchCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
