package dev.defuse.correction;

import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.EventFormatException;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.ml.TorchRuntime;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.arch.ImageInput;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small robustness job in the object store, as the upstream stages would leave it when labeling completes: an MNIST
 * subset as the dataset (IDX files), a small base classifier in the registry, distill's region samples, its fitted
 * mixture and received shards, and identify's tensor of decoded mistakes.
 *
 * <p>The failure mode is synthetic but real for the classifier: colour-inverted digits (white background), which a
 * classifier trained on MNIST gets mostly wrong. Region 0 holds inverted 3s, region 1 inverted 7s (both
 * misclassification regions, labelled 3 and 7 by the "annotators"), region 2 ordinary digits (not a misclassification
 * region). Fine-tuning on inverted 3s and 7s with their true labels provably teaches them.
 */
public final class TestJobs {

    /** Training images of the dataset (the first ones of MNIST's training file). */
    static final int TRAIN = 800;
    /** Test images of the dataset. */
    static final int TEST = 400;
    /** Region samples per set (finetune, test). */
    static final int SAMPLES = 100;
    /** Identified mistakes per misclassification region in identify's shard. */
    public static final int MISTAKES = 40;
    static final int[] REGION_LABELS = {3, 7};
    /** Label of the training image each region's identified mistakes were generated from (the digits they show). */
    static final int[] SOURCE_LABELS = {3, 7, 5};

    private static final class Data {
        static final LabeledImages MNIST_TRAIN = MnistDataset.train(mnistDirectory());
        static final LabeledImages MNIST_TEST = MnistDataset.test(mnistDirectory());
        static final ModelArtifact BASE = trainBase();
    }

    private TestJobs() {
    }

    /** The base classifier (trained once per JVM on the dataset's training images; a few seconds). */
    public static ModelArtifact base() {
        return Data.BASE;
    }

    /** Writes everything a job needs before labeling completes and returns the labels events to publish. */
    public static List<DefuseEvent> prepare(ObjectStore store, String jobId, CorrectionParams correction) {
        String prefix = "datasets/" + jobId + "/";
        writeIdx(store, prefix, Data.MNIST_TRAIN.slice(0, TRAIN), "train");
        writeIdx(store, prefix, Data.MNIST_TEST.slice(0, TEST), "t10k");
        ModelArtifact base = base();
        ModelRepository.objectStore(store).save(base);
        JobSpec spec = JobSpec.withDefaults(jobId, DatasetRef.mnist(prefix), ObjectKeys.modelParams(base.modelId()),
                "models/test-vae/params.bin", MnistDataset.CLASSES).withCorrection(correction);
        store.putJson(spec.specKey(), spec);

        // region samples: images of MNIST's training file after the dataset's part (never trained on)
        List<float[]> inverted3 = inverted(digits(3, 2 * SAMPLES + MISTAKES));
        List<float[]> inverted7 = inverted(digits(7, 2 * SAMPLES + MISTAKES));
        List<float[]> ordinary = digits(5, 2 * SAMPLES + MISTAKES);
        List<List<float[]>> regions = List.of(inverted3, inverted7, ordinary);
        for (int r = 0; r < regions.size(); r++) {
            List<float[]> images = regions.get(r);
            store.putTensor(ObjectKeys.regionSamples(jobId, r, "review"), tensor(images.subList(0, 10)));
            store.putTensor(ObjectKeys.regionSamples(jobId, r, "finetune"), tensor(images.subList(0, SAMPLES)));
            store.putTensor(ObjectKeys.regionSamples(jobId, r, "test"), tensor(images.subList(SAMPLES, 2 * SAMPLES)));
        }

        // identify's shard of decoded mistakes and distill's record of it: codes near each region's mean
        List<float[]> mistakes = new ArrayList<>();
        List<float[]> codes = new ArrayList<>();
        List<Integer> sourceLabels = new ArrayList<>();
        double[][] means = {{5, 0}, {0, 5}, {-5, -5}};
        SplittableRandom random = new SplittableRandom(11);
        for (int r = 0; r < regions.size(); r++) {
            for (float[] image : regions.get(r).subList(2 * SAMPLES, 2 * SAMPLES + MISTAKES)) {
                mistakes.add(image);
                sourceLabels.add(SOURCE_LABELS[r]);
                codes.add(new float[] {(float) (means[r][0] + random.nextGaussian()),
                        (float) (means[r][1] + random.nextGaussian())});
            }
        }
        StoredObject identifyTensor = store.putTensor(ObjectKeys.identifyShard(jobId, 0), tensor(mistakes));
        StoredObject codeTensor = store.putTensor(ObjectKeys.tensor(jobId, "distill", "received/shard-00000"),
                new FloatTensor(new int[] {codes.size(), 2}, flatten(codes)));
        store.putJson(ObjectKeys.jobObject(jobId, "distill/received/shard-00000.json"), Map.of(
                "jobId", jobId, "shardIndex", 0, "shardCount", 1, "mistakeCount", codes.size(), "latentDim", 2,
                "identifyTensor", identifyTensor.ref(), "codes", codeTensor.ref(), "originalLabel", sourceLabels));
        double[][] identity = {{1, 0}, {0, 1}};
        store.putJson(ObjectKeys.jobObject(jobId, "distill/fit.json"), Map.of(
                "jobId", jobId,
                "weights", new double[] {0.4, 0.4, 0.2},
                "means", means,
                "covariances", new double[][][] {identity, identity, identity},
                "regions", List.of(Map.of("regionId", 0, "component", 0, "weight", 0.4),
                        Map.of("regionId", 1, "component", 1, "weight", 0.4),
                        Map.of("regionId", 2, "component", 2, "weight", 0.2))));

        List<DefuseEvent> labels = new ArrayList<>();
        labels.add(labeled(jobId, 0, true, 3));
        labels.add(labeled(jobId, 1, true, 7));
        labels.add(labeled(jobId, 2, false, 5));
        labels.add(LabelingCompleted.of(jobId, 3, 2, 45, 1.0));
        return labels;
    }

