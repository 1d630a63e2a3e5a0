package dev.defuse.identify.it;

import dev.defuse.common.data.DatasetStore;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.data.DatasetSplit;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.identify.TestModels;

import java.util.Locale;
import java.util.UUID;

/** Puts what jobs need into the test stack's object store (once per JVM) and builds job requests. */
final class Fixtures {

    static final String DATASET_PREFIX = "datasets/mnist/";

    private Fixtures() {
    }

    static synchronized void ensureStored(ObjectStore store) {
        if (!store.exists(DATASET_PREFIX + MnistDataset.imagesFile(DatasetSplit.TRAIN) + ".gz")) {
            new DatasetStore(store).upload(TestModels.mnistDirectory(), DATASET_PREFIX);
        }
        ModelRepository models = ModelRepository.objectStore(store);
        if (!models.exists(TestModels.CLASSIFIER_ID)) {
            models.save(TestModels.classifier());
        }
        if (!models.exists(TestModels.VAE_ID)) {
            models.save(TestModels.vae());
        }
    }

    static String newJobId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A job on MNIST training images {@code [start, start + count)} with the test models. */
    static String request(String jobId, int start, int count, int q, int cap, int shardSize, boolean skip) {
        return String.format(Locale.ROOT, """
                {"jobId": "%s",
                 "dataset": {"prefix": "%s", "format": "IDX", "imageShape": {"channels": 1, "height": 28, "width": 28}},
                 "classifierModel": "%s", "vaeModel": "models/%s/params.bin",
                 "identify": {"drawsPerImage": %d, "maxMistakesPerImage": %d, "shardSize": %d, "seed": 11,
                              "skipMisreconstructed": %s,
                              "selection": {"kind": "RANGE", "start": %d, "count": %d}}}""",
                jobId, DATASET_PREFIX, TestModels.CLASSIFIER_ID, TestModels.VAE_ID, q, cap, shardSize, skip, start,
                count);
    }
}
