package dev.defuse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./defuse}: the command-line tool of the Defuse pipeline.
 *
 * <p>Each subcommand lives in its own package by concern ({@code stack}, {@code train}, {@code dpgmm}, ...) and is
 * registered here.
 */
@Command(
    name = "defuse",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Defuse: find, group, label and correct an image classifier's novel errors.",
    subcommands = {
        CommandLine.HelpCommand.class,
        dev.defuse.cli.stack.UpCommand.class,
        dev.defuse.cli.stack.DownCommand.class,
        dev.defuse.cli.stack.StatusCommand.class,
        dev.defuse.cli.labeling.VendorsCommand.class,
        dev.defuse.cli.labeling.LabelsCommand.class,
        dev.defuse.cli.train.TrainCommand.class,
        dev.defuse.cli.dpgmm.DpgmmCommand.class,
        dev.defuse.cli.job.JobCommand.class,
        dev.defuse.cli.bench.BenchCommand.class,
        dev.defuse.cli.models.ModelsCommand.class,
        dev.defuse.cli.annotators.AnnotatorsCommand.class,
        dev.defuse.cli.demo.DemoCommand.class,
        dev.defuse.cli.dlq.DlqCommand.class,
        dev.defuse.cli.chaos.ChaosCommand.class,
    })
public final class DefuseCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A command line configured the same way for {@link #main} and for tests. */
  public static CommandLine newCommandLine() {
    return new CommandLine(new DefuseCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
