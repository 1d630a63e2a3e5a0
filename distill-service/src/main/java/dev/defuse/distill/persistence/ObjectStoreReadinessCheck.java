package dev.defuse.distill.persistence;

import dev.defuse.common.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the object store answers (distill stores every shard it receives there, and acknowledges nothing it
 * could not store). Kafka's readiness comes from the messaging extension.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreReadinessCheck implements HealthCheck {

  /** A key that is never written: looking it up is one cheap authenticated round trip. */
  private static final String PROBE_KEY = "jobs/.distill-readiness-probe";

  private final ObjectStore store;

  public ObjectStoreReadinessCheck(ObjectStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    var response = HealthCheckResponse.named("object-store").withData("bucket", store.bucket())
        .withData("endpoint", store.config().endpoint());
    try {
      store.exists(PROBE_KEY);
      return response.up().build();
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
  }
}
