package dev.defuse.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A server of the local stack that {@link StackControl} can stop and start on its own. */
public enum StackComponent {
  /** The Kafka broker (KRaft, combined broker + controller) inside the daemon JVM. */
  KAFKA,
  /** S3Proxy, a child process of the daemon. */
  S3,
  /** PostgreSQL, a child process of the daemon. */
  POSTGRES;

  /** The name used in the control API and on the command line: {@code kafka}, {@code s3}, {@code postgres}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The component named {@code id}; a clear error listing the names otherwise. */
  public static StackComponent of(String id) {
    for (StackComponent c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown stack component '" + id + "'; known: "
        + Arrays.stream(values()).map(StackComponent::id).collect(Collectors.joining(", ")));
  }
}
