package dev.defuse.labeling.domain;

import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.persistence.Assignment;
import dev.defuse.labeling.persistence.Item;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hands out tasks as leases. An annotator is never given the same item twice, and an item never has more live
 * leases plus votes than it needs: candidate items are locked and the count is re-read under the lock.
 */
@ApplicationScoped
public class TaskService {

  /** An item is open, has room for one more annotator, and was never assigned to this one. */
  private static final String HAS_ROOM_FOR_ANNOTATOR = """
        i.status = 'OPEN'
        AND NOT EXISTS (SELECT 1 FROM assignment a
                        WHERE a.item_id = i.id AND a.vendor_id = :vendorId AND a.annotator_id = :annotatorId)
        AND i.votes_received + (SELECT count(*) FROM assignment a
                                WHERE a.item_id = i.id AND a.state = 'LEASED' AND a.expires_at > :now)
            < i.votes_needed
      """;

  /**
   * Candidate items, lowest id first (so items fill up and regions get decided early), locked for this transaction
   * ({@code %s}: {@code SKIP LOCKED}, or nothing to wait for the lock).
   */
  private static final String CANDIDATES_SQL = "SELECT i.id FROM item i WHERE " + HAS_ROOM_FOR_ANNOTATOR
      + " AND (CAST(:jobId AS TEXT) IS NULL OR i.job_id = CAST(:jobId AS TEXT))"
      + " ORDER BY i.id LIMIT :limit FOR UPDATE OF i %s";

  /**
   * The same conditions, re-checked for items this transaction has locked, in a new statement (so with a snapshot
   * that includes everything committed before the locks were granted). While the locks are held no vote or lease
   * can be added to these items; leases can only expire, which only makes room.
   */
  private static final String RECHECK_SQL = "SELECT i.id FROM item i WHERE i.id IN (:ids) AND "
      + HAS_ROOM_FOR_ANNOTATOR + " ORDER BY i.id";

  private final Clock clock;
  private final LabelingConfig config;

  public TaskService(Clock clock, LabelingConfig config) {
    this.clock = clock;
    this.config = config;
  }

  /** A leased task. */
  public record Lease(Assignment assignment, Item item) {}

  /**
   * Up to {@code limit} tasks for one annotator: first its own unexpired leases (so a reload shows the same work),
   * then new leases. A first pass skips items that other transactions hold locked, so concurrent annotators take
   * different items without waiting; if that leaves the request short, a second transaction waits for the locked
   * items (in ascending id order, holding no other lock, so it cannot deadlock), so an empty answer really means that
   * no item has room for this annotator.
   */
  public List<Lease> lease(VendorCaller caller, String annotatorId, int limit, String jobId) {
    if (limit < 1 || limit > config.maxTasksPerRequest()) {
      throw ApiProblem.malformed("limit must be between 1 and " + config.maxTasksPerRequest() + ", got " + limit);
    }
    String annotator = caller.actingAnnotator(annotatorId);
    List<Lease> leases = QuarkusTransaction.requiringNew().call(() -> {
      List<Lease> found = liveLeases(caller, annotator, limit, jobId);
      found.addAll(newLeases(caller, annotator, limit - found.size(), jobId, true));
      return found;
    });
    if (leases.size() < limit) {
      int missing = limit - leases.size();
      leases.addAll(QuarkusTransaction.requiringNew().call(
          () -> newLeases(caller, annotator, missing, jobId, false)));
    }
    return leases;
  }

  private List<Lease> liveLeases(VendorCaller caller, String annotator, int limit, String jobId) {
    List<Assignment> live = Assignment.listLive(caller.vendorId(), annotator, clock.instant());
    if (live.isEmpty()) {
      return new ArrayList<>();
    }
    Map<Long, Item> items = Item.byIds(live.stream().map(a -> a.itemId).toList());
    List<Lease> leases = new ArrayList<>();
    for (Assignment a : live) {
      Item item = items.get(a.itemId);
      if (leases.size() < limit && (jobId == null || jobId.equals(item.jobId))) {
        leases.add(new Lease(a, item));
      }
    }
    return leases;
  }

  private List<Lease> newLeases(VendorCaller caller, String annotator, int limit, String jobId, boolean skipLocked) {
    if (limit <= 0) {
      return new ArrayList<>();
    }
    Instant now = clock.instant();
    List<Long> locked = ids(Panache.getEntityManager()
        .createNativeQuery(CANDIDATES_SQL.formatted(skipLocked ? "SKIP LOCKED" : ""))
        .setParameter("jobId", jobId)
        .setParameter("vendorId", caller.vendorId())
        .setParameter("annotatorId", annotator)
        .setParameter("now", Timestamp.from(now))
        .setParameter("limit", limit)
        .getResultList());
    if (locked.isEmpty()) {
      return new ArrayList<>();
    }
    // Re-read under the locks: another transaction may have leased or voted since the first statement's snapshot.
    List<Long> free = ids(Panache.getEntityManager().createNativeQuery(RECHECK_SQL)
        .setParameter("ids", locked)
        .setParameter("vendorId", caller.vendorId())
        .setParameter("annotatorId", annotator)
        .setParameter("now", Timestamp.from(now))
        .getResultList());
    Map<Long, Item> items = Item.byIds(free);
    Instant expires = now.plus(config.leaseDuration());
    List<Lease> leases = new ArrayList<>();
    for (Long id : free) {
      Assignment a = new Assignment();
      a.id = UUID.randomUUID();
      a.itemId = id;
      a.vendorId = caller.vendorId();
      a.annotatorId = annotator;
      a.state = Assignment.State.LEASED;
      a.leasedAt = now;
      a.expiresAt = expires;
      a.persist();
      leases.add(new Lease(a, items.get(id)));
    }
    return leases;
  }

  private static List<Long> ids(List<?> rows) {
    return rows.stream().map(r -> ((Number) r).longValue()).toList();
  }
}
