package dev.defuse.distill.messaging;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.messaging.PoisonRecord;
import dev.defuse.distill.config.DistillConfig;
import dev.defuse.distill.domain.AssembledShard;
import dev.defuse.distill.domain.InconsistentInputException;
import dev.defuse.distill.domain.JobCoordinator;
import dev.defuse.distill.domain.JobState;
import dev.defuse.distill.domain.JobStatus;
import dev.defuse.distill.domain.MistakeBuffer;
import dev.defuse.distill.domain.ShardKey;
import dev.defuse.distill.persistence.ReceivedShardStore;
import dev.defuse.distill.persistence.StoreRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code mistakes}. A shard's {@code MistakeFound} records are buffered until its {@code ShardCompleted}
 * arrives; then the shard is stored in the object store and only then are its records acknowledged (the throttled
 * commit strategy commits an offset once every record before it is acknowledged, so a crash redelivers everything
 * not yet stored). Records of a shard already stored are duplicates and are acknowledged at once.
 * {@code IdentifyCompleted} is acknowledged once recorded in the job's state; the region job then runs elsewhere
 * ({@link JobCoordinator}), so no record waits for a fit.
 *
 * <p>Poison records go to {@code mistakes-dlq} and the channel goes on: records that cannot be read (they arrive
 * with a null payload) and events of other stages. Mistakes that contradict their shard fail the job instead
 * ({@link InconsistentInputException}). A failure of the object store that outlasts the retries stops the channel
 * (health DOWN) with nothing unstored acknowledged: it is never dead-lettered.
 */
@ApplicationScoped
public class MistakesConsumer {

  private static final Logger LOG = Logger.getLogger(MistakesConsumer.class);

  private final JobCoordinator jobs;
  private final ReceivedShardStore shards;
  private final DistillConfig config;
  private final MistakeBuffer<Message<DefuseEvent>> buffer = new MistakeBuffer<>();
  private final Counter mistakesReceived;
  private final Counter shardsReceived;
  private final Counter duplicates;
  private final Counter rejected;

  public MistakesConsumer(JobCoordinator jobs, ReceivedShardStore shards, DistillConfig config,
      MeterRegistry registry) {
    this.jobs = jobs;
    this.shards = shards;
    this.config = config;
    this.mistakesReceived = Counter.builder("defuse.distill.mistakes.received")
        .description("Mistakes durably received (in stored shards)").register(registry);
    this.shardsReceived = Counter.builder("defuse.distill.shards.received")
        .description("Identify shards durably received").register(registry);
    this.duplicates = Counter.builder("defuse.distill.records.duplicate")
        .description("Redelivered mistakes records ignored").register(registry);
    this.rejected = Counter.builder("defuse.distill.records.rejected")
        .description("Records on mistakes that are not readable events of this stage (sent to mistakes-dlq)")
        .register(registry);
    Gauge.builder("defuse.distill.mistakes.buffered", buffer, MistakeBuffer::rowCount)
        .description("Mistakes waiting for their shard's completion (not yet acknowledged)").register(registry);
  }

  @Incoming(Channels.MISTAKES_IN)
  @Blocking
  public CompletionStage<Void> consume(Message<DefuseEvent> message) {
    DefuseEvent event = message.getPayload();
    int partition = partition(message);
    if (event instanceof MistakeFound mistake) {
      onMistake(mistake, partition, message);
    } else if (event instanceof ShardCompleted shard) {
      onShardCompleted(shard, partition, message);
    } else if (event instanceof IdentifyCompleted completion) {
      retry("recording the completion of job " + completion.jobId(),
          () -> jobs.completionReceived(completion, partition));
      message.ack();
    } else {
      // a record that could not be read (null payload), another stage's event or a record without a value
      rejected.increment();
      return PoisonRecord.unexpected(message, Channels.MISTAKES_IN, MistakeFound.class, ShardCompleted.class,
          IdentifyCompleted.class);
    }
    // acknowledgements happen above or when the shard is stored; processing this record is done
    return CompletableFuture.completedFuture(null);
  }

  private void onMistake(MistakeFound mistake, int partition, Message<DefuseEvent> message) {
    JobState job = retry("reading the state of job " + mistake.jobId(), () -> jobs.job(mistake.jobId(), partition));
    ShardKey shard = new ShardKey(mistake.jobId(), mistake.shardIndex());
    if (job.status() != JobStatus.RECEIVING || retry("listing the stored shards of job " + mistake.jobId(),
        () -> shards.isStored(shard))) {
      duplicates.increment();
      message.ack();
      return;
    }
    try {
      if (!buffer.add(mistake, partition, message)) {
        duplicates.increment();
      }
    } catch (InconsistentInputException e) {
      failJob(mistake.jobId(), e.getMessage(), List.of(message));
    }
  }

  private void onShardCompleted(ShardCompleted completed, int partition, Message<DefuseEvent> message) {
    String jobId = completed.jobId();
    JobState job = retry("reading the state of job " + jobId, () -> jobs.job(jobId, partition));
    ShardKey key = new ShardKey(jobId, completed.shardIndex());
    if (job.status() != JobStatus.RECEIVING
        || retry("listing the stored shards of job " + jobId, () -> shards.isStored(key))) {
      duplicates.increment();
      ackAll(buffer.take(key).handles());
      message.ack();
      return;
    }
    MistakeBuffer.Taken<Message<DefuseEvent>> taken = buffer.take(key);
    AssembledShard assembled;
    try {
      assembled = AssembledShard.assemble(completed, taken.rows());
    } catch (InconsistentInputException e) {
      List<Message<DefuseEvent>> records = new ArrayList<>(taken.handles());
      records.add(message);
      failJob(jobId, e.getMessage(), records);
      return;
    }
    retry("storing shard " + completed.shardIndex() + " of job " + jobId, () -> shards.store(assembled));
    shardsReceived.increment();
    mistakesReceived.increment(assembled.mistakeCount());
    LOG.debugf("job %s: shard %d stored (%d mistakes)", jobId, completed.shardIndex(), assembled.mistakeCount());
    ackAll(taken.handles());
    message.ack();
    retry("starting job " + jobId, () -> {
      jobs.shardStored(jobId);
      return null;
    });
  }

  private void failJob(String jobId, String reason, List<Message<DefuseEvent>> current) {
    retry("failing job " + jobId, () -> jobs.fail(jobId, reason));
    // the job is failed durably: its records carry nothing more to keep
    ackAll(buffer.dropJob(jobId));
    ackAll(current);
  }

  /** Partitions revoked: forget their buffered records, which the broker delivers to the new owner. */
  void partitionsRevoked(Collection<Integer> partitions) {
    int dropped = buffer.dropPartitions(partitions).size();
    if (dropped > 0) {
      LOG.infof("partitions %s revoked: %d buffered records left to their new owner", partitions, dropped);
    }
  }

  /** Buffered (not yet stored) mistakes of a job, per shard. */
  public Map<Integer, Integer> bufferedRows(String jobId) {
    return buffer.bufferedRows(jobId);
  }

  /**
   * Retries while the object store fails, up to {@code defuse.distill.receive.store-retry-timeout}; then the
   * failure fails the record (and the channel): nothing unstored is ever acknowledged.
   */
  private <T> T retry(String what, Supplier<T> operation) {
    return StoreRetry.call(what, config.receive().storeRetryTimeout(), operation);
  }

  private static void ackAll(List<Message<DefuseEvent>> messages) {
    messages.forEach(Message::ack);
  }

  private static int partition(Message<?> message) {
    return message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getPartition)
        .orElse(0);
  }
}
