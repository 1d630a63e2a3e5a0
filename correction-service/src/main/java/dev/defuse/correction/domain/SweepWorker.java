package dev.defuse.correction.domain;

import dev.defuse.common.events.SweepPoint;
import dev.defuse.common.job.CorrectionParams;
import dev.defuse.common.ml.train.FineTuner;
import dev.defuse.common.ml.train.FineTuningConfig;
import dev.defuse.common.ml.train.FineTuningResult;
import dev.defuse.common.ml.train.OptimizerKind;
import dev.defuse.common.ml.train.ProgressListener;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.ObjectStoreException;
import dev.defuse.common.store.TensorFormatException;
import dev.defuse.correction.config.CorrectionConfig;
import dev.defuse.correction.ml.JobData;
import dev.defuse.correction.ml.JobDataLoader;
import dev.defuse.correction.ml.ModelEvaluator;
import dev.defuse.correction.ml.ModelIds;
import dev.defuse.correction.store.CorrectionStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Trains one sweep point: starting from the base classifier, fine-tune on L(D) + λ·L(D_f) (the job's epochs, Adam,
 * batch of D plus a batch of D_f every step), keep the epoch with the best validation accuracy, evaluate it, and
 * store its parameters and then its result. A point whose result exists already is not trained again (a
 * redelivery). After every point, done or skipped, the coordinator checks whether the job's sweep is complete.
 */
@ApplicationScoped
public class SweepWorker {

    private static final Logger LOG = Logger.getLogger(SweepWorker.class);

    private final CorrectionStore store;
    private final JobDataLoader loader;
    private final ModelEvaluator evaluator;
    private final SweepCoordinator coordinator;
    private final SweepActivity activity;
    private final CorrectionConfig config;
    private final MeterRegistry meters;
    private final String worker = hostName();
    /**
     * DJL's PyTorch engine records gradients for one training at a time per process ("only one gradient collector
     * can be collecting"), so this replica trains its points one after the other whatever the worker pool's size;
     * a sweep scales out by replicas (partitions), not threads.
     */
    private final ReentrantLock training = new ReentrantLock();

    public SweepWorker(CorrectionStore store, JobDataLoader loader, ModelEvaluator evaluator,
                       SweepCoordinator coordinator, SweepActivity activity, CorrectionConfig config,
                       MeterRegistry meters) {
        this.store = store;
        this.loader = loader;
        this.evaluator = evaluator;
        this.coordinator = coordinator;
        this.activity = activity;
        this.config = config;
        this.meters = meters;
    }

    /** Processes a point (trains it unless its result exists) and lets the coordinator finish the job if it can. */
    public void process(SweepPoint point) {
        SweepPlan plan = store.plan(point.jobId()).orElse(null);
        if (plan == null) {
            // points are published only after their plan is stored: this one belongs to no job we know
            LOG.errorf("sweep point %s names job %s, which has no correction plan; ignored", point.partitionKey(),
                    point.jobId());
            return;
        }
        if (store.pointDone(point.jobId(), point.variant(), point.index())) {
            LOG.infof("job %s: %s λ=%s (point %d/%d) is done already; skipped", point.jobId(), point.variant(),
                    point.lambda(), point.index() + 1, point.count());
            meters.counter("defuse.correction.points", "variant", point.variant().name(), "status", "skipped")
                    .increment();
        } else {
            PointResult result = train(point, plan);
            store.savePointResult(result);
            meters.counter("defuse.correction.points", "variant", point.variant().name(), "status",
                    result.status().name()).increment();
        }
        coordinator.tryFinish(point.jobId());
    }

