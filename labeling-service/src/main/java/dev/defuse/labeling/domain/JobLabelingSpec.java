package dev.defuse.labeling.domain;

import dev.defuse.common.events.ClassInfo;
import java.util.List;

/** What the labeling stage needs from a job's spec: its classes and the labeling parameters. */
public record JobLabelingSpec(List<ClassInfo> classes, int annotatorsPerItem, double rho) {

  public JobLabelingSpec {
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("the job has no classes");
    }
    if (annotatorsPerItem < 1) {
      throw new IllegalArgumentException("annotatorsPerItem must be positive, got " + annotatorsPerItem);
    }
    if (!(rho >= 0.0 && rho <= 1.0)) {
      throw new IllegalArgumentException("rho must be in [0, 1], got " + rho);
    }
  }
}
