package dev.defuse.labeling.domain;

import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.leased;
import static dev.defuse.labeling.Fixtures.rawVotes;
import static dev.defuse.labeling.Fixtures.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.labeling.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many annotators at once through the HTTP API: no vote is lost or stored twice, no item gets more annotators than
 * it needs, and every region is decided exactly once.
 */
@QuarkusTest
class ConcurrentVotingTest {

  private static final int THREADS = 24;

  @TestHTTPResource("/")
  URL base;

  @Inject
  AgroalDataSource db;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Inject
  Fixtures fixtures;

  @Test
  void manyAnnotatorsLabelAJobWithoutLostOrExtraVotes() throws Exception {
    labelConcurrently(false);
  }

  /**
   * The same with batches: each annotator posts its leased tasks as one batch, in its own random order, so the
   * batches of an item's annotators lock overlapping sets of items (and regions) at the same time.
   */
  @Test
  void manyAnnotatorsPostingBatchesLoseNothingAndNeverDeadlock() throws Exception {
    labelConcurrently(true);
  }

  private void labelConcurrently(boolean batches) throws Exception {
    String jobId = Fixtures.newJobId();
    int regions = 4;
    int itemsPerRegion = 10;
    int needed = 5;
    int[][] predictions = new int[regions][];
    for (int g = 0; g < regions; g++) {
      predictions[g] = repeat(g, itemsPerRegion);
    }
    fixtures.createJob(jobId, needed, 0.5, predictions);
    List<String> keys = List.of(createVendor("conc-a-" + jobId), createVendor("conc-b-" + jobId));

    // accepted votes as the clients saw them: (vendor key index, annotator, item) -> vote id
    Map<String, Long> accepted = new ConcurrentHashMap<>();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        String key = keys.get(thread % 2);
        String annotator = "ann-" + thread;
        Random order = new Random(thread);
        for (int round = 0; round < 1000; round++) {
          JsonNode tasks = get("/api/v1/tasks?annotatorId=" + annotator + "&limit=" + (batches ? 8 : 3)
              + "&jobId=" + jobId, key);
          if (tasks.get("tasks").isEmpty()) {
            return null;
          }
          List<Map<String, Object>> votes = new ArrayList<>();
          for (JsonNode task : tasks.get("tasks")) {
            // label: the region id for the first half of each region's items, 9 for the rest
            int label = (task.get("itemId").asLong() % 2 == 0) ? 9 : (int) (task.get("itemId").asLong() % 10);
            votes.add(Map.of("assignmentId", task.get("assignmentId").asText(), "annotatorId", annotator,
                "label", label));
          }
          Collections.shuffle(votes, order);
          List<HttpResponse<String>> responses = new ArrayList<>();
          if (batches) {
            responses.add(post("/api/v1/votes/batch", key, Map.of("votes", votes)));
          } else {
            for (Map<String, Object> vote : votes) {
              responses.add(post("/api/v1/votes", key, vote));
            }
          }
          for (HttpResponse<String> r : responses) {
            if (r.statusCode() == 201 || (batches && r.statusCode() == 200)) {
              JsonNode body = json.readTree(r.body());
              for (JsonNode stored : batches ? body.get("votes") : List.of(body)) {
                assertThat(stored.get("created").asBoolean()).isTrue();
                Long previous = accepted.put(thread % 2 + "/" + annotator + "/" + stored.get("itemId").asLong(),
                    stored.get("voteId").asLong());
                assertThat(previous).as("an annotator voted twice on one item").isNull();
              }
            } else {
              refused.incrementAndGet();
            }
          }
        }
        throw new AssertionError(annotator + " never ran out of tasks");
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    int items = regions * itemsPerRegion;
    assertThat(refused.get()).isZero();
    assertThat(accepted).hasSize(items * needed);
    List<Map<String, Object>> stored = rawVotes(jobId);
    assertThat(stored).hasSize(items * needed);
    Set<Long> storedIds = new HashSet<>();
    Map<Long, Integer> perItem = new HashMap<>();
    for (Map<String, Object> v : stored) {
      storedIds.add(((Number) v.get("voteId")).longValue());
      perItem.merge(((Number) v.get("itemId")).longValue(), 1, Integer::sum);
    }
    assertThat(storedIds).containsExactlyInAnyOrderElementsOf(accepted.values());
    assertThat(perItem).hasSize(items).allSatisfy((item, count) -> assertThat(count).isEqualTo(needed));

    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      // never over-assigned: leases here never expire, so each item was leased exactly `needed` times
      assertThat(single(s, "SELECT max(n) FROM (SELECT count(*) n FROM assignment a JOIN item i ON i.id = a.item_id"
          + " WHERE i.job_id = '" + jobId + "' GROUP BY a.item_id) x")).isEqualTo(needed);
      assertThat(single(s, "SELECT count(*) FROM region WHERE status = 'DECIDED' AND job_id = '" + jobId + "'"))
          .isEqualTo(regions);
      assertThat(single(s, "SELECT count(*) FROM labeling_job WHERE completed_at IS NOT NULL AND job_id = '"
          + jobId + "'")).isEqualTo(1);
      // one RegionLabeled per region and one LabelingCompleted in the outbox
      assertThat(single(s, "SELECT count(*) FROM outbox_event WHERE record_key = '" + jobId + "'"))
          .isEqualTo(regions + 1);
    }
  }

  @Test
  void racingRepeatsOfOneVoteStoreItOnceAndRacingChangesConflict() throws Exception {
    String jobId = Fixtures.newJobId();
    fixtures.createJob(jobId, 2, 0.5, new int[] {1, 1});
    String key = createVendor("race-" + jobId);
    List<Map<String, Object>> tasks = leased(key, "racer", jobId, 2);

    // 16 identical posts of one vote: one creates it, the others return it
    List<HttpResponse<String>> same = race(16, i -> post("/api/v1/votes", key,
        Map.of("assignmentId", tasks.get(0).get("assignmentId"), "annotatorId", "racer", "label", 4)));
    assertThat(same).extracting(HttpResponse::statusCode).containsOnly(200, 201)
        .filteredOn(code -> code == 201).hasSize(1);
    assertThat(same.stream().map(r -> read(r).get("voteId").asLong()).distinct()).hasSize(1);

    // 16 posts with different labels: exactly one label is stored, the others are conflicts (or repeats of it)
    List<HttpResponse<String>> changed = race(16, i -> post("/api/v1/votes", key,
        Map.of("assignmentId", tasks.get(1).get("assignmentId"), "annotatorId", "racer", "label", i % 10)));
    assertThat(changed).filteredOn(r -> r.statusCode() == 201).hasSize(1);
    int winner = read(changed.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow())
        .get("label").asInt();
    for (HttpResponse<String> r : changed) {
      if (r.statusCode() != 201) {
        assertThat(r.statusCode()).isIn(200, 409);
        if (r.statusCode() == 200) {
          assertThat(read(r).get("label").asInt()).isEqualTo(winner);
        }
      }
    }
    assertThat(rawVotes(jobId)).hasSize(2);
  }

  private interface Call {
    HttpResponse<String> call(int index) throws Exception;
  }

  private static List<HttpResponse<String>> race(int n, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(pool.submit(() -> {
        start.await();
        return call.call(index);
      }));
    }
    start.countDown();
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (Future<HttpResponse<String>> f : futures) {
      responses.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    return responses;
  }

  private JsonNode read(HttpResponse<String> r) {
    try {
      return json.readTree(r.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  private JsonNode get(String path, String key) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path.substring(1)))
        .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String key, Object body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path.substring(1)))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static long single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
