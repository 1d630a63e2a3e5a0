package dev.defuse.labeling.messaging;

/** Messaging channel names of the labeling service (their topics are configured in application.properties). */
public final class Channels {

  /** Incoming {@code regions} topic: {@code RegionFound}, {@code DistillCompleted}. */
  public static final String REGIONS_IN = "regions-in";
  /** Outgoing {@code labels} topic: {@code RegionLabeled}, {@code LabelingCompleted}. */
  public static final String LABELS_OUT = "labels-out";

  private Channels() {}
}
