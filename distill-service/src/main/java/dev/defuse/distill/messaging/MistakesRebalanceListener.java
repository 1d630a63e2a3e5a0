package dev.defuse.distill.messaging;

import dev.defuse.distill.domain.JobCoordinator;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Ties jobs to partitions of {@code mistakes}: an instance runs the jobs whose records arrive on the partitions it
 * owns. Assigned partitions resume their pending jobs; revoked ones stop theirs and drop their buffered records
 * (both for the new owner). Runs on the consumer's polling thread, so it only hands work off.
 */
@ApplicationScoped
@Identifier(Channels.MISTAKES_REBALANCE_LISTENER)
public class MistakesRebalanceListener implements KafkaConsumerRebalanceListener {

  private static final Logger LOG = Logger.getLogger(MistakesRebalanceListener.class);

  private final JobCoordinator jobs;
  private final MistakesConsumer consumer;

  public MistakesRebalanceListener(JobCoordinator jobs, MistakesConsumer consumer) {
    this.jobs = jobs;
    this.consumer = consumer;
  }

  @Override
  public void onPartitionsAssigned(Consumer<?, ?> kafka, Collection<TopicPartition> partitions) {
    List<Integer> numbers = numbers(partitions);
    LOG.infof("mistakes partitions assigned: %s", numbers);
    if (!numbers.isEmpty()) {
      jobs.resume(numbers);
    }
  }

  @Override
  public void onPartitionsRevoked(Consumer<?, ?> kafka, Collection<TopicPartition> partitions) {
    release(partitions);
  }

  @Override
  public void onPartitionsLost(Consumer<?, ?> kafka, Collection<TopicPartition> partitions) {
    release(partitions);
  }

  private void release(Collection<TopicPartition> partitions) {
    List<Integer> numbers = numbers(partitions);
    if (!numbers.isEmpty()) {
      LOG.infof("mistakes partitions revoked: %s", numbers);
      consumer.partitionsRevoked(numbers);
      jobs.release(numbers);
    }
  }

  private static List<Integer> numbers(Collection<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::partition).sorted().toList();
  }
}
