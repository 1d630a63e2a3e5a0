package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.defuse.cli.stack.StackDirectory;
import dev.defuse.common.data.DatasetRef;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.EventSerializer;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.events.Topics;
import dev.defuse.common.job.JobSpec;
import dev.defuse.common.job.LabelingParams;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.stack.StackLauncher;
import dev.defuse.stack.StackStatus;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./defuse bench labels}: votes per second through the labeling service's HTTP API on PostgreSQL, with
 * p50/p99 latency, then a check that every accepted vote is stored exactly once.
 *
 * <p>The job comes in as a real one does: a job spec and review tensors in the object store and {@code RegionFound}
 * records on the {@code regions} topic of the running local stack. Then {@code --clients} annotators (one thread
 * each, one vendor) lease tasks and post votes until every item has its votes.
 */
@Command(name = "labels", mixinStandardHelpOptions = true,
    description = {
        "Benchmark the labeling vendor API: votes/s and p50/p99 vote latency through HTTP against PostgreSQL, then"
            + " verify that every accepted vote is stored exactly once.",
        "Needs the local stack (./defuse stack up) and a labeling service connected to it (--url).",
        "Example: ./defuse bench labels --regions 400 --clients 16"})
public final class LabelsBenchCommand implements Callable<Integer> {

  /** Target of issue 6 on the project's 2-core machine. */
  static final double TARGET_VOTES_PER_SECOND = 2000;
  static final double TARGET_P99_MILLIS = 50;

  @Mixin
  LabelingServiceOptions service;

  @Mixin
  StackDirectory stack;

  @Option(names = "--regions", defaultValue = "400", description = "Regions of the benchmark job (default ${DEFAULT-VALUE}).")
  int regions;

  @Option(names = "--items-per-region", defaultValue = "10",
      description = "Review images per region (default ${DEFAULT-VALUE}; the service's items-per-region caps it).")
  int itemsPerRegion;

  @Option(names = "--annotators-per-item", defaultValue = "5", description = "Votes each item needs (default ${DEFAULT-VALUE}).")
  int annotatorsPerItem;

  @Option(names = "--clients", defaultValue = "16",
      description = "Concurrent annotators, one HTTP client thread each (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--lease-batch", defaultValue = "20", description = "Tasks leased per GET (default ${DEFAULT-VALUE}).")
  int leaseBatch;

