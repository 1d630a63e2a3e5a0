package dev.defuse.identify.persistence;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.data.DatasetStore;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.util.Require;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Training splits of datasets, loaded from the object store once and kept for the following shards (least recently
 * used evicted beyond {@code capacity}). Concurrent requests for the same dataset wait for one load. Thread-safe.
 */
public final class DatasetCache {

    private record Key(DatasetRef ref, List<ClassInfo> classes) {
    }

    private final DatasetStore datasets;
    private final Map<Key, CompletableFuture<LabeledImages>> cache;

    public DatasetCache(DatasetStore datasets, int capacity) {
        this.datasets = Require.nonNull(datasets, "datasets");
        Require.positive(capacity, "dataset cache capacity");
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<LabeledImages>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The training split of {@code ref} with the job's {@code classes}.
     *
     * @throws dev.defuse.common.data.DatasetFormatException          if the files are not a valid dataset
     * @throws dev.defuse.common.store.ObjectNotFoundException if a file is missing
     */
    public LabeledImages training(DatasetRef ref, List<ClassInfo> classes) {
        Key key = new Key(ref, List.copyOf(classes));
        CompletableFuture<LabeledImages> future;
        boolean load = false;
        synchronized (cache) {
            future = cache.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                cache.put(key, future);
                load = true;
            }
        }
        if (load) {
            try {
                future.complete(datasets.load(ref, DatasetSplit.TRAIN, classes));
            } catch (RuntimeException e) {
                synchronized (cache) {
                    cache.remove(key, future);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
