package dev.defuse.identify.it;

import dev.defuse.testsupport.KafkaTestResource;
import dev.defuse.testsupport.ObjectStoreTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real local stack for every {@code @QuarkusTest} of this module: a Kafka broker (with the pipeline's topics,
 * including {@code identify-shards-dlq}) and S3Proxy, from test-support.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ObjectStoreTestResource.class)
public final class StackResources {

    public static final String SHARDS_DLQ = "identify-shards-dlq";

    private StackResources() {
    }
}
