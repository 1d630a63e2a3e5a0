package dev.defuse.distill.domain;

import dev.defuse.common.util.Require;

/** One shard of one job. */
public record ShardKey(String jobId, int shardIndex) {

  public ShardKey {
    Require.jobId(jobId);
    Require.nonNegative(shardIndex, "shardIndex");
  }
}
