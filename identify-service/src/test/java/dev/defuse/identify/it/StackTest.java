package dev.defuse.identify.it;

import dev.defuse.common.store.ObjectStore;
import dev.defuse.identify.persistence.JobDocuments;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests against the running service: the stack's object store and broker, dataset and models stored. */
abstract class StackTest {

    @Inject
    ObjectStore store;

    @Inject
    JobDocuments documents;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void storeDatasetAndModels() {
        Fixtures.ensureStored(store);
    }
}
