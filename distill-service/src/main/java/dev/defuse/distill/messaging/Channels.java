package dev.defuse.distill.messaging;

/** Messaging channel names of the distill service (their topics are configured in application.properties). */
public final class Channels {

  /** Incoming {@code mistakes} topic: {@code MistakeFound}, {@code ShardCompleted}, {@code IdentifyCompleted}. */
  public static final String MISTAKES_IN = "mistakes-in";
  /** Outgoing {@code regions} topic: {@code RegionFound}, {@code DistillCompleted}. */
  public static final String REGIONS_OUT = "regions-out";
  /** Name of the rebalance listener of {@link #MISTAKES_IN} ({@code consumer-rebalance-listener.name}). */
  public static final String MISTAKES_REBALANCE_LISTENER = "distill-mistakes-rebalance";

  private Channels() {}
}