    /** Trains the point; what fails for good is recorded in the result, transient store errors propagate. */
    private PointResult train(SweepPoint point, SweepPlan plan) {
        PointSpec spec = plan.points().stream().filter(p -> p.matches(point)).findFirst().orElse(null);
        if (spec == null || Double.compare(spec.lambda(), point.lambda()) != 0) {
            return PointResult.failed(spec != null ? spec : new PointSpec(point.variant(), point.lambda(),
                    point.index(), point.count()), point.jobId(), "the point (" + point.variant() + ", index "
                    + point.index() + ", λ=" + point.lambda() + ") is not in the job's plan", 0, worker);
        }
        RuntimeException last = null;
        int attempts = Math.max(1, config.pointAttempts());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            activity.started(point, plan.params().epochs());
            try {
                return trainOnce(point, plan, attempt);
            } catch (RuntimeException e) {
                if (transientStoreFailure(e)) {
                    throw e; // the record is retried as a whole; the point is not failed for an outage
                }
                last = e;
                LOG.warnf(e, "job %s: %s λ=%s attempt %d/%d failed", point.jobId(), point.variant(), point.lambda(),
                        attempt, attempts);
                if (attempt < attempts) {
                    pause(config.pointRetryDelay().multipliedBy(attempt));
                }
            } finally {
                activity.finished(point);
            }
        }
        return PointResult.failed(spec, point.jobId(), last.getClass().getSimpleName() + ": " + last.getMessage(),
                attempts, worker);
    }

    private PointResult trainOnce(SweepPoint point, SweepPlan plan, int attempt) {
        JobData data = loader.load(plan);
        CorrectionParams params = plan.params();
        FineTuningConfig tuning = new FineTuningConfig(point.lambda(), params.epochs(), params.batchSize(),
                params.batchSize(), params.learningRate(), OptimizerKind.ADAM, params.schedule(), params.seed());
        FineTuningResult tuned;
        double trainingSeconds;
        training.lock();
        try {
            long start = System.nanoTime();
            tuned = new FineTuner(listener(point)).fineTune(
                    ModelIds.candidate(point.jobId(), point.variant(), point.index()), data.base(), data.train(),
                    data.failures(point.variant()).images(), data.validation(), tuning);
            trainingSeconds = (System.nanoTime() - start) / 1e9;
        } finally {
            training.unlock();
        }
        long start = System.nanoTime();
        PointMetrics metrics = evaluator.evaluate(tuned.model(), data, tuned.report().bestEpoch(),
                tuned.report().epochs());
        double evaluationSeconds = (System.nanoTime() - start) / 1e9;
        String parametersKey = store.savePointParameters(point.jobId(), point.variant(), point.index(),
                tuned.model().parameters());
        meters.timer("defuse.correction.point.training", "variant", point.variant().name())
                .record(Duration.ofNanos((long) (trainingSeconds * 1e9)));
        LOG.infof("job %s: %s λ=%s (point %d/%d): epoch %d kept, validation %.4f, test %.4f, region %.4f "
                        + "(%.1f s training, %.1f s evaluation)", point.jobId(), point.variant(), point.lambda(),
                point.index() + 1, point.count(), metrics.bestEpoch(), metrics.validationAccuracy(),
                metrics.testAccuracy(), metrics.regionAccuracy(), trainingSeconds, evaluationSeconds);
        return new PointResult(point.jobId(), point.variant(), point.lambda(), point.index(), point.count(),
                PointStatus.DONE, parametersKey, tuned.model().manifest(), metrics, null, attempt, worker,
                trainingSeconds, evaluationSeconds, Instant.now());
    }

    private ProgressListener listener(SweepPoint point) {
        return new ProgressListener() {
            @Override
            public void onBatch(int epoch, int epochs, int batch, int batches, Map<String, Double> running) {
                activity.progress(point, epoch, epochs, batch, batches);
            }

            @Override
            public void onEpoch(int epoch, int epochs, Map<String, Double> metrics) {
                LOG.infof("job %s: %s λ=%s epoch %d/%d %s", point.jobId(), point.variant(), point.lambda(), epoch,
                        epochs, metrics);
            }
        };
    }

    /** The object store was unreachable (as opposed to a missing or damaged object, which stays so). */
    private static boolean transientStoreFailure(RuntimeException e) {
        return e instanceof ObjectStoreException && !(e instanceof ObjectNotFoundException
                || e instanceof ChecksumMismatchException || e instanceof TensorFormatException);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a sweep point", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