  @Option(names = "--votes-per-request", defaultValue = "1",
      description = "Votes per POST: 1 uses POST /api/v1/votes, more use POST /api/v1/votes/batch"
          + " (default ${DEFAULT-VALUE}). Latency is per request.")
  int votesPerRequest;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the synthetic images and votes (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--service-pid", paramLabel = "PID",
      description = "Process id of the labeling service, to report its CPU time per vote (Linux /proc).")
  Long servicePid;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (votesPerRequest < 1 || leaseBatch < 1 || regions < 1 || itemsPerRegion < 1) {
      err.println("error: --votes-per-request, --lease-batch, --regions and --items-per-region must be positive");
      return 2;
    }
    if (clients < annotatorsPerItem) {
      err.println("error: --clients must be at least --annotators-per-item (each client is one annotator)");
      return 2;
    }
    StackStatus status = new StackLauncher().running(stack.resolve()).orElse(null);
    if (status == null) {
      err.println("error: the local stack is not running in " + stack.resolve() + " (start it: ./defuse stack up)");
      return 1;
    }
    LabelingAdminClient admin;
    try {
      admin = service.client();
    } catch (LabelingAdminClient.ApiException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    String jobId = "bench-labels-" + UUID.randomUUID().toString().substring(0, 8);
    int items = regions * itemsPerRegion;
    int expectedVotes = items * annotatorsPerItem;
    progress(err, "job %s: %d regions x %d items, %d votes needed; %d clients", jobId, regions, itemsPerRegion,
        expectedVotes, clients);

    Instant seeded = Instant.now();
    seedJob(status, jobId);
    String key;
    try {
      key = admin.createVendor(jobId).get("apiKey").asText();
      awaitItems(admin, jobId, items);
    } catch (LabelingAdminClient.ApiException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    progress(err, "job ingested through Kafka in %.1f s; voting...", Duration.between(seeded, Instant.now()).toMillis() / 1000.0);

    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    double serviceCpuBefore = servicePid == null ? Double.NaN : ProcCpu.seconds(servicePid);
    double dbCpuBefore = ProcCpu.secondsWithChildren(status.postgres().pid());
    Result result = vote(key, jobId);
    double serviceCpu = servicePid == null ? Double.NaN : ProcCpu.seconds(servicePid) - serviceCpuBefore;
    double dbCpu = ProcCpu.secondsWithChildren(status.postgres().pid()) - dbCpuBefore;
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    progress(err, "%d votes in %.2f s; verifying storage...", result.accepted.size(), result.seconds);
    Verification check = verify(admin, jobId, result, expectedVotes);

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", Instant.now().toString());
    report.put("jobId", jobId);
    report.put("regions", regions);
    report.put("items", items);
    report.put("clients", clients);
    report.put("votesPerRequest", votesPerRequest);
    report.put("votesAccepted", result.accepted.size());
    report.put("votesRefused", result.refused);
    report.put("seconds", round(result.seconds));
    report.put("votesPerSecond", round(result.accepted.size() / result.seconds));
    report.put("voteLatencyMillis", latency(result.voteNanos));
    report.put("leaseLatencyMillis", latency(result.leaseNanos));
    Map<String, Object> cpu = new LinkedHashMap<>();
    if (servicePid != null) {
      cpu.put("serviceMillisPerVote", round(serviceCpu * 1000 / result.accepted.size()));
    }
    cpu.put("postgresMillisPerVote", round(dbCpu * 1000 / result.accepted.size()));
    report.put("cpu", cpu);
    report.put("storedVotes", check.stored);
    report.put("everyAcceptedVoteStoredOnce", check.ok);
    report.put("problems", check.problems);
    report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "loadAverageBefore", round(loadBefore), "loadAverageAfter", round(loadAfter)));
    double p99 = percentile(result.voteNanos, 0.99) / 1e6;
    boolean target = result.accepted.size() / result.seconds >= TARGET_VOTES_PER_SECOND && p99 < TARGET_P99_MILLIS;
    report.put("meetsTarget", target);
    if (json) {
      out.println(mapper.writeValueAsString(report));
    } else {
      out.printf(Locale.ROOT, "labels bench: %d votes by %d clients in %.2f s = %.0f votes/s%n",
          result.accepted.size(), clients, result.seconds, result.accepted.size() / result.seconds);
      out.printf(Locale.ROOT, "  POST %s latency (%d vote(s) per request): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          votesPerRequest == 1 ? "/api/v1/votes" : "/api/v1/votes/batch", votesPerRequest,
          percentile(result.voteNanos, 0.5) / 1e6, p99, percentile(result.voteNanos, 1.0) / 1e6);
      out.printf(Locale.ROOT, "  GET /api/v1/tasks latency:  p50 %.1f ms, p99 %.1f ms (%d calls)%n",
          percentile(result.leaseNanos, 0.5) / 1e6, percentile(result.leaseNanos, 0.99) / 1e6,
          result.leaseNanos.length);
      out.printf(Locale.ROOT, "  machine: %d cores, 1-min load average %.1f before / %.1f after the run%n",
          Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
      out.printf(Locale.ROOT, "  CPU per vote: labeling service %s, PostgreSQL %.2f ms%n",
          servicePid == null ? "? (pass --service-pid)" : String.format(Locale.ROOT, "%.2f ms",
              serviceCpu * 1000 / result.accepted.size()), dbCpu * 1000 / result.accepted.size());
      out.printf("  storage check: %d stored, %s%n", check.stored,
          check.ok ? "every accepted vote stored exactly once" : "FAILED: " + check.problems);
      out.printf(Locale.ROOT, "  target (>= %.0f votes/s, p99 < %.0f ms): %s%n", TARGET_VOTES_PER_SECOND,
          TARGET_P99_MILLIS, target ? "met" : "not met");
    }
    return check.ok ? 0 : 1;
  }

