package dev.defuse.identify.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.identify.domain.MistakeRow;
import dev.defuse.identify.domain.ShardResult;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mistakes} events of a shard, derived from its stored result alone: one {@link MistakeFound} per kept
 * mistake (id {@code jobId:mistake:shard:row}), then {@link ShardCompleted} (id {@code jobId:shard-completed:shard}).
 * Publishing a result twice produces the same ids and content, so consumers deduplicate.
 */
public final class ShardEvents {

    private ShardEvents() {
    }

    public static List<MistakeFound> mistakes(ShardResult result) {
        List<MistakeFound> events = new ArrayList<>(result.mistakeCount());
        for (MistakeRow row : result.mistakes()) {
            events.add(MistakeFound.of(result.jobId(), result.shardIndex(), row.imageIndex(), row.originalLabel(),
                    row.predictedLabel(), row.z(), row.epsNorm(), result.tensor().key(), row.row()));
        }
        return events;
    }

    public static ShardCompleted completion(ShardResult result) {
        return ShardCompleted.of(result.jobId(), result.shardIndex(), result.shardCount(), result.imagesProcessed(),
                result.imagesSkipped(), result.samplesEvaluated(), result.mistakeCount(), result.tensor());
    }

    /** Every event of the shard, in publishing order. */
    public static List<DefuseEvent> all(ShardResult result) {
        List<DefuseEvent> events = new ArrayList<>(mistakes(result));
        events.add(completion(result));
        return events;
    }
}
