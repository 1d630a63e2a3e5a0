package dev.defuse.labeling.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the {@code regions} consumer retries a record whose storing failed on something that may pass
 * ({@code defuse.labeling.intake.*}, overridable as {@code DEFUSE_LABELING_INTAKE_*}).
 */
@ConfigMapping(prefix = "defuse.labeling.intake")
public interface IntakeRetryConfig {

  /**
   * Attempts to store one {@code regions} event while the database or object store fails. After the last one the
   * channel stops (health DOWN) without committing the record, so a restart receives it again: an outage never sends
   * a record to the dead-letter topic.
   */
  @WithDefault("5")
  int attempts();

  /** Wait before the second attempt; doubled before each further one. */
  @WithDefault("PT1S")
  Duration retryBackoff();
}
