package dev.defuse.cli.dlq;

import dev.defuse.cli.stack.StackDirectory;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which Kafka broker to talk to: {@code --bootstrap-servers}, else the running local stack's. */
public final class BrokerOptions {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers (default: the local stack's broker, if it runs; see ./defuse status).")
  String bootstrapServers;

  @Mixin
  StackDirectory stack;

  /** The brokers to use; an {@link IllegalArgumentException} saying what to do when there are none. */
  String bootstrapServers() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return bootstrapServers;
    }
    return new StackLauncher().running(stack.resolve()).map(StackStatus::kafka).map(StackStatus.Kafka::bootstrapServers)
        .orElseThrow(() -> new IllegalArgumentException("no Kafka broker: pass --bootstrap-servers, or start the "
            + "local stack with ./defuse up (none runs in " + stack.resolve() + ")"));
  }
}
