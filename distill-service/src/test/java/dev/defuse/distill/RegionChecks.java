package dev.defuse.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.EventIds;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.job.DistillParams;
import dev.defuse.common.ml.infer.ClassifierRunner;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.distill.domain.RegionRecord;
import dev.defuse.distill.domain.SampleSet;
import dev.defuse.distill.persistence.DistillKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a distilled {@link SyntheticJob} must look like on {@code regions} and in the object store. */
public final class RegionChecks {

  private RegionChecks() {}

  /**
   * Checks the job's records: exactly three {@code RegionFound} (one per blob, heaviest first, deterministic ids)
   * then {@code DistillCompleted}, with every sample tensor present and matching its checksum, the images being the
   * VAE's decoding of the stored latent codes and the review predictions the classifier's. Returns the regions.
   */
  public static List<RegionFound> verify(String jobId, List<DefuseEvent> events, ObjectStore store,
      DistillParams params) {
    assertThat(events).as("records on regions for %s", jobId).hasSize(4);
    assertThat(events.subList(0, 3)).allMatch(RegionFound.class::isInstance);
    List<RegionFound> regions = events.subList(0, 3).stream().map(RegionFound.class::cast).toList();
    assertThat(regions).extracting(RegionFound::regionId).containsExactly(0, 1, 2);
    assertThat(regions).extracting(RegionFound::eventId)
        .containsExactly(EventIds.of(jobId, "region", 0), EventIds.of(jobId, "region", 1),
            EventIds.of(jobId, "region", 2));
    assertThat(regions).allSatisfy(r -> assertThat(r.regionCount()).isEqualTo(3));
    assertThat(regions.get(0).weight()).isGreaterThanOrEqualTo(regions.get(1).weight());
    assertThat(regions.get(1).weight()).isGreaterThanOrEqualTo(regions.get(2).weight());

    Set<Integer> blobs = new HashSet<>();
    ModelRepository models = ModelRepository.objectStore(store);
    try (VaeRunner vae = VaeRunner.open(models.load(TestModels.VAE_ID));
        ClassifierRunner classifier = ClassifierRunner.open(models.load(TestModels.CLASSIFIER_ID))) {
      for (RegionFound region : regions) {
        assertThat(region.weight()).isCloseTo(1.0 / 3, within(0.05));
        int blob = nearestCentre(region.mean());
        assertThat(distance(region.mean(), SyntheticJob.CENTRES[blob])).as("region %d mean", region.regionId())
            .isLessThan(0.25);
        blobs.add(blob);
        double[][] cov = region.covariance();
        for (int i = 0; i < cov.length; i++) {
          assertThat(cov[i][i]).isBetween(0.1, 0.7); // σ² = 0.25, shrunk towards the prior's wide covariance
          for (int j = 0; j < cov.length; j++) {
            assertThat(cov[i][j]).isEqualTo(cov[j][i]);
          }
        }
        verifySamples(jobId, region, store, params, vae, classifier);
      }
    }
    assertThat(blobs).as("one region per blob").containsExactlyInAnyOrder(0, 1, 2);

    assertThat(events.get(3)).isInstanceOfSatisfying(DistillCompleted.class, done -> {
      assertThat(done.eventId()).isEqualTo(EventIds.of(jobId, "distill-completed"));
      assertThat(done.regionCount()).isEqualTo(3);
      assertThat(done.mistakesReceived()).isEqualTo(SyntheticJob.MISTAKES);
      assertThat(done.codesFitted()).isEqualTo(Math.min(SyntheticJob.MISTAKES, params.maxCodes()));
      assertThat(done.iterations()).isPositive();
      assertThat(done.lowerBound()).isNotNull();
    });
    return regions;
  }

  private static void verifySamples(String jobId, RegionFound region, ObjectStore store, DistillParams params,
      VaeRunner vae, ClassifierRunner classifier) {
    RegionRecord record = store.getJson(DistillKeys.region(jobId, region.regionId()), RegionRecord.class);
    assertThat(record.set(SampleSet.REVIEW).images()).isEqualTo(region.reviewSamples());
    assertThat(record.set(SampleSet.FINETUNE).images()).isEqualTo(region.finetuneSamples());
    assertThat(record.set(SampleSet.TEST).images()).isEqualTo(region.testSamples());
    for (SampleSet set : SampleSet.values()) {
      int count = set.count(params);
      RegionRecord.StoredSamples samples = record.set(set);
      // getTensor(ref) fails unless the stored object has the checksum the event carries
      FloatTensor images = store.getTensor(samples.images());
      FloatTensor latents = store.getTensor(samples.latents());
      FloatTensor predictions = store.getTensor(samples.predictions());
      assertThat(images.shape()).containsExactly(count, 1, 28, 28);
      assertThat(latents.shape()).containsExactly(count, TestModels.LATENT_SIZE);
      assertThat(predictions.shape()).containsExactly(count);
      assertThat(images.data()).containsExactly(vae.decode(latents.data(), count), within(1e-5f));
      int[] predicted = classifier.predict(images.data(), count);
      for (int i = 0; i < count; i++) {
        assertThat(predictions.data()[i]).isEqualTo((float) predicted[i]);
      }
      if (set == SampleSet.REVIEW) {
        assertThat(region.reviewPredictions()).containsExactly(predicted);
      }
    }
  }

  /** The sha256 of every image tensor of the regions, in order: equal for two runs of the same data and seed. */
  public static List<String> imageChecksums(List<RegionFound> regions) {
    List<String> sums = new ArrayList<>();
    for (RegionFound r : regions) {
      for (TensorRef ref : List.of(r.reviewSamples(), r.finetuneSamples(), r.testSamples())) {
        sums.add(ref.sha256());
      }
    }
    return sums;
  }

  private static int nearestCentre(double[] mean) {
    int best = 0;
    for (int c = 1; c < SyntheticJob.CENTRES.length; c++) {
      if (distance(mean, SyntheticJob.CENTRES[c]) < distance(mean, SyntheticJob.CENTRES[best])) {
        best = c;
      }
    }
    return best;
  }

  private static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }
}
