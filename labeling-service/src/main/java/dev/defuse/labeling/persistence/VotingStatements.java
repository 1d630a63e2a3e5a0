package dev.defuse.labeling.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The SQL of the vote path, as plain JDBC on the caller's transaction: one statement locks and reads everything a
 * vote request needs, one writes all its votes, assignment states and item counters. Through Hibernate the same
 * request took seven round trips plus flush-time dirty checking, which was most of the CPU a vote cost (see
 * docs/benchmarks.md). Everything else (decisions, admin views) stays with the Panache entities.
 *
 * <p>Agroal hands out the connection enlisted in the current JTA transaction, so these statements and the Panache
 * entities used later in the same transaction see each other's changes and commit or roll back together.
 */
@ApplicationScoped
public class VotingStatements {

  /**
   * The assignments a request names, each with its item (locked for update, in ascending item id order, so that
   * concurrent requests never deadlock), the assignment's vote if any, and the labels of all votes on the item.
   * {@code %s}: how the assignments are named (by id, by item and annotator, or both).
   */
  private static final String LOCK_FOR_VOTING = """
      SELECT a.id, a.item_id, a.annotator_id, a.state, a.expires_at,
             i.job_id, i.region_pk, i.votes_needed, i.votes_received, i.status,
             v.id, v.label, v.created_at,
             ARRAY(SELECT w.label FROM vote w WHERE w.item_id = i.id)
      FROM assignment a
      JOIN item i ON i.id = a.item_id
      LEFT JOIN vote v ON v.assignment_id = a.id
      WHERE a.vendor_id = ? AND (%s)
      ORDER BY i.id
      FOR UPDATE OF i""";

  private static final String BY_ASSIGNMENT = "a.id = ANY(?)";
  private static final String BY_ITEM_AND_ANNOTATOR =
      "(a.item_id, a.annotator_id) IN (SELECT * FROM unnest(?::bigint[], ?::text[]))";

  /** Live leases of an item other than the given assignments. */
  private static final String LIVE_LEASES_EXCEPT = """
      SELECT count(*) FROM assignment
      WHERE item_id = ? AND state = 'LEASED' AND expires_at > ?::timestamptz AND NOT (id = ANY(?))""";

  /**
   * Stores a request's new votes, marks their assignments voted and advances their items (completing those that
   * got their last vote), all in one statement. Returns the new votes' ids and the items' new vote counts.
   */
  private static final String WRITE_VOTES = """
      WITH new_vote AS (
        INSERT INTO vote (item_id, assignment_id, vendor_id, annotator_id, label, created_at)
        SELECT n.item_id, n.assignment_id, ?::bigint, n.annotator_id, n.label, ?::timestamptz
        FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::int[]) AS n(item_id, assignment_id, annotator_id, label)
        RETURNING id, assignment_id
      ), voted AS (
        UPDATE assignment SET state = 'VOTED' WHERE id = ANY(?::uuid[])
      ), counted AS (
        UPDATE item i SET votes_received = i.votes_received + u.added,
               status = CASE WHEN u.complete THEN 'COMPLETE' ELSE i.status END,
               label = CASE WHEN u.complete THEN u.label ELSE i.label END,
               agreement = CASE WHEN u.complete THEN u.agreement ELSE i.agreement END,
               completed_at = CASE WHEN u.complete THEN ?::timestamptz ELSE i.completed_at END
        FROM unnest(?::bigint[], ?::int[], ?::boolean[], ?::int[], ?::float8[])
             AS u(id, added, complete, label, agreement)
        WHERE i.id = u.id
        RETURNING i.id, i.votes_received
      )
      SELECT id, assignment_id, NULL::int FROM new_vote
      UNION ALL
      SELECT id, NULL, votes_received FROM counted""";

  /** Locks regions in ascending id order (after the items, before the job: the order of every transaction). */
  private static final String LOCK_REGIONS = "SELECT id, status FROM region WHERE id = ANY(?) ORDER BY id FOR UPDATE";

  /** The job, locked: is it still open, and how many regions does it have? */
  private static final String LOCK_JOB =
      "SELECT expected_regions, completed_at FROM labeling_job WHERE job_id = ? FOR UPDATE";

  /** Decided regions of a job, read after the job's lock is held. */
  private static final String DECIDED_REGIONS = "SELECT count(*) FROM region WHERE job_id = ? AND status = 'DECIDED'";

