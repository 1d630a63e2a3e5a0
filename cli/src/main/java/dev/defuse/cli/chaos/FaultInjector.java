package dev.defuse.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.defuse.cli.demo.DemoRun;
import dev.defuse.cli.demo.JsonHttp;
import dev.defuse.cli.demo.StageProgress;
import dev.defuse.stack.StackControl;
import dev.defuse.stack.StackException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Follows one run of the job from inside the demo loop, injects the scenario's fault once the disturbed stage is
 * in its middle, heals it, measures the recovery, and at the end takes the run's {@link JobSnapshot}. Without a
 * scenario (the undisturbed run) it only takes the snapshot.
 *
 * <p>"Middle" comes from the services' own progress, as the demo's progress lines show it:
 * <ul>
 *   <li>identify: some shards done, not all ({@code GET /jobs/{id}} images done, 0 &lt; done &lt; total);</li>
 *   <li>distill: the DP-GMM fit has run at least one iteration, or the regions are being sampled and not all are
 *       ({@code running.step}, {@code running.iteration}, {@code running.regionsDone});</li>
 *   <li>labeling: at least a third of the votes and not all ({@code votes} of items × annotators per item);</li>
 *   <li>correction: a λ point is in training past its first batch and the sweep is not done
 *       ({@code runningHere[].batch}).</li>
 * </ul>
 * A stage whose progress was not seen in that state (it moved past it between two polls) is taken to be in its
 * middle once it has run half as long as in the undisturbed run.
 *
 * <p>Recovery: from the fault until the disturbed stage shows progress beyond what it had when the fault came (more
 * units of the same kind), or ends.
 */
final class FaultInjector implements DemoRun.Observer {

  /** Polled often enough to hit a stage of a few seconds in its middle. */
  static final Duration POLL = Duration.ofMillis(500);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
  /** Units a stage counts, in the order it counts them (only distill has two). */
  private static final List<String> PHASES = List.of("shards", "regions");

  /** What the fault did, once injected. */
  record Injection(String at, Instant injected, Instant healed, Instant recovered) {
    Double faultSeconds() {
      return healed == null ? null : Duration.between(injected, healed).toMillis() / 1000.0;
    }

    Double recoveredSeconds() {
      return recovered == null ? null : Duration.between(injected, recovered).toMillis() / 1000.0;
    }
  }

  private final Scenario scenario;
  private final Duration outage;
  private final PrintWriter err;
  private final JsonHttp http = new JsonHttp();
  /** How long each stage took in the undisturbed run (empty in the undisturbed run itself). */
  private final Map<String, Double> undisturbedSeconds;
  private final Map<String, Instant> stageStarted = new HashMap<>();
  private final Map<String, Double> stageSeconds = new HashMap<>();
  private Injection injection;
  private StageProgress atFault;
  private String missed;
  private JobSnapshot snapshot;

  /**
   * @param scenario           the fault, or null for the undisturbed run
   * @param undisturbedSeconds how long each stage took in the undisturbed run ({@link #stageSeconds()})
   */
  FaultInjector(Scenario scenario, Duration outage, Map<String, Double> undisturbedSeconds, PrintWriter err) {
    this.scenario = scenario;
    this.outage = outage;
    this.undisturbedSeconds = Map.copyOf(undisturbedSeconds);
    this.err = err;
  }

  /** How long each stage took, from the first poll that saw it working to the one that saw it end. */
  Map<String, Double> stageSeconds() {
    return Map.copyOf(stageSeconds);
  }

  @Override
  public String jobIdPrefix() {
    return "chaos-" + (scenario == null ? "undisturbed" : scenario.id());
  }

  @Override
  public Duration pollInterval() {
    return POLL;
  }

  @Override
  public void polled(DemoRun.Running run, Map<String, StageProgress> progress) {
    Instant now = Instant.now();
    progress.values().forEach(p -> {
      if (p.done() > 0 || !p.state().startsWith("WAITING")) {
        stageStarted.putIfAbsent(p.stage(), now);
      }
      if (p.ended() && !stageSeconds.containsKey(p.stage())) {
        stageSeconds.put(p.stage(), Duration.between(stageStarted.getOrDefault(p.stage(), now), now).toMillis()
            / 1000.0);
      }
    });
    if (scenario == null || missed != null) {
      return;
    }
    StageProgress stage = progress.get(scenario.stage());
    if (stage == null) {
      return;
    }
    if (injection == null) {
      if (stage.ended()) {
        missed = scenario.stage() + " ended before its middle was seen (" + describe(stage) + ")";
        err.println("chaos: " + missed + "; no fault injected");
      } else {
        midStage(run, stage).or(() -> halfWay(stage, now)).ifPresent(at -> inject(run, stage, at));
      }
    } else if (injection.recovered() == null && injection.healed() != null && progressed(stage)) {
      injection = new Injection(injection.at(), injection.injected(), injection.healed(), Instant.now());
      err.printf(Locale.ROOT, "chaos: %s recovered %.1f s after the fault (%s)%n", scenario.stage(),
          injection.recoveredSeconds(), describe(stage));
    }
  }

