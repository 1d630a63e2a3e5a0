package dev.defuse.cli.annotators;

import dev.defuse.common.ml.arch.ImageInput;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A vendor's team of simulated annotators working through the vendor API: in rounds, each annotator leases a batch
 * of tasks, fetches their images, answers each with {@link AnnotatorPolicy} on the {@link Oracle}'s probabilities,
 * and posts the batch.
 *
 * <p>Answers are reproducible whatever the order of the tasks: each decision draws from
 * {@link AnnotatorPolicy#decisionRandom} keyed by (seed, annotator, digest of the image), and the oracle scores each
 * image on its own (a batch's composition can change float results in the last bits). So the same job run twice —
 * or run once with a service restarted in the middle, leases expiring and batches refused — gets the same votes.
 *
 * <p>A labeling service that does not answer (restarting, or its database restarting) is waited for, as an external
 * vendor would retry: calls that fail without an HTTP answer or with a 5xx are retried after the poll interval, for
 * up to {@link Settings#unavailableTimeout()}.
 */
public final class AnnotatorSimulation {

  /** Default of {@link Settings#unavailableTimeout()}. */
  public static final Duration DEFAULT_UNAVAILABLE_TIMEOUT = Duration.ofMinutes(5);

  /**
   * @param annotators         how many annotators the vendor has
   * @param idPrefix           annotator ids are {@code idPrefix-1 … idPrefix-n}
   * @param policy             how each annotator answers
   * @param batchSize          tasks leased and posted per request
   * @param jobId              only tasks of this job ({@code null}: any job assigned to the vendor)
   * @param seed               seeds the annotators' decisions
   * @param idleTimeout        stop after this long without any task ({@link Duration#ZERO}: never)
   * @param pollInterval       pause between rounds that found no work, and before retrying an unavailable service
   * @param unavailableTimeout give up when the labeling service has not answered for this long
   */
  public record Settings(int annotators, String idPrefix, AnnotatorPolicy policy, int batchSize, String jobId,
      long seed, Duration idleTimeout, Duration pollInterval, Duration unavailableTimeout) {
    public Settings {
      if (annotators < 1) {
        throw new IllegalArgumentException("at least one annotator is needed, got " + annotators);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
      }
    }

    /** With the {@link #DEFAULT_UNAVAILABLE_TIMEOUT}. */
    public Settings(int annotators, String idPrefix, AnnotatorPolicy policy, int batchSize, String jobId, long seed,
        Duration idleTimeout, Duration pollInterval) {
      this(annotators, idPrefix, policy, batchSize, jobId, seed, idleTimeout, pollInterval,
          DEFAULT_UNAVAILABLE_TIMEOUT);
    }
  }

  /** What the team did. */
  public record Stats(long votes, long noneOfTheAbove, long slips, long conflicts, long retries, double seconds) {
    public String describe() {
      return String.format(Locale.ROOT, "%d votes (%d none_of_the_above, %d deliberate slips), %d refused batches,"
          + " %d calls retried while the service was unavailable, %.1f s", votes, noneOfTheAbove, slips, conflicts,
          retries, seconds);
    }
  }

  private final VendorClient vendor;
  private final Oracle oracle;
  private final Settings settings;
  private final PrintWriter log;
  /** The oracle's probabilities by image digest: every annotator of an item sees the same image. */
  private final Map<String, double[]> scored = new HashMap<>();

  public AnnotatorSimulation(VendorClient vendor, Oracle oracle, Settings settings, PrintWriter log) {
    this.vendor = vendor;
    this.oracle = oracle;
    this.settings = settings;
    this.log = log;
  }

  /** Works until {@code stop} says so or no task came for {@link Settings#idleTimeout()}. */
  public Stats run(BooleanSupplier stop) {
    long start = System.nanoTime();
    long idleSince = start;
    long unavailableSince = -1;
    long votes = 0;
    long none = 0;
    long slips = 0;
    long conflicts = 0;
    long retries = 0;
    while (!stop.getAsBoolean()) {
      boolean worked = false;
      boolean unavailable = false;
      for (int a = 0; a < settings.annotators() && !unavailable; a++) {
        String annotator = settings.idPrefix() + "-" + (a + 1);
        try {
          List<VendorClient.Task> tasks = vendor.tasks(annotator, settings.batchSize(), settings.jobId());
          if (tasks.isEmpty()) {
            continue;
          }
          worked = true;
          List<Integer> labels = new ArrayList<>();
          for (VendorClient.Task task : tasks) {
            VendorClient.Image image = vendor.image(task);
            String digest = image.digest();
            double[] p = scored.computeIfAbsent(digest, d -> score(task, image));
            int answer = settings.policy().answer(p,
                AnnotatorPolicy.decisionRandom(settings.seed(), annotator, digest));
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
            if (e.status() != 409) {
              throw e;
            }
            // A lease expired or an item closed meanwhile: nothing was stored; the next round leases afresh.
            conflicts++;
            log.println("annotators: batch of " + annotator + " refused, retrying with fresh leases: "
                + e.getMessage());
          }
          unavailableSince = -1;
        } catch (VendorClient.VendorApiException e) {
          if (!(e.status() == 0 || e.status() >= 500)) {
            throw e;
          }
          // no answer, or a server error: the service (or its database) is restarting. Nothing half-done stays
          // behind — votes are all-or-nothing and idempotent per lease — so the next round simply tries again.
          long now = System.nanoTime();
          if (unavailableSince < 0) {
            unavailableSince = now;
            log.println("annotators: the labeling service is unavailable (" + e.getMessage() + "); retrying");
          } else if (now - unavailableSince > settings.unavailableTimeout().toNanos()) {
            throw new VendorClient.VendorApiException("the labeling service has been unavailable for more than "
                + settings.unavailableTimeout().toSeconds() + " s: " + e.getMessage());
          }
          retries++;
          unavailable = true;
        }
      }
      long now = System.nanoTime();
      if (worked && !unavailable) {
        idleSince = now;
        continue;
      }
      if (!unavailable && !settings.idleTimeout().isZero() && now - idleSince >= settings.idleTimeout().toNanos()) {
        break;
      }
      sleep(settings.pollInterval());
    }
    return new Stats(votes, none, slips, conflicts, retries, (System.nanoTime() - start) / 1e9);
  }

  /** The oracle's probabilities for one image, scored alone. */
  private double[] score(VendorClient.Task task, VendorClient.Image image) {
    ImageInput input = oracle.input();
    if (image.channels() != input.channels() || image.height() != input.size() || image.width() != input.size()) {
      throw new IllegalStateException("item " + task.itemId() + " is a " + image.channels() + "×"
          + image.height() + "×" + image.width() + " image but the oracle takes " + input.channels() + "×"
          + input.size() + "×" + input.size() + ": train the oracle on the job's dataset");
    }
    return oracle.probabilities(image.pixels(), 1)[0];
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
