package dev.defuse.cli.dlq;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./defuse dlq list|replay}: the records the services dead-lettered. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = {
        "Records the services could not process (unreadable, unsupported schema version, invalid, another stage's "
            + "event, or a job that cannot be processed), kept on the dead-letter topic <topic>-dlq of each topic "
            + "with the reason and the origin in headers.",
        "Transient failures (object store, database or broker unavailable) never end up here."},
    subcommands = {DlqListCommand.class, DlqReplayCommand.class})
public final class DlqCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
