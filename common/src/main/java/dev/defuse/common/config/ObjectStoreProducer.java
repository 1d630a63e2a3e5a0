package dev.defuse.common.config;

import dev.defuse.common.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the {@link ObjectStore} injectable in every service. The store is created on first injection (so a service
 * that never touches it does not need the server at startup), makes sure its bucket exists, and is closed at
 * shutdown.
 */
@ApplicationScoped
public class ObjectStoreProducer {

    /** {@code @Singleton}: ObjectStore is thread-safe and needs no client proxy. */
    @Produces
    @Singleton
    ObjectStore objectStore(ObjectStoreSettings settings) {
        return open(settings);
    }

    void close(@Disposes ObjectStore store) {
        store.close();
    }

    /** Opens a store for {@code settings} and creates its bucket if missing. */
    public static ObjectStore open(ObjectStoreSettings settings) {
        ObjectStore store = new ObjectStore(settings.toConfig());
        try {
            store.ensureBucket();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
