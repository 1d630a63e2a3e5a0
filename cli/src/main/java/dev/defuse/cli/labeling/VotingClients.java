package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Annotators of one vendor labeling a job through the vendor API, one thread each: lease {@code leaseBatch} tasks,
 * post their votes in a seeded random order {@code votesPerRequest} at a time (1: {@code POST /api/v1/votes}, more: {@code /votes/batch}),
 * until no task is left. HTTP/1.1 with keep-alive, one connection per annotator, as a vendor's workers would use it
 * (an HTTP/2 client would multiplex every annotator over one connection and one server event loop), through
 * {@link KeepAliveHttp}, which costs the shared machine little CPU.
 */
final class VotingClients {

  /** What the annotators saw. {@code accepted}: vote id to "itemId/annotatorId" of every vote answered as created. */
  record Outcome(Map<Long, String> accepted, int refused, double seconds, long[] voteNanos, long[] leaseNanos) {}

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
  /** One in this many votes is "none of the above". */
  private static final int NONE_ONE_IN = 12;

  private final ObjectMapper mapper = new ObjectMapper();
  private final URI base;
  private final String apiKey;
  private final int clients;
  private final int leaseBatch;
  private final int votesPerRequest;
  private final int classes;
  private final long seed;

  VotingClients(String baseUrl, String apiKey, int clients, int leaseBatch, int votesPerRequest, int classes,
      long seed) {
    this.base = URI.create(baseUrl);
    this.apiKey = apiKey;
    this.clients = clients;
    this.leaseBatch = leaseBatch;
    this.votesPerRequest = votesPerRequest;
    this.classes = classes;
    this.seed = seed;
  }

  /** Labels the job until no annotator gets a task any more. */
  Outcome label(String jobId) throws InterruptedException {
    Map<Long, String> accepted = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Annotator>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Annotator annotator = new Annotator("annotator-" + c, jobId, new Random(seed * 31 + c), accepted);
      futures.add(pool.submit(() -> {
        start.await();
        return annotator.call();
      }));
    }
    long begin = System.nanoTime();
    start.countDown();
    List<Annotator> done = new ArrayList<>();
    try {
      for (Future<Annotator> f : futures) {
        done.add(f.get(RUN_TIMEOUT.toMinutes(), TimeUnit.MINUTES));
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("an annotator failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the annotators did not finish within " + RUN_TIMEOUT.toMinutes() + " minutes");
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new Outcome(accepted, done.stream().mapToInt(a -> a.refused).sum(), seconds,
        concat(done.stream().map(a -> a.votes.toArray()).toList()),
        concat(done.stream().map(a -> a.leases.toArray()).toList()));
  }

  /** One annotator: leases tasks and votes on them with seeded random labels. */
  private final class Annotator implements Callable<Annotator> {
    final String id;
    final String jobId;
    final Random random;
    final Map<Long, String> accepted;
    final LongList votes = new LongList();
    final LongList leases = new LongList();
    int refused;

    Annotator(String id, String jobId, Random random, Map<Long, String> accepted) {
      this.id = id;
      this.jobId = jobId;
      this.random = random;
      this.accepted = accepted;
    }

    @Override
    public Annotator call() throws IOException {
      try (KeepAliveHttp http = new KeepAliveHttp(base, REQUEST_TIMEOUT)) {
        return label(http);
      }
    }

    private Annotator label(KeepAliveHttp http) throws IOException {
      String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/$", "");
      String tasksPath = prefix + "/api/v1/tasks?annotatorId=" + encode(id) + "&jobId=" + encode(jobId)
          + "&limit=" + leaseBatch;
      boolean single = votesPerRequest == 1;
      String votePath = prefix + (single ? "/api/v1/votes" : "/api/v1/votes/batch");
      while (true) {
        long t0 = System.nanoTime();
        KeepAliveHttp.Response r = http.get(tasksPath, apiKey);
        leases.add(System.nanoTime() - t0);
        if (r.status() != 200) {
          throw new IllegalStateException("GET " + tasksPath + ": HTTP " + r.status() + " " + r.body());
        }
        JsonNode tasks = mapper.readTree(r.body()).get("tasks");
        if (tasks.isEmpty()) {
          return this;
        }
        List<Map<String, Object>> pending = new ArrayList<>();
        for (JsonNode task : tasks) {
          Object label = random.nextInt(NONE_ONE_IN) == 0 ? "none_of_the_above" : random.nextInt(classes);
          Map<String, Object> vote = new LinkedHashMap<>();
          vote.put("assignmentId", task.get("assignmentId").asText());
          vote.put("annotatorId", id);
          vote.put("label", label);
          pending.add(vote);
        }
        // each annotator works through its tasks in its own order, as people do; in lease order the annotators of
        // an item would queue for its lock in lockstep, which no real team does
        Collections.shuffle(pending, random);
        for (int from = 0; from < pending.size(); from += votesPerRequest) {
          List<Map<String, Object>> chunk = pending.subList(from, Math.min(pending.size(), from + votesPerRequest));
          String body = mapper.writeValueAsString(single ? chunk.get(0) : Map.of("votes", chunk));
          long v0 = System.nanoTime();
          KeepAliveHttp.Response posted = http.postJson(votePath, apiKey, body);
          votes.add(System.nanoTime() - v0);
          if (posted.status() == 201 || (!single && posted.status() == 200)) {
            JsonNode response = mapper.readTree(posted.body());
            for (JsonNode stored : single ? List.of(response) : elements(response.get("votes"))) {
              if (stored.get("created").asBoolean()) {
                accepted.put(stored.get("voteId").asLong(), stored.get("itemId").asLong() + "/" + id);
              }
            }
          } else {
            refused += chunk.size();
          }
        }
      }
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static long[] concat(List<long[]> parts) {
    return parts.stream().flatMapToLong(Arrays::stream).toArray();
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
