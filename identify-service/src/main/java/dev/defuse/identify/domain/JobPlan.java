package dev.defuse.identify.domain;

import java.time.Instant;

/**
 * How a job was split ({@code jobs/{jobId}/identify/plan.json}), written before its shards are published and again
 * once the broker acknowledged all of them ({@code published}).
 *
 * @param selectedImages images of the job's selection
 * @param shardCount     shards on {@code identify-shards}
 * @param shardSize      images per shard (the last may hold fewer)
 * @param drawsPerImage  Q
 * @param submittedAt    when the job was accepted
 * @param publishedAt    when every shard was acknowledged by the broker, null before
 */
public record JobPlan(String jobId, int selectedImages, int shardCount, int shardSize, int drawsPerImage,
                      Instant submittedAt, Instant publishedAt) {

    public boolean published() {
        return publishedAt != null;
    }

    public JobPlan publishedAt(Instant at) {
        return new JobPlan(jobId, selectedImages, shardCount, shardSize, drawsPerImage, submittedAt, at);
    }
}
