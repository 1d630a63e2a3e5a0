package dev.defuse.distill.domain;

import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.job.DistillParams;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.distill.config.DistillConfig;
import dev.defuse.distill.ml.RegionInference;
import dev.defuse.distill.persistence.JobSpecReader;
import dev.defuse.distill.persistence.JobStateStore;
import dev.defuse.distill.persistence.ReceivedShardStore;
import dev.defuse.distill.persistence.ResultStore;
import dev.defuse.dpgmm.DpgmmFit;
import dev.defuse.dpgmm.DpgmmFitter;
import dev.defuse.dpgmm.DpgmmParams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The work of a job once its mistake set is complete, resumable from each stored step:
 *
 * <ol>
 *   <li>FITTING: read every received shard's codes, downsample to at most {@code maxCodes} (seeded), fit the
 *       DP-GMM (K = the job's maxComponents, at most the number of codes; the job's seed), keep the components
 *       with weight &gt; ε as regions (heaviest first) and store the fit;</li>
 *   <li>SAMPLING: for each region draw review, finetune and test codes from N(μ, τ·Σ) (seeded per region and
 *       set), decode them with the job's VAE, classify them with the job's classifier and store images, codes and
 *       predictions, then the region's record;</li>
 *   <li>PUBLISHING: publish one {@code RegionFound} per region, then {@code DistillCompleted}, each acknowledged by
 *       the broker.</li>
 * </ol>
 *
 * Each step ends by storing its result and the job's next status, so a crash redoes at most one step, and redoing
 * a step gives the same bytes and the same event ids.
 */
@ApplicationScoped
public class RegionJob {

  private static final Logger LOG = Logger.getLogger(RegionJob.class);
  /** Separates the region-sampling streams from the job's other random streams. */
  static final long SAMPLE_SALT = 0x73616d706c657321L; // "samples!"
  /** Label pairs shown per region. */
  private static final int LABEL_PAIRS = 5;

  private final JobStateStore states;
  private final ReceivedShardStore shards;
  private final ResultStore results;
  private final JobSpecReader specs;
  private final RegionInference inference;
  private final RegionEvents events;
  private final DistillConfig config;
  private final Clock clock;
  private final Timer fitTimer;

  public RegionJob(JobStateStore states, ReceivedShardStore shards, ResultStore results, JobSpecReader specs,
      RegionInference inference, RegionEvents events, DistillConfig config, Clock clock, MeterRegistry registry) {
    this.states = states;
    this.shards = shards;
    this.results = results;
    this.specs = specs;
    this.inference = inference;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.fitTimer = Timer.builder("defuse.distill.fit").description("DP-GMM fit of a job's mistake codes")
        .register(registry);
  }

  /** Runs the job from its stored status to PUBLISHED. */
  public JobState run(String jobId, JobControl control) {
    JobState state = states.find(jobId)
        .orElseThrow(() -> new IllegalStateException("job " + jobId + " has no distill state"));
    JobSpec spec = specs.read(jobId);
    if (state.status() == JobStatus.FITTING) {
      control.step("fitting");
      JobState fitting = state;
      StoredFit fit = results.findFit(jobId).orElseGet(() -> fit(fitting, spec, control));
      state = states.change(jobId, s -> s.fitted(fit.summary(), clock.instant()));
    }
    if (state.status() == JobStatus.SAMPLING) {
      control.step("sampling");
      sample(jobId, spec, control);
      state = states.change(jobId, s -> s.moveTo(JobStatus.PUBLISHING, clock.instant()));
    }
    if (state.status() == JobStatus.PUBLISHING) {
      control.checkCancelled();
      control.step("publishing");
      publish(state);
      state = states.change(jobId, s -> s.moveTo(JobStatus.PUBLISHED, clock.instant()));
      LOG.infof("job %s: published %d regions", jobId, state.fit().regionCount());
    }
    return state;
  }

  // ------------------------------------------------------------------ fitting

