package dev.defuse.cli.stack;

import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackDefaults;
import dev.defuse.stack.StackException;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import dev.defuse.stack.StackTopics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse up}: starts the local stack (Kafka, S3Proxy, PostgreSQL) in the background. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
        "Start the local stack in the background: a real Apache Kafka broker (KRaft), S3Proxy (S3 API) and "
            + "PostgreSQL, with the pipeline's topics and the '" + StackDefaults.S3_BUCKET + "' bucket.",
        "Idempotent: if the stack already runs on the data directory, says so and changes nothing.",
        "Ports not given reuse the previous run's ports, else the defaults (Kafka " + StackDefaults.KAFKA_PORT
            + ", controller " + StackDefaults.KAFKA_CONTROLLER_PORT + ", S3 " + StackDefaults.S3_PORT
            + ", PostgreSQL " + StackDefaults.POSTGRES_PORT + ")."})
public final class UpCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StackDirectory directory;

  @Option(names = "--kafka-port", paramLabel = "<port>", description = "Kafka broker port.")
  int kafkaPort;

  @Option(names = "--controller-port", paramLabel = "<port>", description = "Kafka KRaft controller port.")
  int controllerPort;

  @Option(names = "--s3-port", paramLabel = "<port>", description = "S3 (S3Proxy) HTTP port.")
  int s3Port;

  @Option(names = "--postgres-port", paramLabel = "<port>", description = "PostgreSQL port.")
  int postgresPort;

  @Option(names = "--free-ports", description = "Pick free ports instead of the defaults for ports not given.")
  boolean freePorts;

  @Option(names = "--work-partitions", paramLabel = "<n>", defaultValue = "" + StackDefaults.WORK_PARTITIONS,
      description = "Partitions of the work topics " + "(identify-shards, correction-sweep; default: ${DEFAULT-VALUE}).")
  int workPartitions;

  @Option(names = "--event-partitions", paramLabel = "<n>", defaultValue = "" + StackDefaults.EVENT_PARTITIONS,
      description = "Partitions of the event topics and their -dlq topics (default: ${DEFAULT-VALUE}).")
  int eventPartitions;

  @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "120",
      description = "How long to wait for the stack to be ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Mixin
  JsonOutput json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackLauncher.StartResult result;
    try {
      StackConfig config = StackConfig.defaults(directory.resolve())
          .withPorts(kafkaPort, controllerPort, s3Port, postgresPort)
          .withFreePorts(freePorts)
          .withTopics(StackTopics.all(workPartitions, eventPartitions));
      if (!json.enabled()) {
        out.println("Starting the local stack in " + config.dataDir() + " ...");
        out.flush();
      }
      result = new StackLauncher().start(config, Duration.ofSeconds(timeoutSeconds));
    } catch (StackException | IllegalArgumentException e) {
      err.println("defuse up: " + e.getMessage());
      return 1;
    }
    StackStatus status = result.status();
    if (json.enabled()) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("alreadyRunning", result.alreadyRunning());
      root.put("wallMillis", result.wallMillis());
      root.put("status", status.toJsonMap());
      json.print(out, root);
      return 0;
    }
    if (result.alreadyRunning()) {
      out.println("The local stack is already running (since " + status.startedAt() + ").");
    } else {
      out.printf("The local stack is up after %.1f s.%n", result.wallMillis() / 1000.0);
    }
    out.println(status.summary());
    out.println();
    out.println("Settings for a service running outside the tests (environment variables):");
    ServiceEnvironment.of(status).forEach((k, v) -> out.println("  " + k + "=" + v));
    out.println();
    out.println("Check it with './defuse status', stop it with './defuse down' (data is kept).");
    return 0;
  }
}
