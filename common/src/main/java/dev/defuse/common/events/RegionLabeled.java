package dev.defuse.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.defuse.common.util.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The annotators' decision on region {@code regionId} of a job (paper §4.1): {@code misclassificationRegion} is
 * true when more than ρ of the region's labeled items have a majority label that differs from the classifier's
 * prediction; {@code label} is the majority of the items' labels (null when no item got a label). Every raw vote
 * is kept (annotator and vendor ids) so consolidation can be redone later.
 *
 * @param agreement the region's mean item agreement, in [0, 1]
 */
public record RegionLabeled(
        UUID eventId,
        String jobId,
        Instant occurredAt,
        int regionId,
        int regionCount,
        boolean misclassificationRegion,
        Integer label,
        List<LabeledItem> items,
        double agreement) implements DefuseEvent {

    /**
     * One vote. {@code label} is a class id, or null for "none of the above".
     */
    public record Vote(String annotatorId, String vendorId, Integer label) {
        public Vote {
            Require.nonBlank(annotatorId, "annotatorId");
            Require.nonBlank(vendorId, "vendorId");
            if (label != null) {
                Require.nonNegative(label, "vote label");
            }
        }

        public static Vote noneOfTheAbove(String annotatorId, String vendorId) {
            return new Vote(annotatorId, vendorId, null);
        }

        @JsonIgnore
        public boolean isNoneOfTheAbove() {
            return label == null;
        }
    }

    /**
     * One annotated item: review sample {@code row} of the region, the classifier's prediction on it, its votes,
     * their majority label (null when every vote was "none of the above") and the share of annotators who voted it.
     */
    public record LabeledItem(int row, int classifierPrediction, List<Vote> votes, Integer majorityLabel,
                              double agreement) {
        public LabeledItem {
            Require.nonNegative(row, "row");
            Require.nonNegative(classifierPrediction, "classifierPrediction");
            votes = List.copyOf(Require.nonEmpty(votes, "votes of item " + row));
            if (majorityLabel != null) {
                Require.nonNegative(majorityLabel, "majorityLabel");
            }
            Require.inRange(agreement, 0.0, 1.0, "agreement of item " + row);
        }

        /** Whether the item's majority label disagrees with the classifier (false for an unlabeled item). */
        @JsonIgnore
        public boolean disagreesWithClassifier() {
            return majorityLabel != null && majorityLabel != classifierPrediction;
        }
    }

    public RegionLabeled {
        EventChecks.header(eventId, jobId, occurredAt);
        Require.positive(regionCount, "regionCount");
        Require.index(regionId, regionCount, "regionId");
        if (label != null) {
            Require.nonNegative(label, "label");
        }
        Require.check(!misclassificationRegion || label != null, "a misclassification region needs a label");
        items = List.copyOf(Require.nonEmpty(items, "items"));
        Require.inRange(agreement, 0.0, 1.0, "agreement");
    }

    /** The decision with its deterministic event id ({@code jobId:region-labeled:regionId}). */
    public static RegionLabeled of(String jobId, int regionId, int regionCount, boolean misclassificationRegion,
                                   Integer label, List<LabeledItem> items, double agreement) {
        return new RegionLabeled(EventIds.of(jobId, "region-labeled", regionId), jobId, Instant.now(), regionId,
                regionCount, misclassificationRegion, label, items, agreement);
    }

    /** Total number of votes over the region's items. */
    public int voteCount() {
        return items.stream().mapToInt(item -> item.votes().size()).sum();
    }

    @Override
    public String topic() {
        return Topics.LABELS;
    }
}