  /** Incomplete items per region, read after the region locks are held. */
  private static final String INCOMPLETE_ITEMS = """
      SELECT region_pk, count(*) FILTER (WHERE status <> 'COMPLETE') FROM item
      WHERE region_pk = ANY(?) GROUP BY region_pk""";

  private final AgroalDataSource dataSource;

  public VotingStatements(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** An assignment named by item and annotator (the vendor is the caller's). */
  public record ItemAnnotator(long itemId, String annotatorId) {}

  /**
   * An assignment a vote request names, with the current state of its item (locked by this transaction).
   *
   * @param voteId     the assignment's vote, null if it has none yet
   * @param voteLabel  that vote's label (null: none of the above, or no vote)
   * @param itemLabels the labels of every vote on the item (null entries: none of the above)
   */
  public record VotingRow(UUID assignmentId, long itemId, String annotatorId, boolean leased, Instant expiresAt,
      String jobId, long regionPk, int votesNeeded, int votesReceived, boolean itemOpen,
      Long voteId, Integer voteLabel, Instant voteCreatedAt, List<Integer> itemLabels) {

    /** A lease counts against its item while it is unvoted and unexpired. */
    public boolean isLive(Instant now) {
      return leased && expiresAt.isAfter(now);
    }
  }

  /** A vote to insert. */
  public record NewVote(long itemId, UUID assignmentId, String annotatorId, Integer label) {}

  /**
   * How an item advances: {@code added} votes, and if they complete it, its consolidated label (null: no label)
   * and agreement.
   */
  public record ItemAdvance(long itemId, int added, boolean complete, Integer label, Double agreement) {}

  /** What {@link #write} stored: vote ids by assignment, new vote counts by item. */
  public record Written(Map<UUID, Long> voteIds, Map<Long, Integer> votesReceived) {}

  /**
   * Locks the items of the named assignments and reads them. The rows are consistent with everything committed
   * before the locks were granted: if this statement had to wait for another transaction's vote, its snapshot (taken
   * before the wait) misses that vote, which shows as an item whose vote count differs from the labels read; the
   * statement then runs once more, holding the locks, with a fresh snapshot.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<VotingRow> lockForVoting(long vendorId, Collection<UUID> assignmentIds,
      Collection<ItemAnnotator> byItem) {
    List<VotingRow> rows = readLocked(vendorId, assignmentIds, byItem);
    if (rows.stream().anyMatch(r -> r.itemLabels().size() != r.votesReceived())) {
      rows = readLocked(vendorId, assignmentIds, byItem);
      for (VotingRow r : rows) {
        if (r.itemLabels().size() != r.votesReceived()) {
          throw new IllegalStateException("item " + r.itemId() + " counts " + r.votesReceived() + " votes but has "
              + r.itemLabels().size());
        }
      }
    }
    return rows;
  }

  private List<VotingRow> readLocked(long vendorId, Collection<UUID> assignmentIds,
      Collection<ItemAnnotator> byItem) {
    String condition = byItem.isEmpty() ? BY_ASSIGNMENT
        : assignmentIds.isEmpty() ? BY_ITEM_AND_ANNOTATOR
        : BY_ASSIGNMENT + " OR " + BY_ITEM_AND_ANNOTATOR;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(LOCK_FOR_VOTING.formatted(condition))) {
      int p = 1;
      s.setLong(p++, vendorId);
      if (!assignmentIds.isEmpty()) {
        s.setArray(p++, c.createArrayOf("uuid", assignmentIds.toArray()));
      }
      if (!byItem.isEmpty()) {
        s.setArray(p++, c.createArrayOf("bigint", byItem.stream().map(ItemAnnotator::itemId).toArray()));
        s.setArray(p++, c.createArrayOf("text", byItem.stream().map(ItemAnnotator::annotatorId).toArray()));
      }
      List<VotingRow> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Array labels = rs.getArray(14);
          rows.add(new VotingRow(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3),
              "LEASED".equals(rs.getString(4)), instant(rs, 5), rs.getString(6), rs.getLong(7), rs.getInt(8),
              rs.getInt(9), "OPEN".equals(rs.getString(10)), (Long) rs.getObject(11), (Integer) rs.getObject(12),
              instant(rs, 13), Arrays.asList((Integer[]) labels.getArray())));
          labels.free();
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the assignments of a vote request: " + e.getMessage(), e);
    }
  }

  /** Live leases of an item, not counting {@code except} (the voting assignment and those voted in this request). */
  @Transactional(Transactional.TxType.MANDATORY)
  public long liveLeasesExcept(long itemId, Collection<UUID> except, Instant now) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(LIVE_LEASES_EXCEPT)) {
      s.setLong(1, itemId);
      s.setObject(2, timestamp(now));
      s.setArray(3, c.createArrayOf("uuid", except.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the live leases of item " + itemId + ": " + e.getMessage(), e);
    }
  }

  /** Stores new votes and advances their items (whose locks the caller holds). */
  @Transactional(Transactional.TxType.MANDATORY)
  public Written write(long vendorId, Instant now, List<NewVote> votes, Collection<ItemAdvance> items) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(WRITE_VOTES)) {
      OffsetDateTime at = timestamp(now);
      Object[] assignmentIds = votes.stream().map(NewVote::assignmentId).toArray();
      int p = 1;
      s.setLong(p++, vendorId);
      s.setObject(p++, at);
      s.setArray(p++, c.createArrayOf("bigint", votes.stream().map(NewVote::itemId).toArray()));
      s.setArray(p++, c.createArrayOf("uuid", assignmentIds));
      s.setArray(p++, c.createArrayOf("text", votes.stream().map(NewVote::annotatorId).toArray()));
      s.setArray(p++, c.createArrayOf("int4", votes.stream().map(NewVote::label).toArray()));
      s.setArray(p++, c.createArrayOf("uuid", assignmentIds));
      s.setObject(p++, at);
      s.setArray(p++, c.createArrayOf("bigint", items.stream().map(ItemAdvance::itemId).toArray()));
      s.setArray(p++, c.createArrayOf("int4", items.stream().map(ItemAdvance::added).toArray()));
      s.setArray(p++, c.createArrayOf("bool", items.stream().map(ItemAdvance::complete).toArray()));
      s.setArray(p++, c.createArrayOf("int4", items.stream().map(ItemAdvance::label).toArray()));
      s.setArray(p++, c.createArrayOf("float8", items.stream().map(ItemAdvance::agreement).toArray()));
      Map<UUID, Long> voteIds = new HashMap<>();
      Map<Long, Integer> received = new HashMap<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          UUID assignment = rs.getObject(2, UUID.class);
          if (assignment != null) {
            voteIds.put(assignment, rs.getLong(1));
          } else {
            received.put(rs.getLong(1), rs.getInt(3));
          }
        }
      }
      return new Written(voteIds, received);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store " + votes.size() + " votes: " + e.getMessage(), e);
    }
  }

  /**
   * Locks the regions (ascending ids) and returns those that are still open and have no incomplete item left:
   * read under the lock, so of two transactions completing a region's last items exactly one sees it complete.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Long> lockCompleteOpenRegions(Collection<Long> regionIds) {
    Object[] ids = regionIds.stream().sorted().toArray();
    try (Connection c = dataSource.getConnection()) {
      List<Long> open = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(LOCK_REGIONS)) {
        s.setArray(1, c.createArrayOf("bigint", ids));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            if ("OPEN".equals(rs.getString(2))) {
              open.add(rs.getLong(1));
            }
          }
        }
      }
      if (open.isEmpty()) {
        return open;
      }
      Map<Long, Long> incomplete = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(INCOMPLETE_ITEMS)) {
        s.setArray(1, c.createArrayOf("bigint", open.toArray()));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            incomplete.put(rs.getLong(1), rs.getLong(2));
          }
        }
      }
      return open.stream().filter(id -> Objects.equals(incomplete.get(id), 0L)).toList();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock regions " + regionIds + ": " + e.getMessage(), e);
    }
  }

  /**
   * Locks the job and tells whether it is open, knows its number of regions and has them all decided: read under the
   * lock, so of two transactions deciding a job's last regions exactly one sees it done.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean lockJobIfAllRegionsDecided(String jobId) {
    try (Connection c = dataSource.getConnection()) {
      long expected;
      try (PreparedStatement s = c.prepareStatement(LOCK_JOB)) {
        s.setString(1, jobId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no labeling job " + jobId);
          }
          expected = rs.getLong(1);
          if (rs.wasNull() || rs.getObject(2) != null) {
            return false;
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement(DECIDED_REGIONS)) {
        s.setString(1, jobId);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong(1) >= expected;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lock job " + jobId + ": " + e.getMessage(), e);
    }
  }

  static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