  private StoredFit fit(JobState state, JobSpec spec, JobControl control) {
    String jobId = state.jobId();
    DistillParams params = spec.distill();
    int shardCount = state.completion().shardCount();
    List<ReceivedShard> received = shards.list(jobId).stream().filter(s -> s.shardIndex() < shardCount).toList();
    long total = received.stream().mapToLong(ReceivedShard::mistakeCount).sum();
    if (total != state.completion().mistakeCount()) {
      throw new InconsistentInputException("job " + jobId + ": identify completed with "
          + state.completion().mistakeCount() + " mistakes but " + total + " were received");
    }
    if (total > Integer.MAX_VALUE) {
      throw new JobFailure("job " + jobId + " has " + total + " mistakes; at most " + Integer.MAX_VALUE
          + " can be downsampled");
    }
    int[] keep = Downsampling.select((int) total, params.maxCodes(), params.seed());
    Codes codes = load(received, keep, control);
    StoredFit.FitSettings settings = new StoredFit.FitSettings(params.maxComponents(),
        Math.min(params.maxComponents(), keep.length), params.weightThreshold(), params.seed(), config.fit().nInit(),
        config.fit().maxIter(), config.fit().tol(), params.maxCodes());
    StoredFit stored;
    if (keep.length < 2) {
      LOG.infof("job %s: %d mistakes, nothing to fit", jobId, total);
      stored = new StoredFit(jobId, settings, FitSummary.nothingToFit(total), new double[0], new double[0][],
          new double[0][][], List.of(), clock.instant());
    } else {
      inference.requireLatentSize(spec, codes.x[0].length);
      stored = fitCodes(jobId, settings, total, codes, control);
    }
    results.saveFit(stored);
    return stored;
  }

  private StoredFit fitCodes(String jobId, StoredFit.FitSettings settings, long total, Codes codes,
      JobControl control) {
    DpgmmParams.Builder builder = DpgmmParams.builder()
        .maxComponents(settings.components())
        .weightThreshold(settings.weightThreshold())
        .seed(settings.seed())
        .nInit(settings.nInit())
        .maxIter(settings.maxIter())
        .tol(settings.tol());
    config.fit().parallelism().ifPresent(builder::parallelism);
    DpgmmParams params = builder.build();
    LOG.infof("job %s: fitting a DP-GMM (K=%d) to %d of %d codes of size %d", jobId, settings.components(),
        codes.x.length, total, codes.x[0].length);
    long start = System.nanoTime();
    DpgmmFit fit = new DpgmmFitter(params).fit(codes.x, (init, iteration, bound, change) -> {
      control.checkCancelled();
      control.iteration(iteration, bound, change);
    });
    long nanos = System.nanoTime() - start;
    fitTimer.record(nanos, TimeUnit.NANOSECONDS);
    double[] weights = fit.weights();
    double[][] means = fit.means();
    double[][][] covariances = fit.covariances();
    List<RegionCandidate> candidates = RegionSelection.select(weights, means, covariances, settings.weightThreshold());
    int[] assigned = fit.predict(codes.x);
    List<StoredFit.Region> regions = new ArrayList<>();
    for (RegionCandidate c : candidates) {
      regions.add(describe(c, assigned, codes));
    }
    FitSummary summary = new FitSummary(total, codes.x.length, settings.components(), fit.nIter(), fit.converged(),
        fit.lowerBound(), regions.size(), nanos / 1e9);
    LOG.infof("job %s: fit done in %.1f s (%d iterations, converged %s, lower bound %.4f), %d regions", jobId,
        summary.fitSeconds(), fit.nIter(), fit.converged(), fit.lowerBound(), regions.size());
    return new StoredFit(jobId, settings, summary, weights, means, covariances, regions, clock.instant());
  }

  /** A region's assigned codes and its most frequent label pairs. */
  private static StoredFit.Region describe(RegionCandidate c, int[] assigned, Codes codes) {
    Map<Long, Integer> pairs = new HashMap<>();
    int count = 0;
    for (int i = 0; i < assigned.length; i++) {
      if (assigned[i] == c.component()) {
        count++;
        pairs.merge(((long) codes.original[i] << 32) | (codes.predicted[i] & 0xffffffffL), 1, Integer::sum);
      }
    }
    List<StoredFit.LabelPair> top = pairs.entrySet().stream()
        .map(e -> new StoredFit.LabelPair((int) (e.getKey() >> 32), (int) (long) e.getKey(), e.getValue()))
        .sorted(Comparator.comparingInt(StoredFit.LabelPair::count).reversed()
            .thenComparingInt(StoredFit.LabelPair::originalLabel)
            .thenComparingInt(StoredFit.LabelPair::predictedLabel))
        .limit(LABEL_PAIRS).toList();
    return new StoredFit.Region(c.regionId(), c.component(), c.weight(), count, top);
  }

  /** The kept rows' codes (as doubles for the fit) and labels. */
  private record Codes(double[][] x, int[] original, int[] predicted) {}

