package dev.defuse.labeling.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The SQL of the lease path, as plain JDBC on the caller's transaction (see {@link VotingStatements} for why): a
 * lease request is at most three statements, however many tasks it hands out.
 */
@ApplicationScoped
public class LeaseStatements {

  /** The annotator's unexpired, unvoted leases, oldest first. {@code %s}: an optional job filter. */
  private static final String LIVE_LEASES = """
      SELECT a.id, a.item_id, i.job_id, a.expires_at
      FROM assignment a JOIN item i ON i.id = a.item_id
      WHERE a.vendor_id = ? AND a.annotator_id = ? AND a.state = 'LEASED' AND a.expires_at > ?::timestamptz %s
      ORDER BY a.leased_at, a.id
      LIMIT ?""";

  /**
   * An item is open, has room for one more annotator, and was never assigned to this one. Parameters: vendor id,
   * annotator id, now. "Never assigned" is a scalar sub-select, not {@code NOT EXISTS}: PostgreSQL turns the latter
   * into an anti join, and its generic plan (expecting one assignment per annotator) joined every candidate against
   * every assignment the annotator ever had, a cost that grew with the annotator's history; the sub-select is one
   * probe of {@code assignment_item_annotator} per candidate.
   */
  private static final String HAS_ROOM_FOR_ANNOTATOR = """
      i.status = 'OPEN'
      AND (SELECT count(*) FROM assignment a
           WHERE a.item_id = i.id AND a.vendor_id = ? AND a.annotator_id = ?) = 0
      AND i.votes_received + (SELECT count(*) FROM assignment a
                              WHERE a.item_id = i.id AND a.state = 'LEASED' AND a.expires_at > ?::timestamptz)
          < i.votes_needed""";

  /**
   * Candidate items, locked for this transaction: from the window of the lowest-id items with room (so items fill up
   * and regions get decided early), those with the fewest votes and live leases first. Without the second order the
   * annotators of an item all lease the same lowest items at once and then post their votes on the same rows at
   * once, queueing on their locks; spread over the window, concurrent requests mostly touch different items. The
   * chosen rows are locked in ascending id order, the order every transaction locks items in, so a request that
   * waits for them cannot deadlock with votes. {@code %s}: an optional job filter, then {@code SKIP LOCKED} or nothing
   * (to wait for the locks). Parameters: vendor id, annotator id, now, [job id], window, now, limit.
   */
  private static final String LOCK_CANDIDATES = """
      SELECT o.id, o.job_id FROM item o
      WHERE o.id IN (
        SELECT w.id FROM (SELECT i.id, i.votes_received FROM item i WHERE %s %%s ORDER BY i.id LIMIT ?) w
        ORDER BY w.votes_received + (SELECT count(*) FROM assignment a
                                     WHERE a.item_id = w.id AND a.state = 'LEASED' AND a.expires_at > ?::timestamptz),
                 w.id
        LIMIT ?)
      ORDER BY o.id
      FOR UPDATE OF o %%s""".formatted(HAS_ROOM_FOR_ANNOTATOR);

  /**
   * Leases the locked candidates that still have room. A new statement has a snapshot that includes everything
   * committed before the locks were granted, and while they are held no vote or lease can be added to these items
   * (leases can only expire, which only makes room), so the check cannot be overtaken.
   */
  private static final String INSERT_LEASES = """
      INSERT INTO assignment (id, item_id, vendor_id, annotator_id, state, leased_at, expires_at)
      SELECT gen_random_uuid(), i.id, ?::bigint, ?::text, 'LEASED', ?::timestamptz, ?::timestamptz
      FROM item i
      WHERE i.id = ANY(?)
      """ + " AND " + HAS_ROOM_FOR_ANNOTATOR + " RETURNING id, item_id";

  private static final String JOB_FILTER = "AND i.job_id = ?";

