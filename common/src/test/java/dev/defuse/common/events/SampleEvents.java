package dev.defuse.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One valid instance of every event type, with values that exercise every field. */
public final class SampleEvents {

    public static final String JOB = "job-2024.01_a";
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "0123456789abcdef".repeat(4);
    private static final Instant AT = Instant.parse("2024-05-01T12:34:56.123456789Z");

    private SampleEvents() {
    }

    public static List<DefuseEvent> all() {
        return all(JOB);
    }

    /** The samples for {@code job} (the second DistillCompleted belongs to {@code job + "-empty"}). */
    public static List<DefuseEvent> all(String job) {
        TensorRef shard0 = new TensorRef("tensors/" + job + "/identify/shard-00000.dft", SHA_A);
        TensorRef shard1 = new TensorRef("tensors/" + job + "/identify/shard-00001.dft", SHA_B);
        List<RegionLabeled.LabeledItem> items = List.of(
                new RegionLabeled.LabeledItem(0, 3, List.of(
                        new RegionLabeled.Vote("ann-1", "vendor-a", 8),
                        new RegionLabeled.Vote("ann-2", "vendor-a", 8),
                        RegionLabeled.Vote.noneOfTheAbove("ann-3", "vendor-b")), 8, 2.0 / 3.0),
                new RegionLabeled.LabeledItem(1, 3, List.of(
                        RegionLabeled.Vote.noneOfTheAbove("ann-1", "vendor-a")), null, 1.0));
        return List.of(
                new IdentifyShard(EventIds.of(job, "identify-shard", 1), job, AT, 1, 4, 250, 500),
                new MistakeFound(EventIds.of(job, "mistake", 1, 7), job, AT, 1, 260, 5, 3,
                        new float[]{0.1f, -2.5e-8f, Float.MAX_VALUE, 1.0f / 3.0f}, 1.2345678901234567, shard1.key(), 7),
                new ShardCompleted(EventIds.of(job, "shard-completed", 1), job, AT, 1, 4, 240, 10, 120_000L, 3, shard1),
                new ShardCompleted(EventIds.of(job, "shard-completed", 2), job, AT, 2, 4, 250, 0, 125_000L, 0, null),
                new IdentifyCompleted(EventIds.of(job, "identify-completed"), job, AT, 2, 490, 10, 5, List.of(
                        new IdentifyCompleted.ShardSummary(0, 5, shard0),
                        new IdentifyCompleted.ShardSummary(1, 0, null))),
                new RegionFound(EventIds.of(job, "region", 2), job, AT, 2, 5, 0.137,
                        new double[]{0.5, -1.25, 3e-300},
                        new double[][]{{1.0, 0.1, 0.0}, {0.1, 2.0, 0.2}, {0.0, 0.2, Math.PI}},
                        new TensorRef("tensors/" + job + "/distill/region-002-review.dft", SHA_A),
                        new TensorRef("tensors/" + job + "/distill/region-002-finetune.dft", SHA_B),
                        new TensorRef("tensors/" + job + "/distill/region-002-test.dft", SHA_A),
                        new int[]{3, 3, 8, 3, 5, 3, 3, 3, 9, 3}),
                new DistillCompleted(EventIds.of(job, "distill-completed"), job, AT, 5, 12_345, 10_000, 87, true,
                        -123456.789),
                new DistillCompleted(EventIds.of(job + "-empty", "distill-completed"), job + "-empty", AT, 0, 0, 0, 0, false,
                        null),
                new RegionLabeled(EventIds.of(job, "region-labeled", 2), job, AT, 2, 5, true, 8, items, 5.0 / 6.0),
                new LabelingCompleted(EventIds.of(job, "labeling-completed"), job, AT, 5, 2, 250, 0.87),
                new SweepPoint(EventIds.of(job, "sweep", SweepVariant.BASELINE, 3), job, AT, SweepVariant.BASELINE,
                        1e-10, 3, 14),
                new ModelRegistered(EventIds.of(job, "model", "m-1"), job, AT, "m-1", "models/m-1/params.bin",
                        "models/m-1/manifest.json", "models/mnist-classifier/params.bin", SweepVariant.DEFUSE, 10.0,
                        Map.of("test_accuracy", 0.991, "region_accuracy", 0.964),
                        new ModelRegistered.Lineage("datasets/mnist/", SHA_B, 2, 42L)));
    }
}