  private Codes load(List<ReceivedShard> received, int[] keep, JobControl control) {
    double[][] x = new double[keep.length][];
    int[] original = new int[keep.length];
    int[] predicted = new int[keep.length];
    int next = 0;
    long offset = 0;
    int dim = -1;
    for (ReceivedShard shard : received) {
      control.checkCancelled();
      int n = shard.mistakeCount();
      if (n == 0) {
        continue;
      }
      if (dim >= 0 && shard.latentDim() != dim) {
        throw new InconsistentInputException("job " + shard.jobId() + ": shard " + shard.shardIndex()
            + " has latent codes of size " + shard.latentDim() + ", earlier shards of size " + dim);
      }
      dim = shard.latentDim();
      if (next < keep.length && keep[next] < offset + n) {
        float[] data = shards.codes(shard);
        while (next < keep.length && keep[next] < offset + n) {
          int row = (int) (keep[next] - offset);
          double[] code = new double[dim];
          for (int j = 0; j < dim; j++) {
            code[j] = data[row * dim + j];
          }
          x[next] = code;
          original[next] = shard.originalLabel()[row];
          predicted[next] = shard.predictedLabel()[row];
          next++;
        }
      }
      offset += n;
    }
    return new Codes(x, original, predicted);
  }

  // ------------------------------------------------------------------ sampling

  private void sample(String jobId, JobSpec spec, JobControl control) {
    StoredFit fit = results.findFit(jobId).orElseThrow(() -> new JobFailure("job " + jobId
        + " is in SAMPLING but its fit is missing from the object store"));
    List<RegionCandidate> regions = fit.candidates();
    control.regions(0, regions.size());
    if (regions.isEmpty()) {
      return;
    }
    DistillParams params = spec.distill();
    RegionInference.Session session = null;
    try {
      for (RegionCandidate region : regions) {
        control.checkCancelled();
        Optional<RegionRecord> existing = results.findRegion(jobId, region.regionId());
        if (existing.isPresent() && existing.get().component() == region.component()
            && existing.get().regionCount() == regions.size() && results.isComplete(existing.get())) {
          control.regions(region.regionId() + 1, regions.size());
          continue;
        }
        if (session == null) {
          session = inference.open(spec);
          if (session.latentSize() != region.mean().length) {
            throw new JobFailure("job " + jobId + ": the VAE decodes codes of size " + session.latentSize()
                + ", the regions have size " + region.mean().length);
          }
        }
        results.saveRegion(sampleRegion(jobId, params, region, regions.size(), session));
        control.regions(region.regionId() + 1, regions.size());
      }
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }

  private RegionRecord sampleRegion(String jobId, DistillParams params, RegionCandidate region, int regionCount,
      RegionInference.Session session) {
    GaussianSampler sampler;
    try {
      sampler = new GaussianSampler(region.mean(), region.covariance(), params.tau());
    } catch (IllegalArgumentException e) {
      throw new JobFailure("job " + jobId + ": region " + region.regionId() + " (component " + region.component()
          + "): " + e.getMessage(), e);
    }
    int d = sampler.dimension();
    int[] imageShape = session.imageShape();
    Map<String, RegionRecord.StoredSamples> sets = new HashMap<>();
    int[] reviewPredictions = null;
    for (SampleSet set : SampleSet.values()) {
      int count = set.count(params);
      float[] latents = sampler.sample(count, Seeds.derive(params.seed(), SAMPLE_SALT, region.regionId(),
          set.ordinal()));
      RegionInference.Decoded decoded = session.decodeAndClassify(latents, count);
      float[] predictions = new float[count];
      for (int i = 0; i < count; i++) {
        predictions[i] = decoded.predictions()[i];
      }
      FloatTensor images = new FloatTensor(new int[] {count, imageShape[0], imageShape[1], imageShape[2]},
          decoded.images());
      sets.put(set.id(), results.saveSamples(jobId, region.regionId(), set, images,
          new FloatTensor(new int[] {count, d}, latents), new FloatTensor(new int[] {count}, predictions)));
      if (set == SampleSet.REVIEW) {
        reviewPredictions = decoded.predictions();
      }
    }
    return new RegionRecord(jobId, region.regionId(), regionCount, region.component(), region.weight(),
        region.mean(), region.covariance(), params.tau(), sets, reviewPredictions);
  }

  // ------------------------------------------------------------------ publishing

  private void publish(JobState state) {
    String jobId = state.jobId();
    FitSummary fit = state.fit();
    List<RegionFound> regions = new ArrayList<>();
    for (int r = 0; r < fit.regionCount(); r++) {
      int regionId = r;
      RegionRecord record = results.findRegion(jobId, r).orElseThrow(() -> new JobFailure("job " + jobId
          + " is in PUBLISHING but region " + regionId + " is missing from the object store"));
      regions.add(record.toEvent());
    }
    events.publish(regions);
    events.publish(List.of(DistillCompleted.of(jobId, fit.regionCount(), fit.mistakesReceived(), fit.codesFitted(),
        fit.iterations(), fit.converged(), fit.lowerBound())));
  }
}
