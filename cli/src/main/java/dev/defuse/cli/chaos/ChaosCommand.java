package dev.defuse.cli.chaos;

import dev.defuse.cli.annotators.AnnotatorPolicy;
import dev.defuse.cli.annotators.Durations;
import dev.defuse.cli.annotators.OracleTrainer;
import dev.defuse.cli.demo.DemoCommand;
import dev.defuse.cli.demo.DemoRun;
import dev.defuse.cli.stack.JsonOutput;
import dev.defuse.cli.train.EngineOptions;
import dev.defuse.common.data.DatasetSplit;
import dev.defuse.stack.Json;
import dev.defuse.stack.StackConfig;
import dev.defuse.stack.StackDefaults;
import dev.defuse.stack.StackException;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import dev.defuse.stack.StackTopics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./defuse chaos}: the fault-injection suite on real processes. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
        "Fault injection on real processes: run a small seeded job through the whole loop once undisturbed, then "
            + "once per scenario with a fault injected in the middle of a stage — kill -9 of a service (restarted at "
            + "once on the same port), a Kafka broker restart, S3Proxy unavailable for a while, a PostgreSQL restart "
            + "during voting — and compare each run with the undisturbed one, counted from the topics and the "
            + "stores: same mistakes, regions, labeling decisions and model metrics; records lost; effects duplicated.",
        "Slow: each run is a full loop (about 5 minutes on 2 cores). Exit code 0 when every scenario passed, 1 "
            + "otherwise.",
        "Scenarios: kill-identify, kill-distill, kill-labeling, kill-correction, broker-restart, s3-outage, "
            + "db-restart (default: all)."})
