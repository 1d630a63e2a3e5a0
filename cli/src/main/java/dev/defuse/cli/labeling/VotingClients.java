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
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>Closed loop (no rate): each annotator posts its next request as soon as the last one is answered. Open loop (a
 * rate): each annotator posts on its own {@link VoteSchedule}, an equal share of the rate, and a request is timed
 * from when it was due. An annotator that runs out of tasks leases more at once, as in the closed loop, so a lease
 * delays a post (and counts in its latency) only when it takes longer than the time left until the post is due.
 *
 * <p>The open loop's rate is measured while every annotator still offers its share: from the start until the earliest
 * first unused slot of an annotator (the slot of the request it would have sent next, had it got more tasks). After
 * that fewer annotators post, and the offered rate falls off for reasons of the job's size, not the service's speed:
 * measured over the whole job, a short run that kept its schedule exactly came out a few per cent short. As in wrk2,
 * only the requests answered within that window count.
 */
final class VotingClients {

  /**
   * What the annotators saw.
   *
   * @param accepted vote id to "itemId/annotatorId" of every vote answered as created
   * @param seconds wall time from the start until the last annotator finished
   * @param measuredSeconds what the rate is measured over: the closed loop's whole run, the open loop's window in
   *     which every annotator still offered its share
   * @param measuredVotes the votes accepted within it
   * @param voteNanos latency of every vote request from when it was due (closed loop: from when it was sent)
   * @param serviceNanos latency of every vote request from when it was sent
   * @param endLagNanos how late the latest annotator sent its last request (0 in the closed loop)
   */
  record Outcome(Map<Long, String> accepted, int refused, double seconds, double measuredSeconds, long measuredVotes,
      long[] voteNanos, long[] serviceNanos, long[] leaseNanos, long endLagNanos) {}

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
  private final OptionalDouble votesPerSecond;

  /** {@code votesPerSecond}: the open loop's offered rate, all annotators together; empty: closed loop. */
  VotingClients(String baseUrl, String apiKey, int clients, int leaseBatch, int votesPerRequest, int classes,
      long seed, OptionalDouble votesPerSecond) {
    this.base = URI.create(baseUrl);
    this.apiKey = apiKey;
    this.clients = clients;
    this.leaseBatch = leaseBatch;
    this.votesPerRequest = votesPerRequest;
    this.classes = classes;
    this.seed = seed;
    this.votesPerSecond = votesPerSecond;
  }

  /** Labels the job until no annotator gets a task any more. */
  Outcome label(String jobId) throws InterruptedException {
    Map<Long, String> accepted = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    // the start signal carries the start time, so that every annotator's schedule starts when the run's clock does
    CompletableFuture<Long> start = new CompletableFuture<>();
    List<Future<Annotator>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Annotator annotator = new Annotator("annotator-" + c, jobId, new Random(seed * 31 + c), accepted);
      futures.add(pool.submit(() -> {
        long begin = start.get();
        return annotator.call(votesPerSecond.isEmpty() ? null
            : VoteSchedule.forClient(votesPerSecond.getAsDouble(), clients, client, votesPerRequest, begin));
      }));
    }
    long begin = System.nanoTime();
    start.complete(begin);
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
    // an annotator that never got a task offered nothing: its unused first slot says nothing about the others
    OptionalLong steadyEnd = done.stream().flatMapToLong(a -> a.nextDueNanos.stream()).min();
    return new Outcome(accepted, done.stream().mapToInt(a -> a.refused).sum(), seconds,
        steadyEnd.isPresent() ? (steadyEnd.getAsLong() - begin) / 1e9 : seconds,
        steadyEnd.isPresent() ? done.stream().mapToLong(a -> a.votes.acceptedBy(steadyEnd.getAsLong())).sum()
            : accepted.size(),
        concat(done.stream().map(a -> a.votes.fromScheduleNanos()).toList()),
        concat(done.stream().map(a -> a.votes.serviceNanos()).toList()),
        concat(done.stream().map(a -> a.leases.toArray()).toList()),
        done.stream().mapToLong(a -> a.votes.lastLagNanos()).max().orElse(0));
  }

  /** One annotator: leases tasks and votes on them with seeded random labels. */
  private final class Annotator {
    final String id;
    final String jobId;
    final Random random;
    final Map<Long, String> accepted;
    final VoteRequestLog votes = new VoteRequestLog();
    final LongList leases = new LongList();
    int refused;
    /** Open loop, after labeling: the slot of the request this annotator would have sent next; none if it sent none. */
    OptionalLong nextDueNanos = OptionalLong.empty();

    Annotator(String id, String jobId, Random random, Map<Long, String> accepted) {
      this.id = id;
      this.jobId = jobId;
      this.random = random;
      this.accepted = accepted;
    }

    /** Labels until no task is left; {@code schedule}: when each request is due, null: closed loop. */
    Annotator call(VoteSchedule schedule) throws IOException, InterruptedException {
      try (KeepAliveHttp http = new KeepAliveHttp(base, REQUEST_TIMEOUT)) {
        return label(http, schedule);
      }
    }

    private Annotator label(KeepAliveHttp http, VoteSchedule schedule) throws IOException, InterruptedException {
      String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/$", "");
      String tasksPath = prefix + "/api/v1/tasks?annotatorId=" + encode(id) + "&jobId=" + encode(jobId)
          + "&limit=" + leaseBatch;
      boolean single = votesPerRequest == 1;
      long votesSent = 0;
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
          if (schedule != null && votesSent > 0) {
            nextDueNanos = OptionalLong.of(schedule.dueNanos(votesSent));
          }
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
          // closed loop: due when sent; open loop: due on the schedule, however late a slow lease or post made it
          long due = schedule == null ? System.nanoTime() : schedule.dueNanos(votesSent);
          long sent = due;
          if (schedule != null) {
            VoteSchedule.awaitNanoTime(due);
            sent = System.nanoTime();
          }
          KeepAliveHttp.Response posted = http.postJson(votePath, apiKey, body);
          long answered = System.nanoTime();
          votesSent += chunk.size();
          int created = 0;
          if (posted.status() == 201 || (!single && posted.status() == 200)) {
            JsonNode response = mapper.readTree(posted.body());
            for (JsonNode stored : single ? List.of(response) : elements(response.get("votes"))) {
              if (stored.get("created").asBoolean()) {
                accepted.put(stored.get("voteId").asLong(), stored.get("itemId").asLong() + "/" + id);
                created++;
              }
            }
          } else {
            refused += chunk.size();
          }
          votes.add(due, sent, answered, created);
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
}
