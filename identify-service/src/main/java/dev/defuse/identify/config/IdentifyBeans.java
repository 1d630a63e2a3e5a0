package dev.defuse.identify.config;

import dev.defuse.common.data.DatasetStore;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.identify.domain.JobContexts;
import dev.defuse.identify.domain.ShardProcessor;
import dev.defuse.identify.ml.ModelPool;
import dev.defuse.identify.ml.ModelVerifier;
import dev.defuse.identify.persistence.DatasetCache;
import dev.defuse.identify.persistence.JobDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Wires the plain-Java parts of the stage (they are also used without CDI, e.g. by tests). */
@ApplicationScoped
public class IdentifyBeans {

    private static final Logger LOG = Logger.getLogger(IdentifyBeans.class);

    @Produces
    @Singleton
    JobDocuments jobDocuments(ObjectStore store) {
        return new JobDocuments(store);
    }

    @Produces
    @Singleton
    DatasetCache datasetCache(ObjectStore store, IdentifyConfig config) {
        return new DatasetCache(new DatasetStore(store), config.datasetCacheSize());
    }

    @Produces
    @Singleton
    JobContexts jobContexts(JobDocuments documents, DatasetCache datasets) {
        return new JobContexts(documents, datasets);
    }

    @Produces
    @Singleton
    ModelPool modelPool(ObjectStore store, IdentifyConfig config) {
        startEngine(config);
        return new ModelPool(ModelRepository.objectStore(store), config.modelCacheSize(), config.kernelLayout());
    }

    @Produces
    @Singleton
    ModelVerifier modelVerifier(ObjectStore store, IdentifyConfig config) {
        startEngine(config);
        return new ModelVerifier(ModelRepository.objectStore(store));
    }

    void closeModelPool(@Disposes ModelPool pool) {
        pool.close();
    }

    @Produces
    @Singleton
    ShardProcessor shardProcessor(JobDocuments documents, JobContexts jobs, ModelPool models, IdentifyConfig config) {
        return new ShardProcessor(documents, jobs, models, config.maxSamplesPerPass(), workerId(config));
    }

    /** Starts libtorch with the configured threads (process-wide; later calls only adjust intra-op threads). */
    static void startEngine(IdentifyConfig config) {
        var engine = TorchRuntime.start(new TorchSettings(config.intraOpThreads(), config.interOpThreads()));
        LOG.infof("identify engine: %s, %d concurrent shard(s), up to %d samples per forward pass",
                TorchRuntime.describe(engine), config.concurrentShards(), config.maxSamplesPerPass());
    }

    static String workerId(IdentifyConfig config) {
        return config.workerId().orElseGet(() -> {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
            return host + "-" + ProcessHandle.current().pid();
        });
    }
}
