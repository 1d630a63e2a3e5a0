package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The open loop of the benchmark's clients against a scripted stand-in for the vendor API (leases of a set size and
 * delay, votes with set delays): what is tested is the clients' clock, not the service, so the timings are exact
 * lower bounds whatever the load on the machine.
 */
class VotingClientsPacingTest {

  private static final long MS = 1_000_000;

  private final ExecutorService exchanges = Executors.newCachedThreadPool();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    exchanges.shutdownNow();
  }

  @Test
  void aStalledPostMakesTheNextOnesLateAndTheyAreMeasuredFromTheirSlots() throws Exception {
    // one annotator at 50 votes/s: a vote due every 20 ms; the third post (due at 40 ms) takes 100 ms
    start(Map.of("annotator-0", List.of(new Lease(10, 0))), Map.of(2, 100L));
    VotingClients.Outcome outcome = clients(50).label("job");

    long[] fromSchedule = outcome.voteNanos();
    long[] service = outcome.serviceNanos();
    assertThat(fromSchedule).hasSize(10);
    assertThat(outcome.accepted()).hasSize(10);
    assertThat(service[2]).isGreaterThanOrEqualTo(100 * MS);
    // the fourth, due at 60 ms, could not be sent before 40 + 100 ms: at least 80 ms more from its slot than served
    assertThat(fromSchedule[3] - service[3]).isGreaterThanOrEqualTo(80 * MS);
    assertThat(fromSchedule[4] - service[4]).isGreaterThanOrEqualTo(60 * MS);
    // the schedule holds: the tenth vote is not sent before its slot at 180 ms, however fast the answers come
    assertThat(outcome.seconds()).isGreaterThanOrEqualTo(0.18);
  }

  @Test
  void aLeaseCountsAgainstThePostOnlyWhenItMakesThePostLate() throws Exception {
    // one annotator at 5 votes/s: a vote due every 200 ms, two tasks per lease; the second lease (after the vote due
    // at 200 ms) takes 100 ms and is over long before the next slot at 400 ms; the third (after the vote due at
    // 600 ms) takes 300 ms and makes the vote due at 800 ms at least 100 ms late
    start(Map.of("annotator-0", List.of(new Lease(2, 0), new Lease(2, 100), new Lease(2, 300))), Map.of());
    VotingClients.Outcome outcome = clients(5).label("job");

    long[] lag = IntStream.range(0, outcome.voteNanos().length)
        .mapToLong(i -> outcome.voteNanos()[i] - outcome.serviceNanos()[i]).toArray();
    assertThat(lag).hasSize(6);
    assertThat(lag[2]).as("vote after the short lease, sent late by").isLessThan(100 * MS);
    assertThat(lag[4]).as("vote after the long lease, sent late by").isGreaterThanOrEqualTo(100 * MS);
    assertThat(outcome.leaseNanos()).hasSize(4);
    assertThat(outcome.endLagNanos()).isEqualTo(lag[5]);
  }

  @Test
  void theRateIsMeasuredWhileEveryAnnotatorStillOffersItsShare() throws Exception {
    // two annotators at 10 votes/s: each a vote every 200 ms, the second 100 ms after the first. The second gets 3
    // tasks, the first 6: from 700 ms (the second's first unused slot) only the first posts, at half the rate
    start(Map.of("annotator-0", List.of(new Lease(6, 0)), "annotator-1", List.of(new Lease(3, 0))), Map.of());
    VotingClients.Outcome outcome = clients(10, 2).label("job");

    assertThat(outcome.accepted()).hasSize(9);
    assertThat(outcome.seconds()).isGreaterThanOrEqualTo(1.0);
    assertThat(outcome.measuredSeconds()).isCloseTo(0.7, within(1e-9));
    // due by then: the first's at 0, 200, 400, 600 ms, the second's at 100, 300, 500 ms
    assertThat(outcome.measuredVotes()).isEqualTo(7);
  }

  @Test
  void withoutARateRequestsAreDueWhenSentAndTheWholeRunIsMeasured() throws Exception {
    start(Map.of("annotator-0", List.of(new Lease(5, 0))), Map.of(1, 50L));
    VotingClients.Outcome outcome = new VotingClients(url(), "key", 1, 20, 1, 10, 7, OptionalDouble.empty())
        .label("job");
    assertThat(outcome.voteNanos()).containsExactly(outcome.serviceNanos());
    assertThat(outcome.endLagNanos()).isZero();
    assertThat(outcome.measuredVotes()).isEqualTo(5);
    assertThat(outcome.measuredSeconds()).isEqualTo(outcome.seconds());
  }

  private VotingClients clients(double votesPerSecond) {
    return clients(votesPerSecond, 1);
  }

  private VotingClients clients(double votesPerSecond, int annotators) {
    return new VotingClients(url(), "key", annotators, 20, 1, 10, 7, OptionalDouble.of(votesPerSecond));
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A lease answer: how many tasks, after how long. */
  private record Lease(int tasks, long delayMillis) {}

  /**
   * Serves each annotator its leases in order (then none), and votes in order, the i-th after
   * {@code voteDelays.get(i)} ms.
   */
  private void start(Map<String, List<Lease>> leases, Map<Integer, Long> voteDelays) throws IOException {
    Map<String, AtomicInteger> leased = new ConcurrentHashMap<>();
    AtomicInteger voted = new AtomicInteger();
    AtomicInteger assignments = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // a thread per exchange: one annotator's slow answer must not hold up another's
    server.setExecutor(exchanges);
    server.createContext("/api/v1/tasks", exchange -> {
      String annotator = exchange.getRequestURI().getQuery().replaceAll(".*annotatorId=([^&]*).*", "$1");
      List<Lease> script = leases.getOrDefault(annotator, List.of());
      int n = leased.computeIfAbsent(annotator, a -> new AtomicInteger()).getAndIncrement();
      Lease lease = n < script.size() ? script.get(n) : new Lease(0, 0);
      sleep(lease.delayMillis());
      List<String> tasks = new ArrayList<>();
      for (int i = 0; i < lease.tasks(); i++) {
        tasks.add("{\"assignmentId\":\"a" + assignments.incrementAndGet() + "\"}");
      }
      respond(exchange, 200, "{\"tasks\":[" + tasks.stream().collect(Collectors.joining(",")) + "]}");
    });
    server.createContext("/api/v1/votes", exchange -> {
      exchange.getRequestBody().readAllBytes();
      int n = voted.getAndIncrement();
      sleep(voteDelays.getOrDefault(n, 0L));
      respond(exchange, 201, "{\"created\":true,\"voteId\":" + (n + 1) + ",\"itemId\":" + (n + 1) + "}");
    });
    server.start();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
