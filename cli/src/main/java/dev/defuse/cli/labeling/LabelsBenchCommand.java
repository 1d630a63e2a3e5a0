package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.cli.demo.ServiceFleet;
import dev.defuse.cli.stack.StackDirectory;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./defuse bench labels}: votes per second through the labeling service's HTTP API on PostgreSQL, with
 * p50/p99 latency and CPU per vote, then a check that every accepted vote is stored exactly once.
 *
 * <p>Closed loop by default: every annotator posts as fast as it is answered, which finds the most votes per second
 * the machine gives but makes p99 mostly queueing. With {@code --rate} the measured jobs are open loop, as wrk2
 * runs them: the votes are posted on a fixed schedule at that offered rate, and each request is timed from when it
 * was due, so a stalled service shows in the latency instead of quietly lowering the load (coordinated omission).
 * Warm-up jobs are always closed loop: they only have to run the service's paths often enough for the JIT.
 *
 * <p>Without {@code --url} it starts what it measures (a fresh local stack on free ports and the packaged labeling
 * service) and stops it afterwards; with {@code --url} it measures a running service connected to the local stack
 * of {@code --data-dir}. Warm-up jobs of every mode (so the JIT has compiled the service's paths) precede the
 * measured jobs; each job comes in as a real one does (spec and review tensors in S3, {@code RegionFound} on Kafka) and is
 * labeled by {@code --clients} annotators of one vendor until every item has its votes.
 */
@Command(name = "labels", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Benchmark the labeling vendor API: votes/s, p50/p99 request latency and CPU per vote (service and"
            + " PostgreSQL) through HTTP against PostgreSQL, single votes and batches, then verify that every"
            + " accepted vote is stored exactly once.",
        "By default closed loop (each annotator posts as soon as it is answered: the highest throughput, with"
            + " queueing in the latency). With --rate, open loop: the measured jobs' votes are posted on a fixed"
            + " schedule at that rate, latency p50/p90/p99/p99.9/max is measured from each request's scheduled send"
            + " time (free of coordinated omission) and from its actual send (service time), and the achieved rate"
            + " (while every annotator still had tasks) is reported next to the offered one (sustained: at least"
            + " 99 %% of it, and less than 1 s behind schedule at the end). Warm-up jobs stay closed loop.",
        "Without --url it starts a fresh local stack on free ports and the packaged labeling-service (building it"
            + " if it is missing or older than its sources), and stops both at the end.",
        "Examples: ./defuse bench labels --json",
        "          ./defuse bench labels --rate 2000 --modes batch"})
public final class LabelsBenchCommand implements Callable<Integer> {

  /** Target of issue 6 on the project's 2-core machine. */
  static final double TARGET_VOTES_PER_SECOND = 2000;
  static final double TARGET_P99_MILLIS = 50;
  /** Classes of the synthetic job (digits). */
  static final int CLASSES = 10;
  private static final String SERVICE = "labeling-service";
  private static final String HOME_PROPERTY = "defuse.home";
  private static final String KAFKA_LOG_LEVEL = "org.slf4j.simpleLogger.log.org.apache.kafka";

  /** How votes are posted. */
  enum Mode { single, batch }

  @Option(names = "--url", paramLabel = "URL",
      description = "Measure this running labeling service (connected to the stack of --data-dir) instead of"
          + " starting one.")
  String url;

  @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:DEFUSE_LABELING_ADMIN_TOKEN}",
      description = "With --url: the service's admin credential (env DEFUSE_LABELING_ADMIN_TOKEN).")
  String adminToken;

  @Option(names = "--service-pid", paramLabel = "PID",
      description = "With --url: the service's process id, to report its CPU time per vote (Linux /proc).")
  Long servicePid;

  @Mixin
  StackDirectory stack;

  @Option(names = "--modes", split = ",", defaultValue = "single,batch", paramLabel = "MODE[,MODE]",
      description = "What to measure: single (POST /api/v1/votes, one vote per request) and/or batch"
          + " (POST /api/v1/votes/batch); default ${DEFAULT-VALUE}.")
  List<Mode> modes;

  @Option(names = "--batch-size", defaultValue = "20",
      description = "Votes per batch request (default ${DEFAULT-VALUE}: one lease's worth of tasks, as an annotator"
          + " tool would send them).")
  int batchSize;

  @Option(names = "--regions", defaultValue = "400",
      description = "Regions of each measured job (default ${DEFAULT-VALUE}: 400 x 10 items x 5 votes = 20,000 votes).")
  int regions;

  @Option(names = "--warmup-regions", defaultValue = "200",
      description = "Regions of each warm-up job (default ${DEFAULT-VALUE}; 0: no warm-up).")
  int warmupRegions;

  @Option(names = "--warmup-rounds", defaultValue = "6",
      description = "Warm-up rounds before anything is measured, each one job per mode (default ${DEFAULT-VALUE}: "
          + "after two, the JIT compiler still took more CPU in the service than the requests did).")
  int warmupRounds;

  @Option(names = "--items-per-region", defaultValue = "10",
      description = "Review images per region (default ${DEFAULT-VALUE}; the service's items-per-region caps it).")
  int itemsPerRegion;

  @Option(names = "--annotators-per-item", defaultValue = "5", description = "Votes each item needs (default ${DEFAULT-VALUE}).")
  int annotatorsPerItem;

  @Option(names = "--clients", defaultValue = "16",
      description = "Concurrent annotators, one HTTP connection and thread each (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--lease-batch", defaultValue = "20", description = "Tasks leased per GET (default ${DEFAULT-VALUE}).")
  int leaseBatch;

  /**
   * Offered rate of the open-loop mode, votes per second of all annotators together; null: closed loop. Each
   * annotator gets an equal share and posts a request of B votes every B / share seconds, whether or not the last
   * one has been answered by then.
   */
  @Option(names = "--rate", paramLabel = "VOTES_PER_S",
      description = "Open loop: post the measured jobs' votes on a fixed schedule at this rate (votes/s, all"
          + " annotators together, each an equal share) and measure latency from each request's scheduled send"
          + " time. Default: closed loop, each annotator posting as soon as it is answered.")
  Double rate;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the synthetic images and votes (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--service-jvm-options", defaultValue = "-Xmx1g", paramLabel = "OPTIONS",
      description = "JVM options of the service the benchmark starts (default ${DEFAULT-VALUE}).")
  String serviceJvmOptions;

  @Option(names = "--no-build", description = "Fail instead of building a missing or outdated labeling-service.")
  boolean noBuild;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One measured (or warm-up) job.
   *
   * @param offeredRate the open loop's offered votes/s; empty: closed loop
   * @param request vote request latency, from the scheduled send in the open loop (from the send in the closed)
   * @param service vote request latency from the actual send
   */
  record Run(Mode mode, int votesPerRequest, String jobId, boolean warmup, OptionalDouble offeredRate,
      VotingClients.Outcome outcome, LatencySummary request, LatencySummary service, LatencySummary lease,
      double serviceCpuSeconds, double postgresCpuSeconds, double benchCpuSeconds, double loadBefore,
      double loadAfter, StorageCheck check) {

    int votes() {
      return outcome.accepted().size();
    }

    /**
     * Achieved: votes accepted over the measured wall time, the whole job in the closed loop, the window in which
     * every annotator still offered its share in the open loop ({@link VotingClients}).
     */
    double votesPerSecond() {
      return outcome.measuredVotes() / outcome.measuredSeconds();
    }

    Optional<PacedRate> pacing() {
      return offeredRate.isEmpty() ? Optional.empty()
          : Optional.of(new PacedRate(offeredRate.getAsDouble(), votesPerSecond(), outcome.endLagNanos() / 1e9));
    }

    boolean meetsTarget() {
      return LabelsBenchCommand.meetsTarget(pacing(), votesPerSecond(), request.p99());
    }

    double perVoteMillis(double cpuSeconds) {
      return cpuSeconds * 1000 / votes();
    }
  }

  /**
   * The target: at least {@value #TARGET_VOTES_PER_SECOND} votes/s with request p99 under
   * {@value #TARGET_P99_MILLIS} ms. In the open loop the rate that counts is the offered one, if the run sustained it
   * (the achieved rate of a paced run is always a little under the offered one: requests still in flight at the end of
   * the window do not count); in the closed loop, the achieved rate.
   */
  static boolean meetsTarget(Optional<PacedRate> pacing, double closedLoopVotesPerSecond, double p99Millis) {
    double rate = pacing.map(p -> p.sustained() ? p.offeredVotesPerSecond() : 0.0).orElse(closedLoopVotesPerSecond);
    return rate >= TARGET_VOTES_PER_SECOND && p99Millis < TARGET_P99_MILLIS;
  }

  @Override
  public Integer call() throws Exception {
    // the Kafka producer that brings the jobs in would print its whole configuration at INFO
    System.setProperty(KAFKA_LOG_LEVEL, System.getProperty(KAFKA_LOG_LEVEL, "warn"));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (batchSize < 2 || leaseBatch < 1 || regions < 1 || warmupRegions < 0 || warmupRounds < 0
        || itemsPerRegion < 1 || annotatorsPerItem < 1) {
      err.println("error: --batch-size must be at least 2; --lease-batch, --regions, --items-per-region and"
          + " --annotators-per-item must be positive, --warmup-regions and --warmup-rounds not negative");
      return 2;
    }
    if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
      err.println("error: --rate must be a positive, finite number of votes per second, not " + rate);
      return 2;
    }
    if (clients < annotatorsPerItem) {
      err.println("error: --clients must be at least --annotators-per-item (each client is one annotator)");
      return 2;
    }
    BenchTarget target;
    try {
      target = url == null ? startOwn(err) : existing();
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    List<Run> runs = new ArrayList<>();
    try (target) {
      LabelingAdminClient admin = new LabelingAdminClient(target.url(), target.adminToken());
      List<Mode> measuredModes = modes.stream().distinct().toList();
      // The JIT compiles the service's paths (intake, leases, votes, decisions, outbox, admin reads) for a while:
      // every mode's paths are warmed before anything is measured, or the compiler's CPU counts as the vote's.
      for (int round = 0; round < (warmupRegions > 0 ? warmupRounds : 0); round++) {
        for (Mode mode : measuredModes) {
          runs.add(run(target, admin, mode, warmupRegions, true, err));
        }
      }
      for (Mode mode : measuredModes) {
        runs.add(run(target, admin, mode, regions, false, err));
      }
    } catch (LabelingAdminClient.ApiException | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    report(target, runs, out);
    return runs.stream().allMatch(r -> r.check().ok()) ? 0 : 1;
  }

  private BenchTarget existing() {
    StackStatus status = new StackLauncher().running(stack.resolve()).orElseThrow(() -> new IllegalStateException(
        "the local stack is not running in " + stack.resolve() + " (start it: ./defuse up), or leave out --url"
            + " to let the benchmark start its own"));
    if (adminToken == null || adminToken.isBlank()) {
      throw new IllegalArgumentException("no admin token: pass --admin-token or set DEFUSE_LABELING_ADMIN_TOKEN");
    }
    return BenchTarget.existing(status, url, adminToken, servicePid);
  }

  private BenchTarget startOwn(PrintWriter err) {
    Path root = root();
    if (!ServiceFleet.upToDate(root, SERVICE)) {
      if (noBuild) {
        throw new IllegalStateException(ServiceFleet.jar(root, SERVICE) + " is missing or older than its sources,"
            + " and --no-build was given");
      }
      build(root, err);
    }
    List<String> jvm = Arrays.stream(serviceJvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    return BenchTarget.start(root, root.resolve(".defuse/bench-labels"), jvm, err);
  }

  private static void build(Path root, PrintWriter err) {
    err.println("building " + SERVICE + " (missing or older than its sources) ...");
    err.flush();
    try {
      Process maven = new ProcessBuilder(root.resolve("mvnw").toString(), "-q", "-B", "install", "-DskipTests",
          "-pl", SERVICE, "-am").directory(root.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (maven.waitFor() != 0) {
        throw new IllegalStateException("building " + SERVICE + " failed (see the Maven output above)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Maven: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private Run run(BenchTarget target, LabelingAdminClient admin, Mode mode, int jobRegions, boolean warmup,
      PrintWriter err) throws InterruptedException {
    int perRequest = mode == Mode.single ? 1 : batchSize;
    String jobId = "bench-labels-" + mode + (warmup ? "-warmup-" : "-") + UUID.randomUUID().toString().substring(0, 8);
    BenchJob job = new BenchJob(jobId, jobRegions, itemsPerRegion, annotatorsPerItem, CLASSES, seed);
    progress(err, "%s %s: job %s, %d regions x %d items x %d votes = %d votes, %d annotators ...",
        warmup ? "warm-up" : "measuring", describe(mode), jobId, jobRegions, itemsPerRegion, annotatorsPerItem,
        job.votesNeeded(), clients);
    job.publish(target.stack());
    job.awaitItems(admin);
    String key = admin.createVendor(jobId).get("apiKey").asText();
    // warm-up stays closed loop: it is there to make the JIT compile the service's paths, the sooner the better
    OptionalDouble offered = warmup || rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate);
    VotingClients annotators = new VotingClients(target.url(), key, clients, leaseBatch, perRequest, CLASSES, seed,
        offered);

    long bench = ProcessHandle.current().pid();
    long postgres = target.stack().postgres().pid();
    double load0 = loadAverage();
    double service0 = target.servicePid() == null ? Double.NaN : ProcCpu.seconds(target.servicePid());
    double postgres0 = ProcCpu.secondsWithChildren(postgres);
    double bench0 = ProcCpu.seconds(bench);
    VotingClients.Outcome outcome = annotators.label(jobId);
    double service = target.servicePid() == null ? Double.NaN : ProcCpu.seconds(target.servicePid()) - service0;
    double postgresCpu = ProcCpu.secondsWithChildren(postgres) - postgres0;
    double benchCpu = ProcCpu.seconds(bench) - bench0;
    double load1 = loadAverage();

    StorageCheck check = StorageCheck.of(admin.votes(jobId).get("votes"), outcome.accepted(), job.votesNeeded());
    Run run = new Run(mode, perRequest, jobId, warmup, offered, outcome, LatencySummary.ofNanos(outcome.voteNanos()),
        LatencySummary.ofNanos(outcome.serviceNanos()), LatencySummary.ofNanos(outcome.leaseNanos()), service,
        postgresCpu, benchCpu, load0, load1, check);
    String stored = check.ok() ? "every accepted vote stored exactly once" : "STORAGE CHECK FAILED: " + check.problems();
    if (run.pacing().isEmpty()) {
      progress(err, "  %d votes in %.2f s = %.0f votes/s, p99 %.1f ms; %s", run.votes(), outcome.seconds(),
          run.votesPerSecond(), run.request().p99(), stored);
    } else {
      progress(err, "  %d votes in %.2f s; %d of them in the %.2f s every annotator had tasks = %.0f votes/s of %.0f"
              + " offered (%s), p99 %.1f ms from schedule, %.1f ms service time; %s", run.votes(), outcome.seconds(),
          outcome.measuredVotes(), outcome.measuredSeconds(), run.votesPerSecond(), offered.getAsDouble(),
          verdict(run.pacing().get()), run.request().p99(), run.service().p99(), stored);
    }
    return run;
  }

  private void report(BenchTarget target, List<Run> runs, PrintWriter out) throws IOException {
    List<Run> measured = runs.stream().filter(r -> !r.warmup()).toList();
    if (json) {
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("date", Instant.now().toString());
      root.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors()));
      Map<String, Object> service = new LinkedHashMap<>();
      service.put("url", target.url());
      service.put("startedByBenchmark", target.started());
      service.put("pid", target.servicePid());
      root.put("service", service);
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("regions", regions);
      settings.put("warmupRegions", warmupRegions);
      settings.put("warmupRounds", warmupRounds);
      settings.put("itemsPerRegion", itemsPerRegion);
      settings.put("annotatorsPerItem", annotatorsPerItem);
      settings.put("clients", clients);
      settings.put("leaseBatch", leaseBatch);
      settings.put("batchSize", batchSize);
      settings.put("seed", seed);
      settings.put("loop", rate == null ? "closed" : "open");
      settings.put("rateVotesPerSecond", rate);
      settings.put("warmupLoop", "closed");
      root.put("settings", settings);
      root.put("target", Map.of("votesPerSecond", TARGET_VOTES_PER_SECOND, "p99Millis", TARGET_P99_MILLIS));
      root.put("runs", measured.stream().map(this::toJson).toList());
      root.put("warmupRuns", runs.stream().filter(Run::warmup).map(this::toJson).toList());
      root.put("everyAcceptedVoteStoredOnce", runs.stream().allMatch(r -> r.check().ok()));
      root.put("meetsTarget", measured.stream().anyMatch(Run::meetsTarget));
      out.println(mapper.writeValueAsString(root));
      out.flush();
      return;
    }
    out.printf(Locale.ROOT, "labels bench: %d annotators of one vendor; each job %d regions x %d items x %d votes;"
            + " %s; %s%n", clients, regions, itemsPerRegion, annotatorsPerItem,
        warmupRegions > 0 && warmupRounds > 0 ? "after " + warmupRounds + " warm-up round(s) of " + warmupRegions
            + "-region jobs" : "no warm-up",
        rate == null ? "closed loop" : String.format(Locale.ROOT, "open loop at %.0f votes/s offered, latency from"
            + " the scheduled send", rate));
    out.printf(Locale.ROOT, "service %s (%s), %d cores%n", target.url(),
        target.started() ? "started by the benchmark on a fresh local stack" : "given with --url",
        Runtime.getRuntime().availableProcessors());
    if (rate == null) {
      out.printf(Locale.ROOT, "%-32s %8s %18s %18s %26s %14s  %s%n", "mode", "votes/s", "request p50/p99 ms",
          "lease p50/p99 ms", "CPU ms/vote svc/pg/bench", "load avg", "stored exactly once");
      for (Run r : measured) {
        out.printf(Locale.ROOT, "%-32s %8.0f %18s %18s %26s %14s  %s%n", describe(r.mode()), r.votesPerSecond(),
            pair(r.request().p50(), r.request().p99()), pair(r.lease().p50(), r.lease().p99()), cpu(r),
            load(r), stored(r));
      }
    } else {
      out.printf(Locale.ROOT, "%-32s %8s %8s %40s %40s %16s %26s %14s  %-22s  %s%n", "mode", "offered", "achieved",
          "from schedule p50/p90/p99/p99.9/max ms", "service time p50/p90/p99/p99.9/max ms", "lease p50/p99 ms",
          "CPU ms/vote svc/pg/bench", "load avg", "stored exactly once", "rate");
      for (Run r : measured) {
        PacedRate paced = r.pacing().orElseThrow();
        out.printf(Locale.ROOT, "%-32s %8.0f %8.0f %40s %40s %16s %26s %14s  %-22s  %s%n", describe(r.mode()),
            paced.offeredVotesPerSecond(), paced.achievedVotesPerSecond(), percentiles(r.request()),
            percentiles(r.service()), pair(r.lease().p50(), r.lease().p99()), cpu(r), load(r), stored(r),
            verdict(paced));
      }
    }
    if (target.servicePid() == null) {
      out.println("(service CPU unknown: pass --service-pid with --url)");
    }
    List<String> met = measured.stream().filter(Run::meetsTarget).map(r -> describe(r.mode())).toList();
    out.printf(Locale.ROOT, "target (>= %.0f votes/s%s with request p99 < %.0f ms%s): %s%n", TARGET_VOTES_PER_SECOND,
        rate == null ? "" : " sustained", TARGET_P99_MILLIS, rate == null ? "" : " from the scheduled send",
        met.isEmpty() ? "not met" : "met by " + String.join(", ", met));
    out.flush();
  }

  private static String cpu(Run r) {
    return String.format(Locale.ROOT, "%s / %.2f / %.2f", Double.isNaN(r.serviceCpuSeconds()) ? "?"
            : String.format(Locale.ROOT, "%.2f", r.perVoteMillis(r.serviceCpuSeconds())),
        r.perVoteMillis(r.postgresCpuSeconds()), r.perVoteMillis(r.benchCpuSeconds()));
  }

  private static String load(Run r) {
    return String.format(Locale.ROOT, "%.1f -> %.1f", r.loadBefore(), r.loadAfter());
  }

  private static String stored(Run r) {
    return r.check().ok() ? "yes (" + r.check().stored() + " / " + r.votes() + ")" : "NO: " + r.check().problems();
  }

  /** Says plainly whether the offered rate was kept, and by how much it was missed if not. */
  static String verdict(PacedRate paced) {
    return paced.sustained() ? "sustained" : String.format(Locale.ROOT,
        "NOT sustained: %.1f %% of the offered rate, %.2f s behind schedule at the end",
        100 * paced.achievedFraction(), paced.endLagSeconds());
  }

  private Map<String, Object> toJson(Run r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", r.mode().name());
    m.put("votesPerRequest", r.votesPerRequest());
    m.put("jobId", r.jobId());
    m.put("votesAccepted", r.votes());
    m.put("votesRefused", r.outcome().refused());
    m.put("seconds", round(r.outcome().seconds()));
    m.put("loop", r.pacing().isEmpty() ? "closed" : "open");
    m.put("votesPerSecond", round(r.votesPerSecond()));
    r.pacing().ifPresent(paced -> {
      m.put("measuredSeconds", round(r.outcome().measuredSeconds()));
      m.put("votesAcceptedMeasured", r.outcome().measuredVotes());
      m.put("offeredVotesPerSecond", round(paced.offeredVotesPerSecond()));
      m.put("achievedFractionOfOffered", Math.round(paced.achievedFraction() * 10_000) / 10_000.0);
      m.put("endScheduleLagSeconds", Math.round(paced.endLagSeconds() * 1000) / 1000.0);
      m.put("sustained", paced.sustained());
    });
    // open loop: from each request's scheduled send (the headline); closed loop: from its send
    m.put("requestLatencyMillis", latency(r.request()));
    if (r.pacing().isPresent()) {
      m.put("serviceTimeMillis", latency(r.service()));
    }
    m.put("leaseLatencyMillis", latency(r.lease()));
    Map<String, Object> cpu = new LinkedHashMap<>();
    cpu.put("service", Double.isNaN(r.serviceCpuSeconds()) ? null : round(r.perVoteMillis(r.serviceCpuSeconds())));
    cpu.put("postgres", round(r.perVoteMillis(r.postgresCpuSeconds())));
    cpu.put("benchClients", round(r.perVoteMillis(r.benchCpuSeconds())));
    m.put("cpuMillisPerVote", cpu);
    m.put("loadAverage1m", Map.of("before", round(r.loadBefore()), "after", round(r.loadAfter())));
    m.put("storedVotes", r.check().stored());
    m.put("everyAcceptedVoteStoredOnce", r.check().ok());
    m.put("problems", r.check().problems());
    m.put("meetsTarget", r.meetsTarget());
    return m;
  }

  private String describe(Mode mode) {
    return mode == Mode.single ? "single (POST /votes)" : "batch of " + batchSize + " (POST /votes/batch)";
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Path root() {
    String home = System.getProperty(HOME_PROPERTY);
    return (home == null || home.isBlank() ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
  }

  private static String pair(double a, double b) {
    return String.format(Locale.ROOT, "%.1f / %.1f", a, b);
  }

  private static String percentiles(LatencySummary l) {
    return String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f / %.1f", l.p50(), l.p90(), l.p99(), l.p999(),
        l.max());
  }

  private static Map<String, Object> latency(LatencySummary l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", l.count());
    m.put("p50", round(l.p50()));
    m.put("p90", round(l.p90()));
    m.put("p99", round(l.p99()));
    m.put("p99_9", round(l.p999()));
    m.put("max", round(l.max()));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void progress(PrintWriter err, String format, Object... args) {
    err.printf(Locale.ROOT, format + "%n", args);
    err.flush();
  }
}
