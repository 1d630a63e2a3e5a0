package dev.defuse.correction.domain;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.util.Require;
import java.util.Arrays;

/**
 * Labelled images that each belong to a region: D_f (labels are the regions' annotator labels) or the
 * misclassification-region test set.
 *
 * @param regions region id of every image, in image order
 */
public record RegionImages(LabeledImages images, int[] regions) {

    public RegionImages {
        Require.nonNull(images, "images");
        Require.check(regions.length == images.size(),
                regions.length + " region ids for " + images.size() + " images");
    }

    /** Distinct region ids, ascending. */
    public int[] regionIds() {
        return Arrays.stream(regions).distinct().sorted().toArray();
    }

    public int size() {
        return images.size();
    }
}
