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
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows one run of the job, injects the scenario's fault once the disturbed stage is in its middle, heals it,
 * measures the recovery, and at the end takes the run's {@link JobSnapshot}. Without a scenario (the undisturbed run)
 * it only measures how long each stage takes and takes the snapshot.
 *
 * <p>The fault comes from a watcher thread that polls the disturbed stage's own status endpoint every
 * {@link #WATCH} — not from the demo loop, whose round over four services can take several seconds on a loaded
 * machine, long enough for a stage to pass its middle unseen. "Middle" comes from the service's own progress:
 * <ul>
 *   <li>identify: some shards done, not all ({@code GET /jobs/{id}} images done, 0 &lt; done &lt; total);</li>
 *   <li>distill: the DP-GMM fit has run at least one iteration, or the regions are being sampled and not all are
 *       ({@code running.iteration}, {@code running.regionsDone});</li>
 *   <li>labeling: at least a third of the votes and not all ({@code votes} of items × annotators per item);</li>
 *   <li>correction: a λ point is in training past its first batch and the sweep is not done
 *       ({@code runningHere[].batch}).</li>
 * </ul>
 * A stage not seen in that state is also taken to be in its middle once it has run half as long as it took in the
 * undisturbed run.
 *
 * <p>Recovery: from the fault until the disturbed stage shows progress beyond what it had when the fault came (a later
 * phase, more units of the same phase, or its end).
 */
final class FaultInjector implements DemoRun.Observer {

  /** The demo loop's pause between rounds. */
  static final Duration POLL = Duration.ofMillis(500);
  /** The watcher's pause between two looks at the disturbed stage. */
  static final Duration WATCH = Duration.ofMillis(200);
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
  /** Seen by the demo loop: when each stage was first seen working, and how long it took. */
  private final Map<String, Instant> stageStarted = new HashMap<>();
  private final Map<String, Double> stageSeconds = new HashMap<>();
  private final AtomicReference<Throwable> watcherFailure = new AtomicReference<>();
  private Thread watcher;
  private volatile boolean stopWatching;
  private volatile Injection injection;
  private volatile String missed;
  private StageProgress atFault;
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
    if (scenario == null) {
      return;
    }
    if (watcher == null) {
      watcher = new Thread(() -> watch(run), "chaos-" + scenario.id());
      watcher.setDaemon(true);
      watcher.start();
    }
    Throwable failure = watcherFailure.get();
    if (failure != null) {
      throw new IllegalStateException("injecting " + scenario.id() + " failed: " + failure.getMessage(), failure);
    }
  }

  @Override
  public void finished(DemoRun.Running run) {
    stop();
    snapshot = JobSnapshot.capture(run, http);
  }

  /** Stops the watcher (the run is over, or failed) and waits for it. */
  void stop() {
    stopWatching = true;
    if (watcher != null) {
      try {
        watcher.join(READY_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  Optional<Injection> injection() {
    return Optional.ofNullable(injection);
  }

  /** Why no fault was injected, if none was. */
  Optional<String> missed() {
    if (missed == null && scenario != null && injection == null) {
      return Optional.of("the run ended before " + scenario.stage() + " reached its middle");
    }
    return Optional.ofNullable(missed);
  }

  Optional<JobSnapshot> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  /** The watcher: finds the middle, injects, heals, and follows the stage until it progresses again. */
  private void watch(DemoRun.Running run) {
    Instant started = null;
    try {
      while (!stopWatching) {
        Optional<StageProgress> seen = stage(run);
        Instant now = Instant.now();
        if (seen.isPresent()) {
          StageProgress stage = seen.get();
          if (started == null && (stage.done() > 0 || !stage.state().startsWith("WAITING"))) {
            started = now;
          }
          if (injection == null) {
            if (stage.ended()) {
              missed = scenario.stage() + " ended before its middle was seen (" + describe(stage) + ")";
              err.println("chaos: " + missed + "; no fault injected");
              return;
            }
            Optional<String> at = midStage(run, stage);
            if (at.isEmpty()) {
              at = halfWay(stage, started, now);
            }
            if (at.isPresent()) {
              inject(run, stage, at.get());
            }
          } else if (progressed(stage)) {
            injection = new Injection(injection.at(), injection.injected(), injection.healed(), now);
            err.printf(Locale.ROOT, "chaos: %s recovered %.1f s after the fault (%s)%n", scenario.stage(),
                injection.recoveredSeconds(), describe(stage));
            return;
          }
        }
        sleep(WATCH);
      }
    } catch (RuntimeException e) {
      if (!stopWatching) {
        watcherFailure.set(e);
      }
    }
  }

  /** The disturbed stage's progress from its service; empty while the service does not answer. */
  private Optional<StageProgress> stage(DemoRun.Running run) {
    String jobId = run.jobId();
    try {
      return switch (scenario.stage()) {
        case "identify" -> http.get(url(run, "identify-service") + "/jobs/" + jobId, null)
            .map(StageProgress::identify);
        case "distill" -> http.get(url(run, "distill-service") + "/jobs/" + jobId, null)
            .map(StageProgress::distill);
        case "labeling" -> http.get(url(run, "labeling-service") + "/admin/v1/jobs/" + jobId, run.adminToken())
            .map(StageProgress::labeling);
        case "correction" -> http.get(url(run, "correction-service") + "/jobs/" + jobId, null)
            .map(StageProgress::correction);
        default -> throw new IllegalStateException("unknown stage " + scenario.stage());
      };
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  private static String url(DemoRun.Running run, String service) {
    return run.fleet().get(service).url();
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
   * A stage whose progress moves in a few big steps is in its middle once it has run half as long as it took in the
   * undisturbed run.
   */
  private Optional<String> halfWay(StageProgress p, Instant started, Instant now) {
    Double expected = undisturbedSeconds.get(p.stage());
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
      return http.get(url(run, service) + "/jobs/" + run.jobId(), null).orElse(MissingNode.getInstance());
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
      run.fleet().killAndRestart(scenario.service());
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
