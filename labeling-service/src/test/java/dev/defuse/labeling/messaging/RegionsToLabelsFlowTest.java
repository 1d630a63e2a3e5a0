package dev.defuse.labeling.messaging;

import static dev.defuse.labeling.Fixtures.ADMIN;
import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.leased;
import static dev.defuse.labeling.Fixtures.vote;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.EventDeserializer;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.events.Topics;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.labeling.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The whole stage on the real broker and S3 server: {@code RegionFound} records (review tensors in the object store)
 * become tasks, vendors' annotators vote through the API, and the {@code labels} topic receives one
 * {@code RegionLabeled} per region and then {@code LabelingCompleted} — once, even when the input is redelivered.
 */
@QuarkusTest
class RegionsToLabelsFlowTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject
  ObjectStore store;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void regionsBecomeTasksAndVotesBecomeLabels() throws Exception {
    String jobId = Fixtures.newJobId();
    store.putJson(ObjectKeys.jobSpec(jobId), JobSpecs.digits(jobId, 3, 0.5));
    // region 0: 4 images the classifier calls "1"; region 1: 4 images it calls "3"
    RegionFound r0 = region(jobId, 0, new int[] {1, 1, 1, 1});
    RegionFound r1 = region(jobId, 1, new int[] {3, 3, 3, 3});
    DistillCompleted done = DistillCompleted.of(jobId, 2, 100, 100, 10, true, -1.0);
    try (KafkaProducer<String, DefuseEvent> producer = producer();
        KafkaConsumer<String, DefuseEvent> labels = consumer()) {
      labels.subscribe(List.of(Topics.LABELS));
      for (DefuseEvent e : List.of(r0, r1, done, r0)) { // r0 twice: a redelivery
        producer.send(new ProducerRecord<>(Topics.REGIONS, jobId, e)).get();
      }
      awaitItems(jobId, 8);

      String keyA = createVendor("flow-a-" + jobId);
      String keyB = createVendor("flow-b-" + jobId);
      // the image served is row r of the region's review tensor from the object store
      Map<String, Object> first = leased(keyA, "a1", jobId, 1).get(0);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(given().auth().oauth2(keyA)
          .get((String) first.get("imageUrl")).then().statusCode(200).extract().asByteArray()));
      assertThat(img.getRaster().getSample(0, 0, 0)).isEqualTo(Math.round(0.1f * 255));

      // Region 0: on 3 of 4 items the annotators see a 7 (3 of 4 = 0.75 > 0.5): a misclassification region.
      // Region 1: only 2 of 4 items disagree (exactly 0.5): not one.
      Map<Integer, int[]> truth = Map.of(0, new int[] {7, 7, 7, 1}, 1, new int[] {3, 3, 8, 8});
      int votes = 0;
      for (String[] annotator : List.of(new String[] {keyA, "a1"}, new String[] {keyB, "b1"},
          new String[] {keyA, "a2"})) {
        for (Map<String, Object> task : leased(annotator[0], annotator[1], jobId, 8)) {
          int item = ((Number) task.get("itemId")).intValue();
          Map<String, Object> view = itemView(jobId, item);
          int label = truth.get((Integer) view.get("region"))[(Integer) view.get("row")];
          // the third annotator says "none of the above" on region 1: discarded, majority unchanged
          Object vote = annotator[1].equals("a2") && (Integer) view.get("region") == 1 ? "none_of_the_above" : label;
          vote(annotator[0], task.get("assignmentId"), annotator[1], vote).statusCode(201);
          votes++;
        }
      }
      assertThat(votes).isEqualTo(24);

      List<ConsumerRecord<String, DefuseEvent>> received = poll(labels, jobId, 3);
      assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(jobId));
      List<RegionLabeled> regions = received.stream().map(ConsumerRecord::value)
          .filter(RegionLabeled.class::isInstance).map(RegionLabeled.class::cast).toList();
      assertThat(regions).extracting(RegionLabeled::regionId).containsExactlyInAnyOrder(0, 1);
      RegionLabeled labeled0 = regions.stream().filter(r -> r.regionId() == 0).findFirst().orElseThrow();
      assertThat(labeled0.misclassificationRegion()).isTrue();
      assertThat(labeled0.label()).isEqualTo(7);
      assertThat(labeled0.items()).hasSize(4).allSatisfy(i -> assertThat(i.votes()).hasSize(3));
      assertThat(labeled0.items().get(0).votes()).extracting(RegionLabeled.Vote::annotatorId)
          .containsExactlyInAnyOrder("a1", "b1", "a2");
      assertThat(labeled0.eventId()).isEqualTo(dev.defuse.common.events.EventIds.of(jobId, "region-labeled", 0));
      RegionLabeled labeled1 = regions.stream().filter(r -> r.regionId() == 1).findFirst().orElseThrow();
      assertThat(labeled1.misclassificationRegion()).isFalse();
      assertThat(labeled1.label()).isEqualTo(3);
      assertThat(labeled1.items().get(0).agreement()).isEqualTo(2.0 / 3);

      assertThat(received.get(2).value()).isInstanceOfSatisfying(LabelingCompleted.class, c -> {
        assertThat(c.regionCount()).isEqualTo(2);
        assertThat(c.misclassificationRegionCount()).isEqualTo(1);
        assertThat(c.voteCount()).isEqualTo(24);
      });

      // agreement statistics (Fig. 7): region 0 items all agree (1.0); region 1 items 2 of 3 (0.667)
      given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + jobId + "/agreement").then().statusCode(200)
          .body("misclassificationRegionItems.items", org.hamcrest.Matchers.equalTo(4))
          .body("misclassificationRegionItems.mean", org.hamcrest.Matchers.equalTo(1.0f))
          .body("otherItems.items", org.hamcrest.Matchers.equalTo(4))
          .body("allItems.items", org.hamcrest.Matchers.equalTo(8));

      // nothing more arrives: each region decided once, the job completed once
      assertThat(poll(labels, jobId, 0, Duration.ofSeconds(3))).isEmpty();
    }
  }

  /** Region id and review row of an item, from the admin API. */
  private static Map<String, Object> itemView(String jobId, int itemId) {
    List<Map<String, Object>> items = given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + jobId + "/items")
        .then().statusCode(200).extract().jsonPath().getList("items");
    Map<String, Object> item = items.stream().filter(i -> ((Number) i.get("itemId")).intValue() == itemId)
        .findFirst().orElseThrow();
    return Map.of("region", item.get("regionId"), "row", item.get("row"));
  }

  private RegionFound region(String jobId, int regionId, int[] predictions) {
    int rows = predictions.length;
    float[] data = new float[rows * 28 * 28];
    for (int r = 0; r < rows; r++) {
      java.util.Arrays.fill(data, r * 784, (r + 1) * 784, 0.1f * (regionId * 4 + r + 1));
    }
    TensorRef review = store.putTensor(ObjectKeys.regionSamples(jobId, regionId, "review"),
        new FloatTensor(new int[] {rows, 1, 28, 28}, data)).ref();
    return RegionFound.of(jobId, regionId, 2, 0.3, new double[] {0.1, 0.2}, new double[][] {{1, 0}, {0, 1}},
        review, review, review, predictions);
  }

  private void awaitItems(String jobId, int items) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      var response = given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + jobId + "/items");
      if (response.statusCode() == 200 && response.jsonPath().getList("items").size() == items) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the labeling service did not create " + items + " items for " + jobId);
  }

  private List<ConsumerRecord<String, DefuseEvent>> poll(KafkaConsumer<String, DefuseEvent> consumer, String jobId,
      int expected) {
    return poll(consumer, jobId, expected, WAIT);
  }

  private static List<ConsumerRecord<String, DefuseEvent>> poll(KafkaConsumer<String, DefuseEvent> consumer,
      String jobId, int expected, Duration wait) {
    List<ConsumerRecord<String, DefuseEvent>> records = new ArrayList<>();
    Instant deadline = Instant.now().plus(wait);
    while (Instant.now().isBefore(deadline) && (expected == 0 || records.size() < expected)) {
      for (ConsumerRecord<String, DefuseEvent> r : consumer.poll(Duration.ofMillis(200))) {
        if (jobId.equals(r.key())) {
          records.add(r);
        }
      }
    }
    return records;
  }

  private KafkaProducer<String, DefuseEvent> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    return new KafkaProducer<>(p);
  }

  private KafkaConsumer<String, DefuseEvent> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "flow-test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }
}
