package dev.defuse.labeling.domain;

import dev.defuse.labeling.config.LabelingConfig;
import dev.defuse.labeling.persistence.Lease;
import dev.defuse.labeling.persistence.LeaseStatements;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Hands out tasks as leases. An annotator is never given the same item twice, and an item never has more live
 * leases plus votes than it needs: candidate items are locked and the count is re-read under the lock
 * ({@link LeaseStatements}).
 */
@ApplicationScoped
public class TaskService {

  /** Waiting passes at most: one when the skipping pass left a request short, more while it is still empty. */
  static final int WAITING_PASSES = 3;

  private final Clock clock;
  private final LabelingConfig config;
  private final LeaseStatements statements;

  public TaskService(Clock clock, LabelingConfig config, LeaseStatements statements) {
    this.clock = clock;
    this.config = config;
    this.statements = statements;
  }

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
      Instant now = now();
      List<Lease> found = statements.liveLeases(caller.vendorId(), annotator, jobId, now, limit);
      if (found.size() < limit) {
        found.addAll(statements.leaseNew(caller.vendorId(), annotator, jobId, now,
            now.plus(config.leaseDuration()), limit - found.size(), config.leaseSpread(), true));
      }
      return found;
    });
    // Waiting for a locked candidate ends with PostgreSQL re-checking it against its new version; when the lock holder
    // was the vote that filled it, it drops out, and a pass whose every candidate was taken that way returns nothing
    // although other items have room (seen under load: annotators told "no tasks" with most of the job open). Each
    // new pass has a new snapshot and picks new candidates; only several empty passes in a row mean there are none.
    // Passes after the first run only while the answer is still empty: a short answer with some tasks is true enough.
    for (int pass = 0; pass < WAITING_PASSES && leases.size() < limit && (pass == 0 || leases.isEmpty()); pass++) {
      int missing = limit - leases.size();
      leases.addAll(QuarkusTransaction.requiringNew().call(() -> {
        Instant now = now();
        return statements.leaseNew(caller.vendorId(), annotator, jobId, now, now.plus(config.leaseDuration()),
            missing, config.leaseSpread(), false);
      }));
    }
    return leases;
  }

  /** Microseconds, as PostgreSQL stores them, so a lease reads back exactly as it was handed out. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