  /** Writes the spec and review tensors, publishes the regions and distill completion. */
  private void seedJob(StackStatus status, String jobId) throws Exception {
    StackStatus.S3 s3 = status.s3();
    List<ClassInfo> classes = IntStream.range(0, 10).mapToObj(i -> new ClassInfo(i, String.valueOf(i))).toList();
    Random random = new Random(seed);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, status.kafka().bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (ObjectStore store = new ObjectStore(
            new ObjectStoreConfig(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.bucket(), s3.region()));
        KafkaProducer<String, DefuseEvent> producer = new KafkaProducer<>(props)) {
      store.ensureBucket();
      JobSpec spec = JobSpec.withDefaults(jobId, DatasetRef.mnist("datasets/mnist/"), "models/bench/classifier",
          "models/bench/vae", classes).withLabeling(new LabelingParams(annotatorsPerItem, 0.5));
      store.putJson(spec.specKey(), spec);
      for (int g = 0; g < regions; g++) {
        float[] pixels = new float[itemsPerRegion * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = random.nextFloat();
        }
        TensorRef review = store.putTensor(ObjectKeys.regionSamples(jobId, g, "review"),
            new FloatTensor(new int[] {itemsPerRegion, 1, 28, 28}, pixels)).ref();
        int[] predictions = new int[itemsPerRegion];
        Arrays.fill(predictions, g % 10);
        producer.send(new ProducerRecord<>(Topics.REGIONS, jobId, RegionFound.of(jobId, g, regions,
            1.0 / regions, new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}, review, review, review,
            predictions)));
      }
      producer.send(new ProducerRecord<>(Topics.REGIONS, jobId,
          DistillCompleted.of(jobId, regions, items(), items(), 1, true, 0.0))).get();
    }
  }

  private int items() {
    return regions * itemsPerRegion;
  }

  private void awaitItems(LabelingAdminClient admin, String jobId, int items) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(deadline)) {
      try {
        JsonNode job = admin.job(jobId);
        int found = 0;
        for (JsonNode r : job.get("regions")) {
          found += r.get("items").asInt();
        }
        if (found >= items) {
          return;
        }
      } catch (LabelingAdminClient.ApiException e) {
        if (!e.getMessage().contains("HTTP 404")) {
          throw e;
        }
      }
      Thread.sleep(250);
    }
    throw new LabelingAdminClient.ApiException("the labeling service did not create the job's " + items
        + " items within 5 minutes: is it connected to this stack's Kafka?");
  }

  /** What the clients saw. */
  private record Result(Map<Long, String> accepted, int refused, double seconds, long[] voteNanos,
                        long[] leaseNanos) {}

  private Result vote(String key, String jobId) throws Exception {
    Map<Long, String> accepted = new ConcurrentHashMap<>();
    List<long[]> voteTimes = new ArrayList<>();
    List<long[]> leaseTimes = new ArrayList<>();
    int[] refused = new int[clients];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[][]>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(pool.submit(() -> {
        String annotator = "annotator-" + client;
        Random random = new Random(seed * 31 + client);
        LongList votes = new LongList();
        LongList leases = new LongList();
        start.await();
        while (true) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/tasks?annotatorId=" + annotator
              + "&jobId=" + jobId + "&limit=" + leaseBatch)).GET(), key);
          leases.add(System.nanoTime() - t0);
          if (r.statusCode() != 200) {
            throw new IllegalStateException("GET tasks: HTTP " + r.statusCode() + " " + r.body());
          }
          JsonNode tasks = mapper.readTree(r.body()).get("tasks");
          if (tasks.isEmpty()) {
            return new long[][] {votes.toArray(), leases.toArray()};
          }
          List<Map<String, Object>> pending = new ArrayList<>();
          for (JsonNode task : tasks) {
            Object label = random.nextInt(12) == 0 ? "none_of_the_above" : random.nextInt(10);
            pending.add(Map.of("assignmentId", task.get("assignmentId").asText(), "annotatorId", annotator,
                "label", label));
          }
          for (int from = 0; from < pending.size(); from += votesPerRequest) {
            List<Map<String, Object>> chunk = pending.subList(from, Math.min(pending.size(), from + votesPerRequest));
            boolean single = votesPerRequest == 1;
            String body = mapper.writeValueAsString(single ? chunk.get(0) : Map.of("votes", chunk));
            long v0 = System.nanoTime();
            HttpResponse<String> posted = send(HttpRequest.newBuilder(uri(single ? "/api/v1/votes" : "/api/v1/votes/batch"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), key);
            votes.add(System.nanoTime() - v0);
            if (posted.statusCode() == 201 || (!single && posted.statusCode() == 200)) {
              JsonNode response = mapper.readTree(posted.body());
              for (JsonNode stored : single ? List.of(response) : iterable(response.get("votes"))) {
                if (stored.get("created").asBoolean()) {
                  accepted.put(stored.get("voteId").asLong(), stored.get("itemId").asLong() + "/" + annotator);
                }
              }
            } else {
              refused[client] += chunk.size();
            }
          }
        }
      }));
    }
    long begin = System.nanoTime();
    start.countDown();
    for (Future<long[][]> f : futures) {
      long[][] times = f.get(30, TimeUnit.MINUTES);
      voteTimes.add(times[0]);
      leaseTimes.add(times[1]);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    pool.shutdown();
    return new Result(accepted, Arrays.stream(refused).sum(), seconds, concat(voteTimes), concat(leaseTimes));
  }

  /** Result of comparing the accepted votes with the stored ones. */
  private record Verification(boolean ok, int stored, List<String> problems) {}

  private Verification verify(LabelingAdminClient admin, String jobId, Result result, int expected) {
    JsonNode votes = admin.votes(jobId).get("votes");
    List<String> problems = new ArrayList<>();
    Map<Long, Integer> seenIds = new HashMap<>();
    Set<String> seenPairs = new HashSet<>();
    for (JsonNode v : votes) {
      long id = v.get("voteId").asLong();
      seenIds.merge(id, 1, Integer::sum);
      String pair = v.get("itemId").asLong() + "/" + v.get("annotatorId").asText();
      if (!seenPairs.add(pair)) {
        problems.add("annotator/item stored twice: " + pair);
      }
      String acceptedPair = result.accepted.get(id);
      if (acceptedPair == null) {
        problems.add("stored vote " + id + " was never accepted by the API");
      } else if (!acceptedPair.equals(pair)) {
        problems.add("vote " + id + " stored as " + pair + " but accepted as " + acceptedPair);
      }
    }
    seenIds.forEach((id, n) -> {
      if (n > 1) {
        problems.add("vote id " + id + " listed " + n + " times");
      }
    });
    for (Long id : result.accepted.keySet()) {
      if (!seenIds.containsKey(id)) {
        problems.add("accepted vote " + id + " is not stored");
      }
    }
    if (votes.size() != expected) {
      problems.add(votes.size() + " votes stored, " + expected + " needed");
    }
    List<String> shown = problems.size() > 20 ? problems.subList(0, 20) : problems;
    return new Verification(problems.isEmpty(), votes.size(), new ArrayList<>(shown));
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String key) throws Exception {
    return http.send(request.header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    String base = service.url.endsWith("/") ? service.url.substring(0, service.url.length() - 1) : service.url;
    return URI.create(base + path);
  }

  private static List<JsonNode> iterable(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static Map<String, Object> latency(long[] nanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", nanos.length);
    m.put("p50", round(percentile(nanos, 0.5) / 1e6));
    m.put("p99", round(percentile(nanos, 0.99) / 1e6));
    m.put("max", round(percentile(nanos, 1.0) / 1e6));
    return m;
  }

  /** Nearest-rank percentile of a sample. */
  static double percentile(long[] values, double q) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static void progress(PrintWriter err, String format, Object... args) {
    err.printf(Locale.ROOT, format + "%n", args);
    err.flush();
  }

  /** A growable long array (latencies, without boxing). */
  private static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
