package dev.defuse.identify.domain;

import dev.defuse.common.events.EventIds;
import dev.defuse.common.events.IdentifyShard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ShardPlannerTest {

    @Test
    void consecutiveShardsOfTheShardSizeWithTheRemainderLast() {
        assertThat(ShardPlanner.plan(10, 4))
                .extracting(ShardPlanner.ShardRange::shardIndex, ShardPlanner.ShardRange::start,
                        ShardPlanner.ShardRange::end, ShardPlanner.ShardRange::shardCount)
                .containsExactly(tuple(0, 0, 4, 3), tuple(1, 4, 8, 3), tuple(2, 8, 10, 3));
    }

    @Test
    void coversEveryPositionExactlyOnce() {
        for (int n : new int[] {1, 2, 25, 99, 100, 101, 2000, 10_000}) {
            for (int size : new int[] {1, 7, 25, 100, 5000}) {
                List<ShardPlanner.ShardRange> shards = ShardPlanner.plan(n, size);
                assertThat(shards).hasSize((n + size - 1) / size);
                int next = 0;
                for (ShardPlanner.ShardRange s : shards) {
                    assertThat(s.start()).isEqualTo(next);
                    assertThat(s.size()).isBetween(1, size);
                    next = s.end();
                }
                assertThat(next).isEqualTo(n);
            }
        }
    }

    @Test
    void aShardSizeAboveTheSelectionGivesOneShard() {
        assertThat(ShardPlanner.plan(3, 25)).singleElement()
                .satisfies(s -> assertThat(s.size()).isEqualTo(3));
    }

    @Test
    void shardEventsHaveDeterministicIdsAndSpreadingKeys() {
        IdentifyShard shard = ShardPlanner.plan(10, 4).get(1).toEvent("job-1");
        assertThat(shard.eventId()).isEqualTo(EventIds.of("job-1", "identify-shard", 1));
        assertThat(shard.partitionKey()).isEqualTo("job-1/1");
        assertThat(shard.start()).isEqualTo(4);
        assertThat(shard.end()).isEqualTo(8);
        assertThat(shard.shardCount()).isEqualTo(3);
    }

    @Test
    void anEmptySelectionOrAShardSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> ShardPlanner.plan(0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ShardPlanner.plan(10, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shardSize");
    }
}
