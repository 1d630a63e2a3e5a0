package dev.defuse.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** One line per job status: state, shards, images, mistakes, rate, ETA. */
final class JobStatusLine {

  private JobStatusLine() {
  }

  static String of(JsonNode s) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "%s  %-10s shards %d/%d  images %d/%d", s.path("jobId").asText(), s.path("state").asText(),
        s.path("shardsDone").asInt(), s.path("shardsTotal").asInt(),
        s.path("imagesProcessed").asLong() + s.path("imagesSkipped").asLong(), s.path("imagesSelected").asInt()));
    if (s.path("imagesSkipped").asLong() > 0) {
      line.append(String.format(Locale.ROOT, " (%d skipped)", s.path("imagesSkipped").asLong()));
    }
    line.append(String.format(Locale.ROOT, "  mistakes %d  %.0f samples/s", s.path("mistakesKept").asLong(),
        s.path("samplesPerSecond").asDouble()));
    JsonNode eta = s.path("etaSeconds");
    if (s.path("state").asText().equals("COMPLETED")) {
      line.append(String.format(Locale.ROOT, "  done in %s", duration(s.path("elapsedSeconds").asDouble())));
    } else if (eta.isNumber()) {
      line.append("  ETA ").append(duration(eta.asDouble()));
    }
    for (JsonNode failure : s.path("failures")) {
      line.append(String.format(Locale.ROOT, "%n  shard %d failed: %s", failure.path("shardIndex").asInt(),
          failure.path("error").asText()));
    }
    return line.toString();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  static boolean finished(JsonNode status) {
    String state = status.path("state").asText();
    return state.equals("COMPLETED") || state.equals("FAILED");
  }
}
