package dev.defuse.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Follows one job through the four services' {@code GET /jobs/{id}} endpoints: prints a live line per stage (stage,
 * done/total, rate, ETA, state) and records when each stage started and ended.
 */
public final class ProgressMonitor {

  /** When a stage was first seen working and when it ended. */
  public record StageTiming(String stage, Instant started, Instant ended, StageProgress last) {
    public double seconds() {
      return started == null || ended == null ? Double.NaN : Duration.between(started, ended).toMillis() / 1000.0;
    }
  }

  /** A status source: the service's JSON for the job, empty while it does not know the job. */
  public record Source(String stage, Function<String, Optional<JsonNode>> fetch,
      Function<JsonNode, StageProgress> parse) {}

  private final List<Source> sources;
  private final PrintWriter err;
  private final boolean terminal;
  private final Map<String, Instant> started = new LinkedHashMap<>();
  private final Map<String, Instant> ended = new LinkedHashMap<>();
  private final Map<String, Long> doneAtStart = new LinkedHashMap<>();
  private final Map<String, Instant> rateStart = new LinkedHashMap<>();
  private final Map<String, StageProgress> last = new LinkedHashMap<>();
  /** Stages whose status endpoint fails, since when. */
  private final Map<String, Instant> failingSince = new LinkedHashMap<>();
  private final Duration unreachableGrace;
  private int printedLength;
  private long lastPlainLine;

  /** How long a stage's status endpoint may fail in a row before the failure is the run's. */
  static final Duration UNREACHABLE_GRACE = Duration.ofMinutes(2);
  /** Without a terminal, a line per stage every this often (a log, not an animation). */
  private static final long PLAIN_LINE_NANOS = Duration.ofSeconds(10).toNanos();

  public ProgressMonitor(List<Source> sources, PrintWriter err, boolean terminal) {
    this(sources, err, terminal, UNREACHABLE_GRACE);
  }

  /** @param unreachableGrace how long a status endpoint may fail in a row before {@link #poll} fails */
  ProgressMonitor(List<Source> sources, PrintWriter err, boolean terminal, Duration unreachableGrace) {
    this.sources = sources;
    this.err = err;
    this.terminal = terminal;
    this.unreachableGrace = unreachableGrace;
  }

  /** Polls every service once, prints, and returns the latest progress by stage. */
  public Map<String, StageProgress> poll(String jobId) {
    Instant now = Instant.now();
    for (Source source : sources) {
      if (ended.containsKey(source.stage())) {
        continue;
      }
      StageProgress p;
      try {
        p = source.fetch().apply(jobId).map(source.parse()).orElse(StageProgress.waiting(source.stage()));
        failingSince.remove(source.stage());
      } catch (RuntimeException e) {
        // a service restarting (after a crash, or while the broker or the database restarts) does not answer for a
        // while: keep its last progress; only a service silent for longer than the grace period fails the run
        Instant since = failingSince.computeIfAbsent(source.stage(), k -> now);
        if (Duration.between(since, now).compareTo(unreachableGrace) > 0) {
          throw e;
        }
        last.putIfAbsent(source.stage(), StageProgress.waiting(source.stage()));
        continue;
      }
      if (!started.containsKey(source.stage()) && (p.done() > 0 || !p.state().equals("WAITING"))) {
        started.put(source.stage(), now);
        doneAtStart.put(source.stage(), p.done());
      }
      StageProgress previous = last.get(source.stage());
      if (previous != null && !previous.unit().equals(p.unit()) && !p.unit().isEmpty()) {
        // the stage counts something else now (e.g. distill: shards, then regions): the rate restarts
        rateStart.put(source.stage(), now);
        doneAtStart.put(source.stage(), p.done());
      }
      last.put(source.stage(), p);
      if (p.ended()) {
        ended.put(source.stage(), now);
        show(p, rate(p, now), true);
      }
    }
    sources.stream().map(Source::stage).filter(s -> !ended.containsKey(s)).findFirst()
        .ifPresent(s -> show(last.get(s), rate(last.get(s), now), false));
    return Map.copyOf(last);
  }

  private double rate(StageProgress p, Instant now) {
    Instant start = rateStart.getOrDefault(p.stage(), started.get(p.stage()));
    if (start == null) {
      return 0;
    }
    double seconds = Duration.between(start, ended.getOrDefault(p.stage(), now)).toMillis() / 1000.0;
    return seconds <= 0 ? 0 : (p.done() - doneAtStart.getOrDefault(p.stage(), 0L)) / seconds;
  }

  private void show(StageProgress p, double rate, boolean finalLine) {
    String line = p.line(rate);
    if (terminal) {
      err.print("\r" + line + " ".repeat(Math.max(0, printedLength - line.length())));
      printedLength = line.length();
      if (finalLine) {
        err.println();
        printedLength = 0;
      }
    } else if (finalLine || System.nanoTime() - lastPlainLine >= PLAIN_LINE_NANOS) {
      err.println(line);
      lastPlainLine = System.nanoTime();
    }
    err.flush();
  }

  public boolean ended(String stage) {
    return ended.containsKey(stage);
  }

  public List<StageTiming> timings() {
    return sources.stream().map(s -> new StageTiming(s.stage(), started.get(s.stage()), ended.get(s.stage()),
        last.get(s.stage()))).toList();
  }
}
