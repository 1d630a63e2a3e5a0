package dev.defuse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a Quarkus test at the real Kafka broker of the shared local stack:
 * {@code @QuarkusTestResource(KafkaTestResource.class)} (or {@code @WithTestResource}).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String bootstrap = SharedLocalStack.get().kafkaBootstrapServers();
    return Map.of(
        "kafka.bootstrap.servers", bootstrap,
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
  }

  /** The stack is shared by every test of the JVM and stopped when the JVM exits. */
  @Override
  public void stop() {}
}