public final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--scenarios", paramLabel = "LIST", split = ",", defaultValue = "all",
      description = "Scenarios to run, comma-separated (default ${DEFAULT-VALUE}).")
  List<String> scenarios;

  @Mixin JsonOutput json;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write the results to FILE: JSON if it ends in .json, else Markdown.")
  Path report;

  @Option(names = "--outage", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long S3Proxy stays away in s3-outage (default ${DEFAULT-VALUE}).")
  String outage;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "datasets/mnist",
      description = "IDX dataset folder (default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--images", paramLabel = "N", defaultValue = "100",
      description = "Training images identify perturbs (default ${DEFAULT-VALUE}: four shards of 25).")
  int images;

  @Option(names = {"-q", "--draws"}, paramLabel = "Q", defaultValue = "100",
      description = "Noise draws per image (default ${DEFAULT-VALUE}: on an idle machine identify then lasts several "
          + "seconds, long enough to be hit in its middle; with 10 it is over in about one).")
  int draws;

  @Option(names = "--max-components", paramLabel = "K", defaultValue = "10",
      description = "Truncation K of the DP-GMM (default ${DEFAULT-VALUE}).")
  int maxComponents;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
      description = "Epochs of the base classifier and the β-VAE (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--train-limit", paramLabel = "N", defaultValue = "1000",
      description = "Train the models on the first N training images (default ${DEFAULT-VALUE}).")
  int trainLimit;

  @Option(names = "--lambdas", paramLabel = "λ,λ,…", split = ",", defaultValue = "1",
      description = "λ values of the correction sweep (default ${DEFAULT-VALUE}).")
  List<Double> lambdas;

  @Option(names = "--correction-epochs", paramLabel = "N", defaultValue = "1",
      description = "Fine-tuning epochs per λ (default ${DEFAULT-VALUE}).")
  int correctionEpochs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the models and the job (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--annotators", paramLabel = "N", defaultValue = "3",
      description = "Simulated annotators, each voting on every item (default ${DEFAULT-VALUE}).")
  int annotators;

  @Option(names = "--error-rate", paramLabel = "P", defaultValue = "0.1",
      description = "Probability of a deliberate slip per vote (default ${DEFAULT-VALUE}: the slips must come out "
          + "the same in every run).")
  double errorRate;

  @Option(names = "--annotator-seed", paramLabel = "SEED", defaultValue = "7",
      description = "Seed of the annotators' decisions (default ${DEFAULT-VALUE}).")
  long annotatorSeed;

  @Option(names = "--oracle-epochs", paramLabel = "N", defaultValue = "2",
      description = "Epochs of the annotators' one-member oracle (default ${DEFAULT-VALUE}).")
  int oracleEpochs;

  @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "20",
      description = "Give up on a run after this many minutes (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  @Option(names = "--service-jvm-options", paramLabel = "OPTS", defaultValue = "-Xmx768m",
      description = "JVM options of each service process (default ${DEFAULT-VALUE}).")
  String serviceJvmOptions;

  @Option(names = "--stack-dir", paramLabel = "DIR",
      description = "Data folder of the suite's own local stack (default <repository>/.defuse/chaos/stack).")
  Path stackDir;

  @Option(names = "--no-build", description = "Fail instead of building the services' jars when they are missing.")
  boolean noBuild;

  @Mixin EngineOptions engine;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (StackException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      err.println();
      err.println("chaos failed: " + e.getMessage());
      return 2;
    }
  }

  private int run(PrintWriter out, PrintWriter err) {
    List<Scenario> chosen = Scenario.parse(scenarios);
    Duration outageTime = Durations.parse(outage, "--outage");
    Path root = DemoCommand.root();
    Path workDir = root.resolve(".defuse/chaos");
    Path dataDir = data.isAbsolute() || Files.isDirectory(data) ? data : root.resolve(data);
    if (!Files.isDirectory(dataDir) || Files.isDirectory(dataDir.resolve(DatasetSplit.TRAIN.folderName()))) {
      throw new IllegalArgumentException("--data " + dataDir + " is not an IDX dataset folder");
    }
    DemoCommand.buildMissing(root, noBuild, err);

    Path stackData = stackDir != null ? stackDir.toAbsolutePath() : workDir.resolve("stack");
    StackConfig stackConfig = StackConfig.defaults(stackData).withFreePorts(true)
        .withTopics(StackTopics.all(StackDefaults.WORK_PARTITIONS, StackDefaults.EVENT_PARTITIONS))
        .withParentPid(ProcessHandle.current().pid());
    err.println("starting the suite's local stack in " + stackData + " ...");
    StackLauncher launcher = new StackLauncher();
    StackLauncher.StartResult stack = launcher.start(stackConfig, Duration.ofMinutes(3));
    StackStatus status = stack.status();
    Instant begin = Instant.now();
    String load = loadAverage();
    List<RunResult> results;
    try {
      DemoRun.Settings job = new DemoRun.Settings(root, workDir.resolve("runs"), root.resolve(".defuse/models"),
          dataDir.toAbsolutePath().normalize(), false, 32, 1, images, draws, maxComponents, epochs, epochs, 10,
          trainLimit, lambdas, correctionEpochs, null, null, seed, workDir.resolve("report"), false, serviceJvmOptions,
          timeoutMinutes, engine.settings(), new OracleTrainer.Settings(1, oracleEpochs, 1001),
          // never unsure: every vote is a class, so a 1-epoch classifier's regions all get decided
          new AnnotatorPolicy(errorRate, 0), annotators, annotatorSeed);
      results = new ChaosSuite(new ChaosSuite.Settings(job, chosen, outageTime)).run(status, out, err);
    } finally {
      if (!stack.alreadyRunning()) {
        launcher.stop(stackData, Duration.ofMinutes(1));
      }
    }
    double minutes = Duration.between(begin, Instant.now()).toSeconds() / 60.0;
    boolean passed = results.stream().skip(1).allMatch(RunResult::passed) && results.get(0).failure() == null;
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("startedAt", begin.toString());
    document.put("minutes", minutes);
    document.put("loadAverageAtStart", load);
    document.put("loadAverageAtEnd", loadAverage());
    document.put("passed", passed);
    document.put("runs", results.stream().map(RunResult::toJsonMap).toList());
    if (report != null) {
      write(report, document, results);
    }
    if (json.enabled()) {
      json.print(out, document);
    } else {
      out.println();
      out.print(ChaosReport.table(results));
      out.printf(Locale.ROOT, "%n%d scenario(s) in %.1f min (load average %s at the start, %s at the end): %s%n",
          results.size() - 1, minutes, load, document.get("loadAverageAtEnd"), passed ? "all passed"
              : "NOT all passed");
      if (report != null) {
        out.println("Results written to " + report.toAbsolutePath());
      }
    }
    out.flush();
    return passed ? 0 : 1;
  }

  private static void write(Path file, Map<String, Object> document, List<RunResult> results) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      String text = file.toString().endsWith(".json") ? Json.write(document)
          : "Run " + document.get("startedAt") + ", " + String.format(Locale.ROOT, "%.1f", document.get("minutes"))
              + " min, load average " + document.get("loadAverageAtStart") + " → " + document.get("loadAverageAtEnd")
              + "\n\n" + ChaosReport.markdown(results);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The 1-, 5- and 15-minute load averages ({@code /proc/loadavg}), or "?" where there is none. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
