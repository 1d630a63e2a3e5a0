package dev.defuse.common.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.defuse.common.util.Require;

/**
 * Parameters of labeling. A JSON object may leave out any field: it takes the default.
 *
 * @param annotatorsPerItem distinct annotators who label each review item (default 5)
 * @param rho               a region is a misclassification region when more than this share of its labeled items
 *                          disagree with the classifier (default 0.5; exactly ρ is not enough)
 */
public record LabelingParams(int annotatorsPerItem, double rho) {

    public static final int DEFAULT_ANNOTATORS_PER_ITEM = 5;
    public static final double DEFAULT_RHO = 0.5;

    public LabelingParams {
        Require.positive(annotatorsPerItem, "labeling.annotatorsPerItem");
        Require.inRange(rho, 0.0, 1.0, "labeling.rho");
    }

    public static LabelingParams defaults() {
        return new LabelingParams(DEFAULT_ANNOTATORS_PER_ITEM, DEFAULT_RHO);
    }

    @JsonCreator
    static LabelingParams fromJson(@JsonProperty("annotatorsPerItem") Integer annotatorsPerItem,
                                   @JsonProperty("rho") Double rho) {
        return new LabelingParams(annotatorsPerItem != null ? annotatorsPerItem : DEFAULT_ANNOTATORS_PER_ITEM,
                rho != null ? rho : DEFAULT_RHO);
    }
}
