package dev.defuse.labeling;

import dev.defuse.testsupport.KafkaTestResource;
import dev.defuse.testsupport.ObjectStoreTestResource;
import dev.defuse.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real local stack for every {@code @QuarkusTest} of this module (one application start for all of them): a Kafka
 * broker, S3Proxy and embedded PostgreSQL.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ObjectStoreTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
public final class StackResources {

  private StackResources() {}
}
