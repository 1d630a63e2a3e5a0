package dev.defuse.identify.ml;

import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.util.Require;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loaded {@link IdentifyModels} for the worker threads. A shard leases the models of its job and returns them when
 * done, so consecutive shards of a job reuse loaded models; idle instances beyond {@code maxIdle} (oldest first) are
 * closed, which frees their native memory. Thread-safe.
 */
public final class ModelPool implements AutoCloseable {

    /** Which models a job uses. */
    public record Key(String vaeId, String classifierId) {
        public Key {
            Require.nonBlank(vaeId, "vaeId");
            Require.nonBlank(classifierId, "classifierId");
        }
    }

    /** Models borrowed by one thread; closing returns them to the pool. */
    public final class Lease implements AutoCloseable {
        private final Key key;
        private IdentifyModels models;

        private Lease(Key key, IdentifyModels models) {
            this.key = key;
            this.models = models;
        }

        public IdentifyModels models() {
            Require.check(models != null, "the lease was returned");
            return models;
        }

        @Override
        public void close() {
            if (models != null) {
                giveBack(key, models);
                models = null;
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelPool.class);

    private final ModelRepository repository;
    private final int maxIdle;
    private final KernelLayout layout;
    /** Idle instances by key, least recently returned key first. */
    private final LinkedHashMap<Key, Deque<IdentifyModels>> idle = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /**
     * @param repository      where the models are loaded from
     * @param maxIdle         idle model pairs kept loaded
     * @param layout          layout of the classifier's kernels in loaded models
     */
    public ModelPool(ModelRepository repository, int maxIdle, KernelLayout layout) {
        this.repository = Require.nonNull(repository, "repository");
        this.maxIdle = Require.nonNegative(maxIdle, "maxIdle");
        this.layout = Require.nonNull(layout, "layout");
    }

    /** Models for {@code key}: an idle instance, or freshly loaded (and verified) from the repository. */
    public Lease lease(Key key) {
        synchronized (this) {
            Require.check(!closed, "the model pool is closed");
            Deque<IdentifyModels> instances = idle.get(key);
            if (instances != null && !instances.isEmpty()) {
                IdentifyModels models = instances.pop();
                if (instances.isEmpty()) {
                    idle.remove(key);
                }
                return new Lease(key, models);
            }
        }
        ModelArtifact vae = repository.load(key.vaeId());
        ModelArtifact classifier = repository.load(key.classifierId());
        IdentifyModels models = IdentifyModels.load(vae, classifier, layout);
        LOG.info("loaded VAE '{}' and classifier '{}'", key.vaeId(), key.classifierId());
        return new Lease(key, models);
    }

    private void giveBack(Key key, IdentifyModels models) {
        Deque<IdentifyModels> evicted = new ArrayDeque<>();
        synchronized (this) {
            if (closed) {
                evicted.add(models);
            } else {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).push(models);
                int count = idle.values().stream().mapToInt(Deque::size).sum();
                Iterator<Map.Entry<Key, Deque<IdentifyModels>>> oldest = idle.entrySet().iterator();
                while (count > maxIdle && oldest.hasNext()) {
                    Deque<IdentifyModels> instances = oldest.next().getValue();
                    evicted.add(instances.removeLast());
                    count--;
                    if (instances.isEmpty()) {
                        oldest.remove();
                    }
                }
            }
        }
        evicted.forEach(IdentifyModels::close);
    }

    @Override
    public void close() {
        Deque<IdentifyModels> all = new ArrayDeque<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(IdentifyModels::close);
    }
}
