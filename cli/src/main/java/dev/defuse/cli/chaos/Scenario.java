package dev.defuse.cli.chaos;

import dev.defuse.stack.StackComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One fault of the suite: what is disturbed and in the middle of which stage. A service is killed with SIGKILL (no
 * shutdown hook, nothing flushed or committed) and restarted on the same port at once, as a supervisor would; a stack
 * server is stopped and started again on the same port and data through the stack daemon's control API.
 *
 * @param stage     the stage in whose middle the fault comes ({@link FaultInjector} says what "middle" means for each)
 * @param service   the service killed, or null
 * @param component the stack server stopped, or null
 * @param outage    whether the server stays away for the suite's outage duration before it is started again (else it
 *                  is started again at once: a restart)
 */
public enum Scenario {
  KILL_IDENTIFY("identify", "identify-service", null, false),
  KILL_DISTILL("distill", "distill-service", null, false),
  KILL_LABELING("labeling", "labeling-service", null, false),
  KILL_CORRECTION("correction", "correction-service", null, false),
  /** While identify publishes mistakes and distill consumes them. */
  BROKER_RESTART("identify", null, StackComponent.KAFKA, false),
  /** While distill writes its regions' samples (and reads the identify shards). */
  S3_OUTAGE("distill", null, StackComponent.S3, true),
  /** While annotators vote. */
  DB_RESTART("labeling", null, StackComponent.POSTGRES, false);

  private final String stage;
  private final String service;
  private final StackComponent component;
  private final boolean outage;

  Scenario(String stage, String service, StackComponent component, boolean outage) {
    this.stage = stage;
    this.service = service;
    this.component = component;
    this.outage = outage;
  }

  /** {@code kill-identify}, {@code broker-restart}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String stage() {
    return stage;
  }

  /** The service killed, or null for a stack fault. */
  public String service() {
    return service;
  }

  /** The stack server stopped, or null for a service kill. */
  public StackComponent component() {
    return component;
  }

  public boolean outage() {
    return outage;
  }

  /** What the fault is, for people. */
  public String describe(long outageSeconds) {
    if (service != null) {
      return "kill -9 " + service + " in the middle of " + stage + ", restart it";
    }
    return switch (component) {
      case KAFKA -> "restart the Kafka broker in the middle of " + stage;
      case S3 -> "S3Proxy unavailable for " + outageSeconds + " s in the middle of " + stage;
      case POSTGRES -> "restart PostgreSQL in the middle of " + stage + " (voting)";
    };
  }

  /** The scenarios named in a comma-separated list ({@code all}: every one, in declaration order). */
  public static List<Scenario> parse(List<String> names) {
    if (names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
      return List.of(values());
    }
    return names.stream().map(String::trim).map(Scenario::of).distinct().toList();
  }

  static Scenario of(String id) {
    for (Scenario s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + id + "'; known: all, "
        + Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", ")));
  }
}
