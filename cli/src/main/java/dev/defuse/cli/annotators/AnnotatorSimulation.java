package dev.defuse.cli.annotators;

import dev.defuse.common.ml.arch.ImageInput;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A vendor's team of simulated annotators working through the vendor API: in rounds, each annotator leases a batch
 * of tasks, fetches their images, answers each with {@link AnnotatorPolicy} on the {@link Oracle}'s probabilities,
 * and posts the batch. Each annotator has its own seeded random source, so a run is reproducible given the same
 * tasks in the same order.
 */
public final class AnnotatorSimulation {

  /**
   * @param annotators   how many annotators the vendor has
   * @param idPrefix     annotator ids are {@code idPrefix-1 … idPrefix-n}
   * @param policy       how each annotator answers
   * @param batchSize    tasks leased and posted per request
   * @param jobId        only tasks of this job ({@code null}: any job assigned to the vendor)
   * @param seed         seeds the annotators' random sources
   * @param idleTimeout  stop after this long without any task ({@link Duration#ZERO}: never)
   * @param pollInterval pause between rounds that found no work
   */
  public record Settings(int annotators, String idPrefix, AnnotatorPolicy policy, int batchSize, String jobId,
      long seed, Duration idleTimeout, Duration pollInterval) {
    public Settings {
      if (annotators < 1) {
        throw new IllegalArgumentException("at least one annotator is needed, got " + annotators);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
      }
    }
  }

  /** What the team did. */
  public record Stats(long votes, long noneOfTheAbove, long slips, long conflicts, double seconds) {
    public String describe() {
      return String.format(Locale.ROOT, "%d votes (%d none_of_the_above, %d deliberate slips), %d refused batches,"
          + " %.1f s", votes, noneOfTheAbove, slips, conflicts, seconds);
    }
  }

  private final VendorClient vendor;
  private final Oracle oracle;
  private final Settings settings;
  private final PrintWriter log;

  public AnnotatorSimulation(VendorClient vendor, Oracle oracle, Settings settings, PrintWriter log) {
    this.vendor = vendor;
    this.oracle = oracle;
    this.settings = settings;
    this.log = log;
  }

  /** Works until {@code stop} says so or no task came for {@link Settings#idleTimeout()}. */
  public Stats run(BooleanSupplier stop) {
    List<SplittableRandom> randoms = new ArrayList<>();
    SplittableRandom root = new SplittableRandom(settings.seed());
    for (int i = 0; i < settings.annotators(); i++) {
      randoms.add(root.split());
    }
    long start = System.nanoTime();
    long idleSince = start;
    long votes = 0;
    long none = 0;
    long slips = 0;
    long conflicts = 0;
    while (!stop.getAsBoolean()) {
      boolean worked = false;
      for (int a = 0; a < settings.annotators(); a++) {
        String annotator = settings.idPrefix() + "-" + (a + 1);
        List<VendorClient.Task> tasks = vendor.tasks(annotator, settings.batchSize(), settings.jobId());
        if (tasks.isEmpty()) {
          continue;
        }
        worked = true;
        double[][] probabilities = oracle.probabilities(pixels(tasks), tasks.size());
        List<Integer> labels = new ArrayList<>();
        for (double[] p : probabilities) {
          int answer = settings.policy().answer(p, randoms.get(a));
          if (answer == AnnotatorPolicy.NONE_OF_THE_ABOVE) {
            none++;
            labels.add(null);
          } else {
            if (answer != AnnotatorPolicy.argMax(p)) {
              slips++;
            }
            labels.add(answer);
          }
        }
        try {
          vendor.vote(tasks, labels);
          votes += tasks.size();
        } catch (VendorClient.VendorApiException e) {
          if (!e.getMessage().startsWith("HTTP 409")) {
            throw e;
          }
          // A lease expired or an item closed meanwhile: nothing was stored; the next round leases afresh.
          conflicts++;
          log.println("annotators: batch of " + annotator + " refused, retrying with fresh leases: " + e.getMessage());
        }
      }
      long now = System.nanoTime();
      if (worked) {
        idleSince = now;
        continue;
      }
      if (!settings.idleTimeout().isZero() && now - idleSince >= settings.idleTimeout().toNanos()) {
        break;
      }
      sleep(settings.pollInterval());
    }
    return new Stats(votes, none, slips, conflicts, (System.nanoTime() - start) / 1e9);
  }

  private float[] pixels(List<VendorClient.Task> tasks) {
    ImageInput input = oracle.input();
    int per = input.pixelsPerImage();
    float[] all = new float[tasks.size() * per];
    for (int i = 0; i < tasks.size(); i++) {
      VendorClient.Image image = vendor.image(tasks.get(i));
      if (image.channels() != input.channels() || image.height() != input.size() || image.width() != input.size()) {
        throw new IllegalStateException("item " + tasks.get(i).itemId() + " is a " + image.channels() + "×"
            + image.height() + "×" + image.width() + " image but the oracle takes " + input.channels() + "×"
            + input.size() + "×" + input.size() + ": train the oracle on the job's dataset");
      }
      System.arraycopy(image.pixels(), 0, all, i * per, per);
    }
    return all;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
