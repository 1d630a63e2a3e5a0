package dev.defuse.common.ml.train;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How a stored model was trained; part of its manifest. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassifierTrainingReport.class, name = "classifier"),
    @JsonSubTypes.Type(value = VaeTrainingReport.class, name = "vae"),
    @JsonSubTypes.Type(value = FineTuningReport.class, name = "fine-tuning"),
})
public sealed interface TrainingReport permits ClassifierTrainingReport, VaeTrainingReport, FineTuningReport {

    /** The 1-based epoch whose parameters were kept. */
    int bestEpoch();

    /** Wall-clock seconds of the whole run (training and validation). */
    double seconds();
}
