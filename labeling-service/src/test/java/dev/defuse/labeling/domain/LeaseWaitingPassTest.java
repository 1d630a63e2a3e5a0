package dev.defuse.labeling.domain;

import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.leased;
import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.labeling.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An empty task list means that no item has room for the annotator, even when the item a lease waited for was filled
 * by the transaction holding its lock.
 */
@QuarkusTest
class LeaseWaitingPassTest {

  /** Long enough for the lease request to be waiting on the lock before the holder commits. */
  private static final long HOLD_MILLIS = 700;

  @Inject
  AgroalDataSource db;

  @Inject
  Fixtures fixtures;

  @Test
  void aLeaseWhoseLockedCandidateGetsFilledMovesOnToAnItemWithRoom() throws Exception {
    String jobId = Fixtures.newJobId();
    fixtures.createJob(jobId, 1, 0.5, new int[] {0, 0});
    String key = createVendor("wait-" + jobId);
    List<Long> items = itemIds(jobId);
    long first = items.get(0);
    long second = items.get(1);

    CompletableFuture<List<Map<String, Object>>> lease;
    try (Connection holder = db.getConnection()) {
      holder.setAutoCommit(false);
      // another transaction fills the lowest item, the one every lease picks first, and holds its lock a while
      try (PreparedStatement fill = holder.prepareStatement(
          "UPDATE item SET votes_received = votes_needed, status = 'COMPLETE' WHERE id = ?")) {
        fill.setLong(1, first);
        assertThat(fill.executeUpdate()).isEqualTo(1);
      }
      lease = CompletableFuture.supplyAsync(() -> leased(key, "late-annotator", jobId, 1));
      TimeUnit.MILLISECONDS.sleep(HOLD_MILLIS);
      assertThat(lease).as("the lease waits for the locked item").isNotDone();
      holder.commit();
    }

    List<Map<String, Object>> tasks = lease.get(30, TimeUnit.SECONDS);
    assertThat(tasks).as("the second item has room, so the answer is not empty").hasSize(1);
    assertThat(((Number) tasks.get(0).get("itemId")).longValue()).isEqualTo(second);
  }

  private List<Long> itemIds(String jobId) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM item WHERE job_id = ? ORDER BY id")) {
      s.setString(1, jobId);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      assertThat(ids).hasSize(2);
      return ids;
    }
  }
}
