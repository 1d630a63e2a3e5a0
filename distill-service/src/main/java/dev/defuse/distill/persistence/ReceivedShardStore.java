package dev.defuse.distill.persistence;

import dev.defuse.common.events.TensorRef;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.distill.domain.AssembledShard;
import dev.defuse.distill.domain.ReceivedShard;
import dev.defuse.distill.domain.ShardKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durably received shards: each shard's latent codes as one tensor and its manifest (written last, so a manifest
 * means the shard is complete). Remembers which shards it has seen stored, so redelivered mistakes of a stored
 * shard are recognised without a round trip per record.
 */
@ApplicationScoped
public class ReceivedShardStore {

  private final ObjectStore store;
  private final Clock clock;
  private final ConcurrentHashMap<String, Set<Integer>> known = new ConcurrentHashMap<>();

  public ReceivedShardStore(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Whether the shard is durably received. The first question about a job lists its stored shards once; after
   * that this instance knows, because while it owns the job's partition it is the only one storing its shards
   * ({@link #forgetAll()} when partitions are revoked).
   */
  public boolean isStored(ShardKey shard) {
    return knownShards(shard.jobId()).contains(shard.shardIndex());
  }

  /** Forgets a job's stored shards once it no longer receives any (it moved past RECEIVING). */
  public void forget(String jobId) {
    known.remove(jobId);
  }

  /** Forgets what is known about stored shards (another instance may store shards of jobs this one owned). */
  public void forgetAll() {
    known.clear();
  }

  /** Stores an assembled shard: codes first, then the manifest. Storing the same shard again rewrites the same bytes. */
  public ReceivedShard store(AssembledShard shard) {
    var completion = shard.completion();
    String jobId = completion.jobId();
    int index = completion.shardIndex();
    TensorRef codes = null;
    if (shard.mistakeCount() > 0) {
      codes = store.putTensor(DistillKeys.receivedCodes(jobId, index),
          new FloatTensor(new int[] {shard.mistakeCount(), shard.latentDim()}, shard.codes())).ref();
    }
    ReceivedShard manifest = new ReceivedShard(jobId, index, completion.shardCount(), shard.mistakeCount(),
        shard.latentDim(), completion.mistakes(), codes, shard.imageIndex(), shard.originalLabel(),
        shard.predictedLabel(), shard.epsNorm(), clock.instant());
    store.putJson(DistillKeys.receivedManifest(jobId, index), manifest);
    knownShards(jobId).add(index);
    return manifest;
  }

  /** The job's received shards, by shard index. */
  public List<ReceivedShard> list(String jobId) {
    List<ReceivedShard> shards = new ArrayList<>();
    for (String key : store.list(DistillKeys.receivedPrefix(jobId))) {
      if (key.endsWith(".json")) {
        shards.add(store.getJson(key, ReceivedShard.class));
      }
    }
    shards.sort(Comparator.comparingInt(ReceivedShard::shardIndex));
    shards.forEach(s -> knownShards(jobId).add(s.shardIndex()));
    return shards;
  }

  /** Indices of the job's received shards (from the listing only). */
  public List<Integer> storedIndices(String jobId) {
    String prefix = DistillKeys.receivedPrefix(jobId);
    return store.list(prefix).stream().filter(k -> k.endsWith(".json"))
        .map(k -> Integer.parseInt(k.substring(prefix.length() + "shard-".length(), k.length() - ".json".length())))
        .sorted().toList();
  }

  public Optional<ReceivedShard> find(ShardKey shard) {
    try {
      return Optional.of(store.getJson(DistillKeys.receivedManifest(shard.jobId(), shard.shardIndex()),
          ReceivedShard.class));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /** A shard's latent codes, row-major {@code mistakeCount × latentDim}, checksum verified. */
  public float[] codes(ReceivedShard shard) {
    if (shard.mistakeCount() == 0) {
      return new float[0];
    }
    FloatTensor codes = store.getTensor(shard.codes());
    if (codes.rank() != 2 || codes.dim(0) != shard.mistakeCount() || codes.dim(1) != shard.latentDim()) {
      throw new IllegalStateException("codes of shard " + shard.shardIndex() + " of job " + shard.jobId()
          + " have shape " + java.util.Arrays.toString(codes.shape()) + ", the manifest says ["
          + shard.mistakeCount() + ", " + shard.latentDim() + "]");
    }
    return codes.data();
  }

  private Set<Integer> knownShards(String jobId) {
    return known.computeIfAbsent(jobId, id -> {
      Set<Integer> stored = ConcurrentHashMap.newKeySet();
      stored.addAll(storedIndices(id));
      return stored;
    });
  }
}
