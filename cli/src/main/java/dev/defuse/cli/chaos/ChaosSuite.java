package dev.defuse.cli.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.cli.demo.DemoRun;
import dev.defuse.stack.StackComponent;
import dev.defuse.stack.StackControl;
import dev.defuse.stack.StackException;
import dev.defuse.stack.StackStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fault-injection suite: the same seeded job once undisturbed, then once per {@link Scenario} with its fault
 * injected, each run a full {@link DemoRun} (the four services as fresh processes, the simulated annotators over
 * HTTP) on one running stack, each compared with the undisturbed run ({@link Comparison}). {@code ./defuse chaos}
 * and the end-to-end test both use it.
 */
public final class ChaosSuite {

  /**
   * What to run.
   *
   * @param job       the job and how to run it; each run gets its own work and report folder under
   *                  {@code job.workDir()/<run>}
   * @param scenarios the faults, in order
   * @param outage    how long S3Proxy stays away in {@link Scenario#S3_OUTAGE}
   */
  public record Settings(DemoRun.Settings job, List<Scenario> scenarios, Duration outage) {}

  /** Each run's {@link JobSnapshot}, in its work folder. */
  static final String SNAPSHOT_FILE = "snapshot.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;

  public ChaosSuite(Settings settings) {
    this.settings = settings;
  }

  /**
   * Runs the undisturbed job, then every scenario, on the stack described by {@code stack}. A failed run is reported,
   * not thrown: the next scenario still runs. Returns the undisturbed run first.
   */
  public List<RunResult> run(StackStatus stack, PrintWriter out, PrintWriter err) {
    List<RunResult> results = new ArrayList<>();
    err.println("chaos: the undisturbed run");
    Run baseline = runOnce(null, Map.of(), stack, out, err);
    results.add(baseline.result(null));
    for (Scenario scenario : settings.scenarios()) {
      err.println();
      err.println("chaos: " + scenario.id() + ": " + scenario.describe(settings.outage().toSeconds()));
      Run run = runOnce(scenario, baseline.injector().stageSeconds(), stack, out, err);
      RunResult result = run.result(baseline.snapshot);
      results.add(result);
      err.println("chaos: " + scenario.id() + " " + (result.passed() ? "passed" : "did NOT pass") + ": "
          + ChaosReport.verdict(result));
    }
    return results;
  }

  /** One run and what it left. */
  private record Run(Scenario scenario, String fault, FaultInjector injector, JobSnapshot snapshot, String jobId,
      double seconds, String failure) {

    RunResult result(JobSnapshot expected) {
      Optional<FaultInjector.Injection> injection = injector.injection();
      Comparison.Verdict verdict = expected != null && snapshot != null ? Comparison.of(expected, snapshot) : null;
      Map<String, TopicCount> topics = snapshot == null ? Map.of() : snapshot.topics();
      int raw = topics.values().stream().mapToInt(TopicCount::rawDuplicates).sum();
      return new RunResult(scenario == null ? "undisturbed" : scenario.id(), fault, jobId,
          injection.map(FaultInjector.Injection::at).orElse(null), injector.missed().orElse(null),
          injection.map(FaultInjector.Injection::faultSeconds).orElse(null),
          injection.map(FaultInjector.Injection::recoveredSeconds).orElse(null),
          verdict == null ? null : verdict.identical(),
          verdict == null ? Map.of() : verdict.differences(),
          verdict == null ? null : verdict.lost(), verdict == null ? List.of() : verdict.lostDetail(),
          verdict == null ? null : verdict.duplicated(), verdict == null ? List.of() : verdict.duplicatedDetail(),
          snapshot == null ? null : raw, topics, seconds,
          failure != null ? failure : expected == null && scenario != null ? "the undisturbed run failed" : null);
    }
  }

  private Run runOnce(Scenario scenario, Map<String, Double> undisturbedSeconds, StackStatus stack, PrintWriter out,
      PrintWriter err) {
    String name = scenario == null ? "undisturbed" : scenario.id();
    FaultInjector injector = new FaultInjector(scenario, settings.outage(), undisturbedSeconds, err);
    DemoRun.Settings job = forRun(settings.job(), settings.job().workDir().resolve(name));
    Instant begin = Instant.now();
    String failure = null;
    String jobId = null;
    try {
      jobId = new DemoRun(job).run(stack, new LinkedHashMap<>(), begin, out, err, injector).jobId();
    } catch (RuntimeException e) {
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println("chaos: the " + name + " run failed: " + failure);
    } finally {
      injector.stop();
      restoreStack(stack, err);
    }
    double seconds = Duration.between(begin, Instant.now()).toMillis() / 1000.0;
    injector.snapshot().ifPresent(snapshot -> keep(snapshot, job.workDir().resolve(SNAPSHOT_FILE), err));
    String fault = scenario == null ? null : scenario.describe(settings.outage().toSeconds());
    return new Run(scenario, fault, injector, injector.snapshot().orElse(null),
        jobId != null ? jobId : injector.snapshot().map(JobSnapshot::jobId).orElse(null), seconds, failure);
  }

  /** What a run left, kept next to its logs: the details behind a "no" in the table. */
  private static void keep(JobSnapshot snapshot, Path file, PrintWriter err) {
    try {
      Files.createDirectories(file.getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), snapshot);
    } catch (IOException e) {
      err.println("chaos: cannot write " + file + ": " + e.getMessage());
    }
  }

  /** A run that failed half-way through a stack fault must not leave the next run without its broker. */
  private static void restoreStack(StackStatus stack, PrintWriter err) {
    try {
      Optional<StackControl> control = StackControl.of(stack.dataDir());
      if (control.isEmpty()) {
        return;
      }
      for (Map.Entry<StackComponent, Boolean> c : control.get().components().entrySet()) {
        if (!c.getValue()) {
          err.println("chaos: starting " + c.getKey().id() + " again after the failed run");
          control.get().start(c.getKey());
        }
      }
    } catch (StackException e) {
      err.println("chaos: cannot check the stack's servers: " + e.getMessage());
    }
  }

  /** The same job with its own work folder (service logs) and report folder. */
  private static DemoRun.Settings forRun(DemoRun.Settings s, Path dir) {
    return new DemoRun.Settings(s.root(), dir, s.modelDir(), s.data(), s.imageFolder(), s.imageSize(), s.channels(),
        s.images(), s.draws(), s.maxComponents(), s.classifierEpochs(), s.vaeEpochs(), s.latent(), s.trainLimit(),
        s.lambdas(), s.correctionEpochs(), s.correctionLearningRate(), s.baselineData(), s.seed(),
        dir.resolve("report"), false, s.serviceJvmOptions(),
        s.timeoutMinutes(), s.torch(), s.oracle(), s.policy(), s.annotators(), s.annotatorSeed());
  }
}