    public static String newJobId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The annotators' decision on one region: three items, five unanimous votes each. */
    public static RegionLabeled labeled(String jobId, int region, boolean misclassification, int label) {
        int prediction = misclassification ? 8 : label;
        List<RegionLabeled.LabeledItem> items = new ArrayList<>();
        for (int row = 0; row < 3; row++) {
            List<RegionLabeled.Vote> votes = new ArrayList<>();
            for (int a = 0; a < 5; a++) {
                votes.add(new RegionLabeled.Vote("annotator-" + a, "vendor-1", label));
            }
            items.add(new RegionLabeled.LabeledItem(row, prediction, votes, label, 1.0));
        }
        return RegionLabeled.of(jobId, region, 3, misclassification, label, items, 1.0);
    }

    private static ModelArtifact trainBase() {
        TorchRuntime.start(TorchSettings.defaults());
        ClassifierArchitecture small = new ClassifierArchitecture(new ImageInput(1, 28, 32), 10, 16, 64);
        return new ClassifierTrainer(ProgressListener.silent()).train("correction-test-base", small,
                Data.MNIST_TRAIN.slice(0, TRAIN), ClassifierTrainingConfig.defaults().withEpochs(4)).model();
    }

    /** The first {@code n} images of {@code digit} after the dataset's part of MNIST's training file. */
    private static List<float[]> digits(int digit, int n) {
        List<float[]> images = new ArrayList<>();
        for (int i = TRAIN + TEST; i < Data.MNIST_TRAIN.size() && images.size() < n; i++) {
            if (Data.MNIST_TRAIN.label(i) == digit) {
                images.add(Data.MNIST_TRAIN.image(i));
            }
        }
        return images;
    }

    private static List<float[]> inverted(List<float[]> images) {
        List<float[]> out = new ArrayList<>();
        for (float[] image : images) {
            float[] inv = new float[image.length];
            for (int p = 0; p < image.length; p++) {
                inv[p] = 1f - image[p];
            }
            out.add(inv);
        }
        return out;
    }

    private static FloatTensor tensor(List<float[]> images) {
        return new FloatTensor(new int[] {images.size(), 1, 28, 28}, flatten(images));
    }

    private static float[] flatten(List<float[]> rows) {
        int size = rows.get(0).length;
        float[] data = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, data, i * size, size);
        }
        return data;
    }

    /** Writes {@code images} as raw MNIST IDX files ({@code {split}-images-idx3-ubyte}, {@code …-labels-idx1-ubyte}). */
    private static void writeIdx(ObjectStore store, String prefix, LabeledImages images, String split) {
        try {
            ByteArrayOutputStream pixels = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(pixels);
            out.writeInt(2051);
            out.writeInt(images.size());
            out.writeInt(28);
            out.writeInt(28);
            for (float p : images.pixels()) {
                out.writeByte(Math.round(p * 255));
            }
            ByteArrayOutputStream labels = new ByteArrayOutputStream();
            DataOutputStream lout = new DataOutputStream(labels);
            lout.writeInt(2049);
            lout.writeInt(images.size());
            for (int label : images.labels()) {
                lout.writeByte(label);
            }
            store.putBlob(prefix + split + "-images-idx3-ubyte", pixels.toByteArray());
            store.putBlob(prefix + split + "-labels-idx1-ubyte", labels.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path mnistDirectory() {
        Path dir = Path.of("..").resolve(MnistDataset.DEFAULT_DIRECTORY).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("MNIST not found at " + dir + " (run the tests from the module folder)");
        }
        return dir;
    }

    /** Publishes events to their topics with their partition keys. */
    public static void publish(String bootstrap, List<DefuseEvent> events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, DefuseEvent> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new EventSerializer())) {
            for (DefuseEvent event : events) {
                producer.send(new ProducerRecord<>(event.topic(), event.partitionKey(), event)).get();
            }
        }
    }

    /**
     * The records of {@code topic} whose key starts with {@code keyPrefix}: waits up to {@code timeout} for at least
     * {@code atLeast} of them, then keeps reading for {@code quiet} so extra records would show.
     */
    public static List<ConsumerRecord<String, DefuseEvent>> read(String bootstrap, String topic, String keyPrefix,
                                                          int atLeast, Duration timeout, Duration quiet) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, DefuseEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, DefuseEvent> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), readableOrNull())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < atLeast && System.nanoTime() < deadline) {
                poll(consumer, keyPrefix, records);
            }
            long quietEnd = System.nanoTime() + quiet.toNanos();
            while (System.nanoTime() < quietEnd) {
                poll(consumer, keyPrefix, records);
            }
        }
        return records;
    }

    /** Events, or null for a record that is not one (poison records other tests put on the shared topics). */
    private static Deserializer<DefuseEvent> readableOrNull() {
        EventDeserializer events = new EventDeserializer();
        return (topic, data) -> {
            try {
                return events.deserialize(topic, data);
            } catch (EventFormatException e) {
                return null;
            }
        };
    }

    private static void poll(KafkaConsumer<String, DefuseEvent> consumer, String keyPrefix,
                             List<ConsumerRecord<String, DefuseEvent>> records) {
        for (ConsumerRecord<String, DefuseEvent> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.key() != null && r.key().startsWith(keyPrefix)) {
                records.add(r);
            }
        }
    }
}