  /**
   * For the rest of the lease transaction: no bitmap or sequential scans. The candidates are the first open items in
   * id order that pass per-item checks; walked through the open-items index they cost a few probes each until the
   * window is full. Planned generically (the connections force generic plans), the checks' selectivity is a guess,
   * and when the guess was low PostgreSQL fetched and checked every open item of every job, then sorted them:
   * measured 8–13 ms per lease with 2,000 open items, growing with the backlog.
   */
  private static final String ORDERED_WALK = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off";

  private final AgroalDataSource dataSource;

  public LeaseStatements(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Up to {@code limit} unexpired leases of the annotator (of one job, if {@code jobId} is given), oldest first. */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Lease> liveLeases(long vendorId, String annotatorId, String jobId, Instant now, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(LIVE_LEASES.formatted(jobId == null ? "" : JOB_FILTER))) {
      int p = 1;
      s.setLong(p++, vendorId);
      s.setString(p++, annotatorId);
      s.setObject(p++, VotingStatements.timestamp(now));
      if (jobId != null) {
        s.setString(p++, jobId);
      }
      s.setInt(p, limit);
      List<Lease> leases = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          leases.add(new Lease(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3), annotatorId,
              VotingStatements.instant(rs, 4)));
        }
      }
      return leases;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the leases of annotator " + annotatorId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Leases up to {@code limit} new items to the annotator until {@code expiresAt}: among the {@code limit × spread}
   * lowest-id items with room, the least voted and leased first.
   *
   * @param spread     how many leases' worth of low-id items to choose from (1: strictly the lowest ids)
   * @param skipLocked pass over items that other transactions hold locked (never waits), or wait for them
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Lease> leaseNew(long vendorId, String annotatorId, String jobId, Instant now, Instant expiresAt,
      int limit, int spread, boolean skipLocked) {
    if (spread < 1) { // a window of 0 items would silently lease nothing
      throw new IllegalStateException("defuse.labeling.lease-spread must be at least 1, got " + spread);
    }
    try (Connection c = dataSource.getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute(ORDERED_WALK);
      }
      Map<Long, String> jobs = new LinkedHashMap<>();
      try (PreparedStatement s = c.prepareStatement(LOCK_CANDIDATES.formatted(jobId == null ? "" : JOB_FILTER,
          skipLocked ? "SKIP LOCKED" : ""))) {
        int p = bindRoom(s, 1, vendorId, annotatorId, now);
        if (jobId != null) {
          s.setString(p++, jobId);
        }
        s.setInt(p++, limit * spread);
        s.setObject(p++, VotingStatements.timestamp(now));
        s.setInt(p, limit);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            jobs.put(rs.getLong(1), rs.getString(2));
          }
        }
      }
      if (jobs.isEmpty()) {
        return new ArrayList<>();
      }
      Map<Long, UUID> leased = new TreeMap<>();
      try (PreparedStatement s = c.prepareStatement(INSERT_LEASES)) {
        s.setLong(1, vendorId);
        s.setString(2, annotatorId);
        s.setObject(3, VotingStatements.timestamp(now));
        s.setObject(4, VotingStatements.timestamp(expiresAt));
        s.setArray(5, c.createArrayOf("bigint", jobs.keySet().toArray()));
        bindRoom(s, 6, vendorId, annotatorId, now);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            leased.put(rs.getLong(2), rs.getObject(1, UUID.class));
          }
        }
      }
      List<Lease> leases = new ArrayList<>(leased.size());
      leased.forEach((item, id) -> leases.add(new Lease(id, item, jobs.get(item), annotatorId, expiresAt)));
      return leases;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot lease items to annotator " + annotatorId + ": " + e.getMessage(), e);
    }
  }

  private static int bindRoom(PreparedStatement s, int from, long vendorId, String annotatorId, Instant now)
      throws SQLException {
    s.setLong(from, vendorId);
    s.setString(from + 1, annotatorId);
    s.setObject(from + 2, VotingStatements.timestamp(now));
    return from + 3;
  }
}
