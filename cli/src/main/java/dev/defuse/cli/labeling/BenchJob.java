package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.events.Topics;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.job.LabelingParams;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.stack.StackStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A synthetic labeling job that arrives as a real one does: the job spec and one review tensor per region in the
 * object store, {@code RegionFound} records and the {@code DistillCompleted} on the {@code regions} topic.
 *
 * @param classes number of classes (ids 0..classes-1, named by their id)
 */
record BenchJob(String jobId, int regions, int itemsPerRegion, int annotatorsPerItem, int classes, long seed) {

  private static final int IMAGE_SIDE = 28;
  private static final Duration INGEST_TIMEOUT = Duration.ofMinutes(5);

  int items() {
    return regions * itemsPerRegion;
  }

  int votesNeeded() {
    return items() * annotatorsPerItem;
  }

  /** Writes the spec and review tensors, then publishes the regions and the distill completion. */
  void publish(StackStatus stack) {
    StackStatus.S3 s3 = stack.s3();
    List<ClassInfo> classList = IntStream.range(0, classes).mapToObj(i -> new ClassInfo(i, String.valueOf(i))).toList();
    Random random = new Random(seed);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (ObjectStore store = new ObjectStore(
            new ObjectStoreConfig(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(), s3.region()));
        KafkaProducer<String, DefuseEvent> producer = new KafkaProducer<>(props)) {
      store.ensureBucket();
      JobSpec spec = JobSpec.withDefaults(jobId, DatasetRef.mnist("datasets/mnist/"), "models/bench/classifier",
          "models/bench/vae", classList).withLabeling(new LabelingParams(annotatorsPerItem, 0.5));
      store.putJson(spec.specKey(), spec);
      for (int g = 0; g < regions; g++) {
        float[] pixels = new float[itemsPerRegion * IMAGE_SIDE * IMAGE_SIDE];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = random.nextFloat();
        }
        TensorRef review = store.putTensor(ObjectKeys.regionSamples(jobId, g, "review"),
            new FloatTensor(new int[] {itemsPerRegion, 1, IMAGE_SIDE, IMAGE_SIDE}, pixels)).ref();
        int[] predictions = new int[itemsPerRegion];
        Arrays.fill(predictions, g % classes);
        producer.send(new ProducerRecord<>(Topics.REGIONS, jobId, RegionFound.of(jobId, g, regions,
            1.0 / regions, new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}, review, review, review,
            predictions)));
      }
      producer.send(new ProducerRecord<>(Topics.REGIONS, jobId,
          DistillCompleted.of(jobId, regions, items(), items(), 1, true, 0.0))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing job " + jobId);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Kafka refused the regions of job " + jobId + ": " + e.getCause(), e);
    }
  }

  /** Waits until the labeling service has created every item of the job (it reads them from Kafka). */
  void awaitItems(LabelingAdminClient admin) {
    Instant deadline = Instant.now().plus(INGEST_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      try {
        int found = 0;
        for (JsonNode r : admin.job(jobId).get("regions")) {
          found += r.get("items").asInt();
        }
        if (found >= items()) {
          return;
        }
      } catch (LabelingAdminClient.ApiException e) {
        if (e.status() != 404) {
          throw e;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for job " + jobId);
      }
    }
    throw new LabelingAdminClient.ApiException("the labeling service did not create the " + items() + " items of job "
        + jobId + " within " + INGEST_TIMEOUT.toMinutes() + " minutes: is it connected to this stack's Kafka?");
  }
}
