package dev.defuse.labeling.rest;

import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.leased;
import static dev.defuse.labeling.Fixtures.rawVotes;
import static dev.defuse.labeling.Fixtures.repeat;
import static dev.defuse.labeling.Fixtures.tasks;
import static dev.defuse.labeling.Fixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.defuse.labeling.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-vendor rate limit on PostgreSQL, with a limit tight enough to hit: a burst beyond it is refused with 429,
 * a problem body and Retry-After, and nothing of a refused request is stored; other vendors are not affected.
 */
@QuarkusTest
@TestProfile(RateLimitTest.TightLimit.class)
class RateLimitTest {

  /** Four requests at once, then one every 20 s. */
  public static final class TightLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("defuse.labeling.rate-limit.requests-per-second", "0.05",
          "defuse.labeling.rate-limit.burst", "4");
    }
  }

  private static final int BURST = 4;
  private static final double RATE = 0.05;

  @Inject
  Fixtures fixtures;

  @Inject
  AgroalDataSource db;

  @Test
  void aBurstBeyondTheLimitIsRefusedWith429AndStoresNothing() throws Exception {
    String jobId = Fixtures.newJobId();
    fixtures.createJob(jobId, 1, 0.5, repeat(3, 10));
    String keyA = createVendor("limited-a-" + jobId);
    String keyB = createVendor("limited-b-" + jobId);

    long begin = System.nanoTime();
    List<Map<String, Object>> tasks = leased(keyA, "alice", jobId, 10); // the first of the vendor's four
    List<Object> accepted = new ArrayList<>();
    List<ExtractableResponse<Response>> refused = new ArrayList<>();
    for (Map<String, Object> task : tasks) {
      ExtractableResponse<Response> r = vote(keyA, task.get("assignmentId"), "alice", 3).extract();
      if (r.statusCode() == 201) {
        accepted.add(task.get("assignmentId"));
      } else {
        refused.add(r);
      }
    }
    double seconds = (System.nanoTime() - begin) / 1e9;

    // three votes fit in the burst after the lease, plus one per 20 s the burst took
    assertThat(accepted.size()).isBetween(BURST - 1, BURST - 1 + (int) Math.floor(seconds * RATE));
    assertThat(refused).hasSize(tasks.size() - accepted.size()).allSatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.contentType()).startsWith(Problems.MEDIA_TYPE);
      assertThat(r.path("type").toString()).isEqualTo(Problems.TYPE_PREFIX + "rate-limited");
      assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 20);
    });
    // nothing of a refused vote was stored
    assertThat(rawVotes(jobId)).extracting(v -> v.get("voteId")).hasSize(accepted.size());
    assertThat(votedAssignments(jobId)).containsExactlyInAnyOrderElementsOf(
        accepted.stream().map(Object::toString).toList());

    // leasing counts too, and a refused lease request leases nothing
    tasks(keyA, "carol", jobId, 1).statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue())
        .body("status", equalTo(429));
    assertThat(leasesOf("carol", jobId)).isZero();

    // the limit is per vendor: vendor B still gets its answers
    tasks(keyB, "bob", jobId, 1).statusCode(200);
  }

  private List<String> votedAssignments(String jobId) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT v.assignment_id FROM vote v JOIN item i ON i.id = v.item_id WHERE i.job_id = ?")) {
      s.setString(1, jobId);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  private long leasesOf(String annotator, String jobId) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM assignment a JOIN item i ON i.id = a.item_id WHERE a.annotator_id = ? AND i.job_id = ?")) {
      s.setString(1, annotator);
      s.setString(2, jobId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
