package dev.defuse.correction.domain;

import dev.defuse.common.data.ImageShape;
import dev.defuse.common.events.BaselineData;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The failure data of the "fine-tuned on identified mistakes" baseline (paper Fig. 4), built from what identify and
 * distill stored about the job, in one of two kinds ({@link BaselineData}):
 * <ul>
 *   <li>{@link BaselineData#RAW_MISTAKES}: every identified mistake with the label of its source training image;</li>
 *   <li>{@link BaselineData#REGION_MISTAKES}: the mistakes that belong to a misclassification region, each with
 *       that region's annotator label.</li>
 * </ul>
 *
 * <p>Distill stores every received shard ({@code jobs/{jobId}/distill/received/shard-NNNNN.json}: the latent codes of
 * its mistakes, their source labels and identify's tensor of their decoded images, row for row) and the whole fitted
 * mixture ({@code jobs/{jobId}/distill/fit.json}: weights, means and covariances of all K components, and which
 * component each region is). A mistake belongs to the region whose component is its most probable one under the
 * mixture ({@link GaussianMixture#assign}). Raw mistakes carry that region id too when there is one (−1 otherwise),
 * so the plan can say how many of them fall into each misclassification region; they do not need the fit.
 */
public final class IdentifiedMistakesReader {

    /** What this reader needs of distill's {@code fit.json} (other fields are ignored). */
    record DistillFit(double[] weights, double[][] means, double[][][] covariances, List<FitRegion> regions) {
    }

    /** A region of the fit: which mixture component it is. */
    record FitRegion(int regionId, int component) {
    }

    /** What this reader needs of a received shard's manifest. */
    record DistillShard(int shardIndex, int mistakeCount, int latentDim, TensorRef identifyTensor, TensorRef codes,
                        int[] originalLabel) {
    }

    /** Region id of a raw mistake outside every misclassification region. */
    public static final int NO_REGION = -1;

    /** Within a shard, rows are appended by region, then label, so a region's mistakes stay together. */
    private static final Comparator<List<Integer>> GROUP_ORDER =
            Comparator.<List<Integer>>comparingInt(g -> g.get(0)).thenComparingInt(g -> g.get(1));

    /**
     * The baseline's data, or why there is none.
     *
     * @param images    the mistakes with their region's label (null when there are none)
     * @param perRegion mistakes used per misclassification region id
     * @param note      how the set was assembled, or why it is empty
     */
    public record Result(RegionImages images, Map<Integer, Integer> perRegion, String note) {
    }

    private final ObjectStore store;

    public IdentifiedMistakesReader(ObjectStore store) {
        this.store = store;
    }

    /** {@code jobs/{jobId}/distill/fit.json}. */
    public static String fitKey(String jobId) {
        return ObjectKeys.jobObject(jobId, "distill/fit.json");
    }

    /** {@code jobs/{jobId}/distill/received/}. */
    public static String shardsPrefix(String jobId) {
        return ObjectKeys.jobPrefix(jobId) + "distill/received/";
    }

    /**
     * Collects the baseline's mistakes for the misclassification regions {@code regions} (with labels).
     *
     * @param maxImages at most this many (a seeded sample, in shard and row order); 0 for all
     */
    public Result read(String jobId, BaselineData kind, List<RegionLabeled> regions, ImageShape shape,
                       List<ClassInfo> classes, int maxImages, long seed) {
        DistillFit fit = null;
        try {
            fit = store.getJson(fitKey(jobId), DistillFit.class);
        } catch (ObjectNotFoundException e) {
            if (kind == BaselineData.REGION_MISTAKES) {
                return new Result(null, Map.of(), "distill stored no fit for the job at " + fitKey(jobId));
            }
        }
        Map<Integer, Integer> regionOfComponent = new HashMap<>();
        Map<Integer, Integer> labelOfRegion = new HashMap<>();
        GaussianMixture mixture = null;
        if (fit != null) {
            Require.check(fit.weights() != null && fit.means() != null && fit.covariances() != null
                    && fit.regions() != null, fitKey(jobId) + " lacks weights, means, covariances or regions");
            for (RegionLabeled region : regions) {
                FitRegion fitted = fit.regions().stream().filter(r -> r.regionId() == region.regionId()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("region " + region.regionId()
                                + " is not in distill's fit " + fitKey(jobId)));
                regionOfComponent.put(fitted.component(), region.regionId());
                labelOfRegion.put(region.regionId(),
                        Require.nonNull(region.label(), "label of region " + region.regionId()));
            }
            mixture = new GaussianMixture(fit.weights(), fit.means(), fit.covariances());
        }

        List<DistillShard> shards = new ArrayList<>();
        for (String key : store.list(shardsPrefix(jobId))) {
            if (key.endsWith(".json")) {
                shards.add(store.getJson(key, DistillShard.class));
            }
        }
        if (shards.isEmpty()) {
            return new Result(null, Map.of(), "distill stored no received shards under " + shardsPrefix(jobId));
        }
        List<long[]> members = new ArrayList<>(); // {shard position, row, region or NO_REGION, label}
        for (int s = 0; s < shards.size(); s++) {
            DistillShard shard = shards.get(s);
            if (shard.mistakeCount() == 0) {
                continue;
            }
            if (kind == BaselineData.RAW_MISTAKES) {
                Require.check(shard.originalLabel() != null && shard.originalLabel().length == shard.mistakeCount(),
                        "shard " + shard.shardIndex() + " of " + shardsPrefix(jobId) + " lacks the source label of "
                                + "each of its " + shard.mistakeCount() + " mistakes (originalLabel)");
            }
            float[] codes = null;
            if (mixture != null) {
                Require.check(shard.latentDim() == mixture.dimension(), "shard " + shard.shardIndex()
                        + " has codes of size " + shard.latentDim() + " but the mixture has dimension "
                        + mixture.dimension());
                codes = store.getTensor(shard.codes()).data();
            }
            for (int row = 0; row < shard.mistakeCount(); row++) {
                Integer region = codes == null ? null
                        : regionOfComponent.get(mixture.assign(codes, row * shard.latentDim()));
                if (kind == BaselineData.RAW_MISTAKES) {
                    members.add(new long[] {s, row, region == null ? NO_REGION : region, shard.originalLabel()[row]});
                } else if (region != null) {
                    members.add(new long[] {s, row, region, labelOfRegion.get(region)});
                }
            }
        }
        int total = members.size();
        if (maxImages > 0 && members.size() > maxImages) {
            members = sample(members, maxImages, seed);
        }
        if (members.isEmpty()) {
            return new Result(null, Map.of(), kind == BaselineData.RAW_MISTAKES
                    ? "identify found no mistake in the job"
                    : "no identified mistake of the job falls into a misclassification region");
        }
        RegionSampleReader.ImageSetBuilder builder = new RegionSampleReader.ImageSetBuilder(shape);
        Map<Integer, Integer> perRegion = new TreeMap<>();
        int from = 0;
        while (from < members.size()) {
            int shardPosition = (int) members.get(from)[0];
            int to = from;
            while (to < members.size() && members.get(to)[0] == shardPosition) {
                to++;
            }
            DistillShard shard = shards.get(shardPosition);
            FloatTensor images = store.getTensor(Require.nonNull(shard.identifyTensor(),
                    "identify tensor of shard " + shard.shardIndex()));
            Require.check(images.rows() == shard.mistakeCount(), shard.identifyTensor().key() + " has "
                    + images.rows() + " rows, distill received " + shard.mistakeCount() + " mistakes");
            // rows grouped by (region, label) so each group is appended in one call
            Map<List<Integer>, List<Integer>> rowsByGroup = new TreeMap<>(GROUP_ORDER);
            for (int i = from; i < to; i++) {
                long[] m = members.get(i);
                rowsByGroup.computeIfAbsent(List.of((int) m[2], (int) m[3]), g -> new ArrayList<>()).add((int) m[1]);
            }
            rowsByGroup.forEach((group, rows) -> {
                builder.addRows(images, rows.stream().mapToInt(Integer::intValue).toArray(),
                        shard.identifyTensor().key(), group.get(1), group.get(0));
                if (group.get(0) != NO_REGION) {
                    perRegion.merge(group.get(0), rows.size(), Integer::sum);
                }
            });
            from = to;
        }
        String sampled = total > members.size()
                ? " (a seeded sample of " + members.size() + " of " + total + ")" : "";
        String note = kind == BaselineData.RAW_MISTAKES
                ? "raw-mistakes: " + members.size() + " identified mistakes" + sampled + " labelled with their source "
                        + "images' labels, neither distilled nor annotated"
                        + (mixture == null ? "" : "; " + perRegion + " of them per misclassification region")
                : "region-mistakes: identified mistakes assigned to the misclassification regions by their most "
                        + "probable mixture component in " + fitKey(jobId) + ", labelled with the region's annotator "
                        + "label: " + perRegion + " per region" + sampled;
        return new Result(builder.build(classes), perRegion, note);
    }

    /** {@code n} of {@code members}, chosen with {@code seed}, in their original order. */
    private static List<long[]> sample(List<long[]> members, int n, long seed) {
        int[] order = new int[members.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] chosen = Arrays.copyOf(order, n);
        Arrays.sort(chosen);
        List<long[]> sampled = new ArrayList<>(n);
        for (int i : chosen) {
            sampled.add(members.get(i));
        }
        return sampled;
    }
}
