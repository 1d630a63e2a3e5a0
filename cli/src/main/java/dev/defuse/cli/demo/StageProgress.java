package dev.defuse.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * One stage's progress as the services report it, and the live line the demo prints for it.
 *
 * @param stage  identify, distill, labeling or correction
 * @param done   units finished (images, shards, votes, sweep points)
 * @param total  units in all ({@code 0} while not known)
 * @param unit   what a unit is
 * @param state  the service's state word
 * @param ended  the stage finished (successfully or not)
 * @param failed the stage failed; {@link #state} says why
 */
public record StageProgress(String stage, long done, long total, String unit, String state, boolean ended,
    boolean failed) {

  /** identify-service's {@code GET /jobs/{id}}. */
  public static StageProgress identify(JsonNode s) {
    String state = s.path("state").asText("?");
    return new StageProgress("identify", s.path("imagesProcessed").asLong() + s.path("imagesSkipped").asLong(),
        s.path("imagesSelected").asLong(), "images", state, state.equals("COMPLETED") || state.equals("FAILED"),
        state.equals("FAILED"));
  }

  /** distill-service's {@code GET /jobs/{id}}. */
  public static StageProgress distill(JsonNode s) {
    String state = s.path("status").asText("?");
    JsonNode receiving = s.path("receiving");
    JsonNode running = s.path("running");
    if (running.path("regionsTotal").asLong(0) > 0) {
      // after the fit, the long part: decoding and classifying each region's samples
      return new StageProgress("distill", running.path("regionsDone").asLong(), running.path("regionsTotal").asLong(),
          "regions", state, false, false);
    }
    long total = receiving.path("shardCount").asLong(0);
    long done = receiving.path("storedShards").size();
    return new StageProgress("distill", done, total, "shards", state + (state.equals("FAILED")
        ? ": " + s.path("failure").asText() : ""), state.equals("PUBLISHED") || state.equals("FAILED"),
        state.equals("FAILED"));
  }

  /** labeling-service's {@code GET /admin/v1/jobs/{id}}: votes received of votes needed. */
  public static StageProgress labeling(JsonNode s) {
    long needed = 0;
    for (JsonNode r : s.path("regions")) {
      needed += r.path("items").asLong() * s.path("annotatorsPerItem").asLong();
    }
    boolean complete = !s.path("completedAt").isNull() && !s.path("completedAt").isMissingNode();
    String state = (complete ? "COMPLETED" : "LABELING") + " regions " + s.path("regionsDecided").asInt() + "/"
        + (s.path("regionsExpected").isNull() ? "?" : s.path("regionsExpected").asText());
    return new StageProgress("labeling", s.path("votes").asLong(), needed, "votes", state, complete, false);
  }

  /** correction-service's {@code GET /jobs/{id}}. */
  public static StageProgress correction(JsonNode s) {
    String state = s.path("state").asText("?");
    JsonNode sweep = s.path("sweep");
    boolean ended = state.equals("REGISTERED") || state.equals("NOTHING_TO_CORRECT") || state.equals("FAILED");
    return new StageProgress("correction", sweep.path("done").asLong() + sweep.path("failed").asLong(),
        sweep.path("total").asLong(0), "λ points", state + (s.path("message").isTextual()
        ? ": " + s.path("message").asText() : ""), ended, state.equals("FAILED"));
  }

  /** Waiting for the service to know the job. */
  public static StageProgress waiting(String stage) {
    return new StageProgress(stage, 0, 0, "", "WAITING", false, false);
  }

  /** {@code identify   1234/2000 images  41.0/s  ETA 0:19  RUNNING}, given the stage's rate since it started. */
  public String line(double ratePerSecond) {
    String count = total > 0 ? done + "/" + total + " " + unit : done > 0 ? done + " " + unit : "";
    String rate = ratePerSecond > 0 ? String.format(Locale.ROOT, "%.1f/s", ratePerSecond) : "";
    String eta = ratePerSecond > 0 && total > done && !ended ? "ETA " + clock((total - done) / ratePerSecond) : "";
    return String.format(Locale.ROOT, "%-10s %-22s %-9s %-10s %s", stage, count, rate, eta, state);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
