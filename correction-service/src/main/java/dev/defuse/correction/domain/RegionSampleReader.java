package dev.defuse.correction.domain;

import dev.defuse.common.data.ImageShape;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.util.Require;
import java.util.Arrays;
import java.util.List;

/**
 * Builds labelled image sets from distill's region samples ({@code tensors/{jobId}/distill/region-NNN-{set}.dft},
 * {@link ObjectKeys#regionSamples}): every sample of a misclassification region gets the region's annotator label.
 * The object store verifies each tensor against the checksum recorded when distill wrote it.
 */
public final class RegionSampleReader {

    /** Sample set distill writes for fine-tuning (D_f). */
    public static final String FINETUNE = "finetune";
    /** Sample set distill writes for the misclassification-region test set. */
    public static final String TEST = "test";

    private final ObjectStore store;

    public RegionSampleReader(ObjectStore store) {
        this.store = store;
    }

    /**
     * The {@code set} samples of {@code regions} (in the given order), each labelled with its region's label.
     *
     * @throws IllegalArgumentException if a region has no label, a label is not a class of the job, or a tensor
     *                                  does not hold images of {@code shape}
     * @throws dev.defuse.common.store.ObjectNotFoundException if distill wrote no such samples
     */
    public RegionImages read(String jobId, List<RegionLabeled> regions, String set, ImageShape shape,
                             List<ClassInfo> classes) {
        Require.nonEmpty(regions, "regions");
        ImageSetBuilder builder = new ImageSetBuilder(shape);
        for (RegionLabeled region : regions) {
            Require.check(region.label() != null, "region " + region.regionId() + " of job " + jobId + " has no label");
            int label = region.label();
            Require.check(classes.stream().anyMatch(c -> c.id() == label), "region " + region.regionId() + " of job "
                    + jobId + " is labelled " + label + ", which is not a class of the job");
            String key = ObjectKeys.regionSamples(jobId, region.regionId(), set);
            FloatTensor samples = store.getTensor(key);
            builder.addRows(samples, key, label, region.regionId());
        }
        return builder.build(classes);
    }

    /** Concatenates image rows of one shape with their labels and region ids. */
    static final class ImageSetBuilder {
        private final ImageShape shape;
        private float[] pixels = new float[0];
        private int[] labels = new int[0];
        private int[] regions = new int[0];
        private int count;

        ImageSetBuilder(ImageShape shape) {
            this.shape = shape;
        }

        /** Appends every row of {@code tensor}. */
        void addRows(FloatTensor tensor, String source, int label, int region) {
            int[] rows = new int[tensor.rows()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            addRows(tensor, rows, source, label, region);
        }

        /** Appends {@code rows} of {@code tensor}, each with {@code label} and {@code region}. */
        void addRows(FloatTensor tensor, int[] rows, String source, int label, int region) {
            Require.check(tensor.rank() >= 2 && tensor.rowSize() == shape.size(), source + " holds rows of "
                    + tensor.rowSize() + " values, but the job's images are " + shape + " (" + shape.size() + ")");
            ensureCapacity(count + rows.length);
            float[] data = tensor.data();
            int size = shape.size();
            for (int row : rows) {
                Require.index(row, tensor.rows(), "row of " + source);
                int offset = count * size;
                for (int p = 0; p < size; p++) {
                    float v = data[row * size + p];
                    Require.check(!Float.isNaN(v), source + " row " + row + " has a NaN pixel");
                    // decoded samples are sigmoid outputs; clamp rounding noise into the dataset's [0, 1] range
                    pixels[offset + p] = Math.min(1f, Math.max(0f, v));
                }
                labels[count] = label;
                regions[count] = region;
                count++;
            }
        }

        private void ensureCapacity(int needed) {
            if (labels.length < needed) {
                int capacity = Math.max(needed, labels.length * 2);
                pixels = Arrays.copyOf(pixels, Math.multiplyExact(capacity, shape.size()));
                labels = Arrays.copyOf(labels, capacity);
                regions = Arrays.copyOf(regions, capacity);
            }
        }

        int count() {
            return count;
        }

        RegionImages build(List<ClassInfo> classes) {
            return new RegionImages(new LabeledImages(shape, Arrays.copyOf(pixels, count * shape.size()),
                    Arrays.copyOf(labels, count), classes), Arrays.copyOf(regions, count));
        }
    }
}
