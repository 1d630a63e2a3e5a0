package dev.defuse.correction;

import dev.defuse.testsupport.KafkaTestResource;
import dev.defuse.testsupport.ObjectStoreTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real local stack for every {@code @QuarkusTest} of this module (one application start for all of them): a Kafka
 * broker and S3Proxy.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ObjectStoreTestResource.class)
public final class StackResources {

    private StackResources() {
    }
}
