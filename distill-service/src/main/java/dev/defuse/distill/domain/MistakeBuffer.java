package dev.defuse.distill.domain;

import dev.defuse.common.events.MistakeFound;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mistakes of shards whose {@code ShardCompleted} has not arrived yet, kept in memory with a handle per
 * delivered record (the record's acknowledgement). Nothing here is durable: the handles are acknowledged only after
 * the shard is stored, so after a crash the broker delivers these records again. Thread-safe.
 *
 * @param <H> what is kept per delivered record (the message to acknowledge)
 */
public final class MistakeBuffer<H> {

  /** One shard's buffered rows and the records that delivered them. */
  public record Taken<H>(Map<Integer, MistakeFound> rows, List<H> handles) {}

  private static final class Pending<H> {
    final int partition;
    final TreeMap<Integer, MistakeFound> rows = new TreeMap<>();
    final List<H> handles = new ArrayList<>();

    Pending(int partition) {
      this.partition = partition;
    }
  }

  private final Map<ShardKey, Pending<H>> pending = new HashMap<>();
  private long rowCount;

  /**
   * Buffers a delivered mistake. A row delivered again (redelivery, or identify redoing the shard) is kept once;
   * its handle is kept too, to be acknowledged with the shard.
   *
   * @return whether the row was new
   * @throws InconsistentInputException if the row was delivered before with different content
   */
  public synchronized boolean add(MistakeFound mistake, int partition, H handle) {
    ShardKey key = new ShardKey(mistake.jobId(), mistake.shardIndex());
    Pending<H> shard = pending.computeIfAbsent(key, k -> new Pending<>(partition));
    shard.handles.add(handle);
    MistakeFound earlier = shard.rows.putIfAbsent(mistake.row(), mistake);
    if (earlier == null) {
      rowCount++;
      return true;
    }
    if (!AssembledShard.sameMistake(earlier, mistake)) {
      throw new InconsistentInputException("job " + mistake.jobId() + " shard " + mistake.shardIndex() + " row "
          + mistake.row() + " was delivered twice with different content (events " + earlier.eventId() + " and "
          + mistake.eventId() + ")");
    }
    return false;
  }

  /** Removes and returns a shard's rows and handles (empty when nothing is buffered for it). */
  public synchronized Taken<H> take(ShardKey key) {
    Pending<H> shard = pending.remove(key);
    if (shard == null) {
      return new Taken<>(Map.of(), List.of());
    }
    rowCount -= shard.rows.size();
    return new Taken<>(shard.rows, shard.handles);
  }

  /** Removes every shard of a job (e.g. a failed job), returning the handles. */
  public synchronized List<H> dropJob(String jobId) {
    return drop(e -> e.getKey().jobId().equals(jobId));
  }

  /**
   * Removes the shards that arrived on {@code partitions} (revoked from this consumer: their records will be
   * delivered to the new owner), returning their handles.
   */
  public synchronized List<H> dropPartitions(Collection<Integer> partitions) {
    return drop(e -> partitions.contains(e.getValue().partition));
  }

  /** Buffered rows per shard of a job, by shard index. */
  public synchronized Map<Integer, Integer> bufferedRows(String jobId) {
    Map<Integer, Integer> rows = new TreeMap<>();
    pending.forEach((key, shard) -> {
      if (key.jobId().equals(jobId)) {
        rows.put(key.shardIndex(), shard.rows.size());
      }
    });
    return rows;
  }

  /** Rows buffered over all shards. */
  public synchronized long rowCount() {
    return rowCount;
  }

  private List<H> drop(java.util.function.Predicate<Map.Entry<ShardKey, Pending<H>>> which) {
    List<H> handles = new ArrayList<>();
    Iterator<Map.Entry<ShardKey, Pending<H>>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<ShardKey, Pending<H>> e = it.next();
      if (which.test(e)) {
        handles.addAll(e.getValue().handles);
        rowCount -= e.getValue().rows.size();
        it.remove();
      }
    }
    return handles;
  }
}
