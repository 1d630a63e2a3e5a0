package dev.defuse.labeling.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a region decision, as plain JDBC on the caller's transaction (the vote request that completed the
 * region): one statement reads the region, its job's parameters, its items and every vote on them; one writes the
 * decision. Through Hibernate the same decision loaded ~60 entities and re-translated its {@code in (…)} query for
 * every region (a list-valued parameter defeats the query plan cache); that was most of the service's CPU per vote
 * in the benchmark (see docs/benchmarks.md).
 */
@ApplicationScoped
public class DecisionStatements {

  /**
   * A region with its job's parameters and, one row per item in review-row order, the item's consolidated state and
   * its votes in the order they were stored. The votes are aggregated per item in a lateral sub-query, which
   * PostgreSQL cannot flatten into a join: whatever the (generic) plan, each item's votes are one probe of the vote
   * table's (item_id, …) index, never a scan of the whole table.
   */
  private static final String READ_REGION = """
      SELECT r.job_id, r.region_id, j.rho, j.expected_regions,
             i.review_row, i.predicted, i.label, i.agreement, v.annotators, v.vendors, v.labels
      FROM region r
      JOIN labeling_job j ON j.job_id = r.job_id
      JOIN item i ON i.region_pk = r.id
      CROSS JOIN LATERAL (
        SELECT array_agg(w.annotator_id ORDER BY w.id) AS annotators,
               array_agg(w.vendor_id ORDER BY w.id) AS vendors,
               array_agg(w.label ORDER BY w.id) AS labels
        FROM vote w WHERE w.item_id = i.id
      ) v
      WHERE r.id = ?
      ORDER BY i.review_row""";

  private static final String MARK_DECIDED = """
      UPDATE region SET status = 'DECIDED', misclassification = ?, label = ?, labeled_items = ?,
             disagreeing_items = ?, disagreement_share = ?, decided_at = ?::timestamptz
      WHERE id = ? AND status = 'OPEN'""";

  private final AgroalDataSource dataSource;

  public DecisionStatements(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** One stored vote as a region decision reports it. */
  public record StoredVote(String annotatorId, long vendorId, Integer label) {}

  /**
   * An item of a region to decide.
   *
   * @param label     the item's majority label, null when it has none (all "none of the above", or not complete)
   * @param agreement share of its annotators who voted that label, null without a label
   */
  public record ItemVotes(int reviewRow, int predicted, Integer label, Double agreement, List<StoredVote> votes) {}

  /**
   * A region to decide, its job's parameters and its items.
   *
   * @param expectedRegions the job's number of regions, null while distill has not said it
   */
  public record RegionBallot(long regionPk, String jobId, int regionId, double rho,
      Integer expectedRegions, List<ItemVotes> items) {}

  /** Reads a region (which the caller holds locked) with everything its decision needs. */
  @Transactional(Transactional.TxType.MANDATORY)
  public RegionBallot read(long regionPk) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(READ_REGION)) {
      s.setLong(1, regionPk);
      String jobId = null;
      int regionId = 0;
      double rho = 0;
      Integer expected = null;
      List<ItemVotes> items = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          jobId = rs.getString(1);
          regionId = rs.getInt(2);
          rho = rs.getDouble(3);
          expected = (Integer) rs.getObject(4);
          items.add(new ItemVotes(rs.getInt(5), rs.getInt(6), (Integer) rs.getObject(7), (Double) rs.getObject(8),
              votes(rs.getArray(9), rs.getArray(10), rs.getArray(11))));
        }
      }
      if (jobId == null) {
        throw new IllegalStateException("region " + regionPk + " does not exist or has no items");
      }
      return new RegionBallot(regionPk, jobId, regionId, rho, expected, items);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read region " + regionPk + " for its decision: " + e.getMessage(), e);
    }
  }

  /**
   * Stores a region's decision (the caller holds the region locked and found it open).
   *
   * @param label the region's label, null when none of its items has one
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void markDecided(long regionPk, boolean misclassification, Integer label, int labeledItems,
      int disagreeingItems, double disagreementShare, Instant decidedAt) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(MARK_DECIDED)) {
      s.setBoolean(1, misclassification);
      s.setObject(2, label, Types.INTEGER);
      s.setInt(3, labeledItems);
      s.setInt(4, disagreeingItems);
      s.setDouble(5, disagreementShare);
      s.setObject(6, VotingStatements.timestamp(decidedAt));
      s.setLong(7, regionPk);
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException("region " + regionPk + " is not open: it cannot be decided again");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the decision of region " + regionPk + ": " + e.getMessage(), e);
    }
  }

  /** An item's votes from the three arrays aggregated in one order (all null: the item has no vote yet). */
  private static List<StoredVote> votes(Array annotators, Array vendors, Array labels) throws SQLException {
    if (annotators == null) {
      return List.of();
    }
    String[] a = (String[]) annotators.getArray();
    Long[] v = (Long[]) vendors.getArray();
    Integer[] l = (Integer[]) labels.getArray();
    annotators.free();
    vendors.free();
    labels.free();
    List<StoredVote> votes = new ArrayList<>(a.length);
    for (int k = 0; k < a.length; k++) {
      votes.add(new StoredVote(a[k], v[k], l[k]));
    }
    return votes;
  }
}