  @Override
  public void finished(DemoRun.Running run) {
    snapshot = JobSnapshot.capture(run, http);
  }

  Optional<Injection> injection() {
    return Optional.ofNullable(injection);
  }

  /** Why no fault was injected, if none was. */
  Optional<String> missed() {
    return Optional.ofNullable(missed);
  }

  Optional<JobSnapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** What the middle of the stage looks like right now, or empty while the stage is not in its middle. */
  private Optional<String> midStage(DemoRun.Running run, StageProgress p) {
    switch (scenario.stage()) {
      case "identify":
        return p.done() > 0 && p.done() < p.total() ? Optional.of(describe(p)) : Optional.empty();
      case "labeling":
        return p.total() > 0 && p.done() >= Math.max(1, p.total() / 3) && p.done() < p.total()
            ? Optional.of(describe(p)) : Optional.empty();
      case "distill": {
        JsonNode running = status(run, "distill-service").path("running");
        int iteration = running.path("iteration").asInt();
        int done = running.path("regionsDone").asInt();
        int total = running.path("regionsTotal").asInt();
        if (total > 0 && done >= 1 && done < total) {
          return Optional.of("distill sampling, " + done + "/" + total + " regions");
        }
        if (total == 0 && iteration >= 1) {
          return Optional.of("distill fitting the DP-GMM, iteration " + iteration);
        }
        return Optional.empty();
      }
      case "correction": {
        JsonNode job = status(run, "correction-service");
        int done = job.path("sweep").path("done").asInt();
        int total = job.path("sweep").path("total").asInt();
        for (JsonNode point : job.path("runningHere")) {
          if (point.path("batch").asInt() >= 1 && done < total) {
            return Optional.of(String.format(Locale.ROOT,
                "correction %d/%d λ points, %s λ=%s epoch %d/%d batch %d/%d", done, total,
                point.path("variant").asText(), point.path("lambda").asText(), point.path("epoch").asInt(),
                point.path("epochs").asInt(), point.path("batch").asInt(), point.path("batches").asInt()));
          }
        }
        return Optional.empty();
      }
      default:
        throw new IllegalStateException("unknown stage " + scenario.stage());
    }
  }

  /**
   * A stage whose progress moves in a few big steps (identify's shards may all finish between two polls) is in its
   * middle once it has run half as long as it took in the undisturbed run.
   */
  private Optional<String> halfWay(StageProgress p, Instant now) {
    Double expected = undisturbedSeconds.get(p.stage());
    Instant started = stageStarted.get(p.stage());
    if (expected == null || started == null) {
      return Optional.empty();
    }
    double elapsed = Duration.between(started, now).toMillis() / 1000.0;
    return elapsed >= expected / 2 ? Optional.of(String.format(Locale.ROOT, "%s, %.0f s into the stage (undisturbed:"
        + " %.0f s)", describe(p), elapsed, expected)) : Optional.empty();
  }

  /** The service's {@code GET /jobs/{id}}; missing while it does not answer. */
  private JsonNode status(DemoRun.Running run, String service) {
    try {
      return http.get(run.fleet().get(service).url() + "/jobs/" + run.jobId(), null)
          .orElse(MissingNode.getInstance());
    } catch (IllegalStateException e) {
      return MissingNode.getInstance();
    }
  }

  private void inject(DemoRun.Running run, StageProgress stage, String at) {
    atFault = stage;
    Instant injected = Instant.now();
    err.println("chaos: " + scenario.describe(outage.toSeconds()) + " — now, at " + at);
    injection = new Injection(at, injected, null, null);
    if (scenario.service() != null) {
      run.fleet().kill(scenario.service());
      run.fleet().restart(scenario.service());
      run.fleet().awaitReady(scenario.service(), READY_TIMEOUT);
    } else {
      StackControl control = StackControl.of(run.stack().dataDir()).orElseThrow(() -> new StackException(
          "the local stack on " + run.stack().dataDir() + " is not running"));
      StackControl.Change stopped = control.stop(scenario.component());
      err.println("chaos: stopped " + scenario.component().id() + " in " + stopped.millis() + " ms");
      if (scenario.outage()) {
        sleep(outage);
      }
      StackControl.Change started = control.start(scenario.component());
      err.println("chaos: started " + scenario.component().id() + " again in " + started.millis() + " ms");
    }
    injection = new Injection(at, injected, Instant.now(), null);
  }

  /**
   * Progress beyond the snapshot taken when the fault came: the end, a later phase (distill counts shards, then
   * regions), or more units of the same phase.
   */
  private boolean progressed(StageProgress now) {
    int phase = PHASES.indexOf(now.unit());
    int phaseAtFault = PHASES.indexOf(atFault.unit());
    return now.ended() || phase > phaseAtFault
        || now.unit().equals(atFault.unit()) && now.done() > atFault.done();
  }

  private static String describe(StageProgress p) {
    return p.stage() + " " + (p.total() > 0 ? p.done() + "/" + p.total() : String.valueOf(p.done())) + " "
        + p.unit() + " (" + p.state() + ")";
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
