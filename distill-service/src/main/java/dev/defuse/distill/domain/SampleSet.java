package dev.defuse.distill.domain;

import dev.defuse.common.job.DistillParams;
import java.util.Locale;

/** The three sets of samples drawn from each region. */
public enum SampleSet {

  /** Shown to annotators; the classifier's predictions on them travel in {@code RegionFound}. */
  REVIEW,
  /** Fine-tuning data of correction. */
  FINETUNE,
  /** Held out: correction's region accuracy before and after fine-tuning. */
  TEST;

  /** Name used in object keys ({@code region-002-review.dft}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How many samples the job asks for. */
  public int count(DistillParams params) {
    return switch (this) {
      case REVIEW -> params.reviewSamples();
      case FINETUNE -> params.finetuneSamples();
      case TEST -> params.testSamples();
    };
  }
}
