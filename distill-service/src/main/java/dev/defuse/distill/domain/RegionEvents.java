package dev.defuse.distill.domain;

import dev.defuse.common.events.DefuseEvent;
import java.util.List;

/** Where a job's {@code regions} records go (the Kafka topic; implemented in the messaging package). */
public interface RegionEvents {

  /**
   * Publishes the events in order and returns once the broker acknowledged every one.
   *
   * @throws PublishFailedException if an event was refused or not acknowledged in time
   */
  void publish(List<? extends DefuseEvent> events);
}
