package dev.defuse.labeling.rest;

import static dev.defuse.labeling.Fixtures.ADMIN;
import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.leased;
import static dev.defuse.labeling.Fixtures.rawVotes;
import static dev.defuse.labeling.Fixtures.repeat;
import static dev.defuse.labeling.Fixtures.tasks;
import static dev.defuse.labeling.Fixtures.vote;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.defuse.labeling.Fixtures;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The vendor API on PostgreSQL: happy paths, every refusal with its problem body, and vendor isolation. */
@QuarkusTest
class VendorApiTest {

  @Inject
  Fixtures fixtures;

  @Inject
  AgroalDataSource db;

  @TestHTTPResource("/")
  URL base;

  String jobId;
  String vendorA;
  String keyA;
  String keyB;

  @BeforeEach
  void setUp() {
    jobId = Fixtures.newJobId();
    fixtures.createJob(jobId, 2, 0.5, new int[] {1, 1, 1});
    vendorA = "vendor-a-" + jobId;
    keyA = createVendor(vendorA);
    keyB = createVendor("vendor-b-" + jobId);
  }

  @Test
  void annotatorLeasesTasksSeesTheImageAndVotes() throws Exception {
    List<Map<String, Object>> tasks = leased(keyA, "alice", jobId, 2);
    assertThat(tasks).hasSize(2);
    Map<String, Object> task = tasks.get(0);
    assertThat(task.get("jobId")).isEqualTo(jobId);
    assertThat(task.get("noneOfTheAbove")).isEqualTo("none_of_the_above");
    assertThat((List<?>) task.get("classes")).hasSize(10);
    assertThat(task).doesNotContainKey("predicted");

    byte[] png = given().auth().oauth2(keyA).queryParam("scale", 4).get((String) task.get("imageUrl"))
        .then().statusCode(200).contentType("image/png").extract().asByteArray();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(16);
    assertThat(image.getRaster().getSample(0, 0, 0)).isEqualTo(0); // region 0, row 0

    vote(keyA, task.get("assignmentId"), "alice", 7).statusCode(201)
        .body("label", equalTo(7)).body("labelName", equalTo("7")).body("created", equalTo(true));
    // a reload returns the remaining lease first, never the voted item again
    List<Map<String, Object>> again = leased(keyA, "alice", jobId, 10);
    assertThat(again).extracting(t -> t.get("itemId")).doesNotContain(task.get("itemId"))
        .contains(tasks.get(1).get("itemId")).hasSize(2);
  }

  @Test
  void theSameVoteTwiceCountsOnceAndAChangedVoteIsAConflict() {
    Map<String, Object> task = leased(keyA, "alice", jobId, 1).get(0);
    Object assignment = task.get("assignmentId");
    int voteId = vote(keyA, assignment, "alice", "none_of_the_above").statusCode(201).extract().path("voteId");
    vote(keyA, assignment, "alice", "none_of_the_above").statusCode(200)
        .body("voteId", equalTo(voteId)).body("created", equalTo(false)).body("label", equalTo("none_of_the_above"));
    // by item id instead of assignment id: the same stored vote
    given().auth().oauth2(keyA).contentType(ContentType.JSON)
        .body(Map.of("itemId", task.get("itemId"), "annotatorId", "alice", "label", "none_of_the_above"))
        .post("/api/v1/votes").then().statusCode(200).body("voteId", equalTo(voteId));
    problem(vote(keyA, assignment, "alice", 3), 409, "conflict").body("detail", containsString("cannot be changed"));
    assertThat(rawVotes(jobId)).hasSize(1).first().satisfies(v -> {
      assertThat(v.get("label")).isNull();
      assertThat(v.get("annotatorId")).isEqualTo("alice");
      assertThat(((Number) v.get("vendorId")).longValue()).isEqualTo(Fixtures.vendorId(vendorA));
    });
  }

  @Test
  void anAnnotatorNeverGetsAnItemTwiceAndItemsAreNeverOverAssigned() {
    // 3 items x 2 annotators needed: alice and bob take everything; carol gets nothing.
    assertThat(leased(keyA, "alice", jobId, 10)).hasSize(3);
    assertThat(leased(keyB, "bob", jobId, 10)).hasSize(3);
    assertThat(leased(keyA, "carol", jobId, 10)).isEmpty();
    // bob of vendor B is another annotator than bob of vendor A: still nothing left
    assertThat(leased(keyA, "bob", jobId, 10)).isEmpty();
  }

  @Test
  void newLeasesGoToTheLeastLeasedOfTheLowestItems() {
    // 3 items x 2 annotators: alice takes the two lowest; bob, asking next, gets the untouched third item first and
    // then the lowest of the items alice holds (without the spread he would get alice's two, and they would vote on
    // the same rows at the same time)
    List<Object> alice = leased(keyA, "alice", jobId, 2).stream().map(t -> t.get("itemId")).toList();
    List<Object> bob = leased(keyA, "bob", jobId, 2).stream().map(t -> t.get("itemId")).toList();
    assertThat(alice).hasSize(2);
    assertThat(bob).hasSize(2).contains(alice.get(0)).doesNotContain(alice.get(1));
  }

  @Test
  void expiredLeasesAreReassignedAndALateVoteIsRefusedOnlyWhenTheItemIsFull() throws Exception {
    List<Map<String, Object>> alice = leased(keyA, "alice", jobId, 3);
    leased(keyB, "bob", jobId, 3);
    expireLeases("alice");
    List<Map<String, Object>> carol = leased(keyA, "carol", jobId, 3);
    assertThat(carol).extracting(t -> t.get("itemId"))
        .containsExactlyInAnyOrderElementsOf(alice.stream().map(t -> t.get("itemId")).toList());
    // carol and bob vote on item 0: it is complete; alice's late vote there is refused.
    Object item0 = alice.get(0).get("itemId");
    vote(keyA, carol.stream().filter(t -> t.get("itemId").equals(item0)).findFirst().orElseThrow()
        .get("assignmentId"), "carol", 1).statusCode(201);
    problem(vote(keyA, alice.get(0).get("assignmentId"), "alice", 1), 409, "conflict");
    // item 1: carol's lease expires as well, so alice's late vote fits again and is accepted.
    expireLeases("carol");
    vote(keyA, alice.get(1).get("assignmentId"), "alice", 2).statusCode(201);
  }

  @Test
  void errorsAreProblemBodies() {
    // 401: no credential, wrong scheme, unknown key
    problem(given().get("/api/v1/tasks?annotatorId=a").then(), 401, "unauthenticated");
    problem(given().header("Authorization", "Basic abc").get("/api/v1/tasks?annotatorId=a").then(), 401,
        "unauthenticated");
    problem(given().auth().oauth2("dfv_unknown").get("/api/v1/tasks?annotatorId=a").then(), 401, "unauthenticated");
    // 403: admin token on the vendor API, vendor key on the admin API
    problem(given().auth().oauth2(ADMIN).get("/api/v1/tasks?annotatorId=a").then(), 403, "forbidden");
    problem(given().auth().oauth2(keyA).get("/admin/v1/vendors").then(), 403, "forbidden");
    problem(given().auth().oauth2("wrong").get("/admin/v1/vendors").then(), 401, "unauthenticated");
    // 400: missing annotator, bad limit, malformed JSON, bad label type, bad scale
    problem(given().auth().oauth2(keyA).get("/api/v1/tasks").then(), 400, "malformed-request");
    problem(tasks(keyA, "alice", jobId, 0), 400, "malformed-request");
    problem(given().auth().oauth2(keyA).queryParam("annotatorId", "a").queryParam("limit", "ten")
        .get("/api/v1/tasks").then(), 400, "malformed-request");
    problem(given().auth().oauth2(keyA).contentType(ContentType.JSON).body("{\"assignmentId\": ")
        .post("/api/v1/votes").then(), 400, "malformed-request");
    problem(given().auth().oauth2(keyA).contentType(ContentType.JSON).body("{\"assignmentId\": \"not-a-uuid\"}")
        .post("/api/v1/votes").then(), 400, "malformed-request");
    Map<String, Object> task = leased(keyA, "alice", jobId, 1).get(0);
    problem(vote(keyA, task.get("assignmentId"), "alice", true), 400, "malformed-request");
    problem(vote(keyA, task.get("assignmentId"), "alice", null), 400, "malformed-request");
    problem(given().auth().oauth2(keyA).queryParam("scale", 0).get((String) task.get("imageUrl")).then(), 400,
        "malformed-request");
    // 404: unknown assignment, unknown job, unknown vendor
    problem(vote(keyA, UUID.randomUUID(), "alice", 1), 404, "not-found");
    problem(given().auth().oauth2(ADMIN).get("/admin/v1/jobs/no-such-job/agreement").then(), 404, "not-found");
    problem(given().auth().oauth2(ADMIN).post("/admin/v1/vendors/999999999/revoke").then(), 404, "not-found");
    // 422: a label outside the job's classes (by id and by name)
    problem(vote(keyA, task.get("assignmentId"), "alice", 10), 422, "invalid-label");
    problem(vote(keyA, task.get("assignmentId"), "alice", "seven"), 422, "invalid-label");
    // 409: a vendor name taken
    problem(given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", vendorA))
        .post("/admin/v1/vendors").then(), 409, "conflict");
    // nothing of the refused requests was stored
    assertThat(rawVotes(jobId)).isEmpty();
  }

  @Test
  void tooLargeRequestsAre413AndStoreNothing() {
    Map<String, Object> task = leased(keyA, "alice", jobId, 1).get(0);
    List<Map<String, Object>> votes = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      votes.add(Map.of("assignmentId", task.get("assignmentId"), "annotatorId", "alice", "label", 1));
    }
    problem(given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("votes", votes))
        .post("/api/v1/votes/batch").then(), 413, "too-large");
    String huge = "{\"label\": \"" + "x".repeat(1_100_000) + "\"}";
    given().auth().oauth2(keyA).contentType(ContentType.JSON).body(huge).post("/api/v1/votes").then()
        .statusCode(413).contentType(Problems.MEDIA_TYPE).body("status", equalTo(413));
    assertThat(rawVotes(jobId)).isEmpty();
  }

  @Test
  void everyVendorPostRefusesOversizedBodiesWith413AndStoresNothing() throws Exception {
    Map<String, Object> task = leased(keyA, "alice", jobId, 1).get(0);
    // just over max-request-bytes (1 MiB), valid JSON that would otherwise be accepted
    String pad = "x".repeat(1_048_576);
    Map<String, String> bodies = Map.of(
        "/api/v1/votes", "{\"assignmentId\": \"" + task.get("assignmentId") + "\", \"annotatorId\": \"alice\","
            + " \"label\": 1, \"pad\": \"" + pad + "\"}",
        "/api/v1/votes/batch", "{\"votes\": [{\"assignmentId\": \"" + task.get("assignmentId") + "\","
            + " \"annotatorId\": \"alice\", \"label\": 1}], \"pad\": \"" + pad + "\"}",
        "/api/v1/annotator-links", "{\"annotatorId\": \"zoe\", \"pad\": \"" + pad + "\"}");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      byte[] body = e.getValue().getBytes(StandardCharsets.UTF_8);
      // with Content-Length: refused before the body is read
      problem(given().auth().oauth2(keyA).contentType(ContentType.JSON).body(body).post(e.getKey()).then(), 413,
          "too-large");
      // chunked (no Content-Length): refused as it is read, with the same problem body
      HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(base + e.getKey().substring(1)))
          .header("Authorization", "Bearer " + keyA).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(chunked.statusCode()).as(e.getKey() + " chunked").isEqualTo(413);
      assertThat(chunked.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith(Problems.MEDIA_TYPE));
      assertThat(chunked.body()).contains(Problems.TYPE_PREFIX + "too-large");
    }
    assertThat(rawVotes(jobId)).isEmpty();
    assertThat(count("SELECT count(*) FROM annotator_link WHERE annotator_id = 'zoe'")).isZero();
  }

  @Test
  void credentialsAreStoredOnlyAsTheirSha256() throws Exception {
    String token = given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("annotatorId", "hana"))
        .post("/api/v1/annotator-links").then().statusCode(201).extract().path("token");
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT * FROM vendor WHERE name = ?")) {
      s.setString(1, vendorA);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBytes("key_hash")).isEqualTo(MessageDigest.getInstance("SHA-256")
            .digest(keyA.getBytes(StandardCharsets.UTF_8)));
        for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
          assertThat(String.valueOf(rs.getObject(col))).doesNotContain(keyA.substring(4));
        }
      }
    }
    assertThat(count("SELECT count(*) FROM annotator_link WHERE annotator_id = 'hana' AND token_hash = '\\x"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
        + "'")).isEqualTo(1);
  }

  @Test
  void aBatchIsAllOrNothing() {
    List<Map<String, Object>> tasks = leased(keyA, "alice", jobId, 3);
    List<Map<String, Object>> batch = new ArrayList<>();
    batch.add(entry(tasks.get(0), "alice", 1));
    batch.add(entry(tasks.get(1), "alice", 2));
    batch.add(entry(tasks.get(2), "alice", 42)); // not a class
    problem(given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("votes", batch))
        .post("/api/v1/votes/batch").then(), 422, "invalid-label")
        .body("errors[0].index", equalTo(2)).body("detail", startsWith("vote 2:"));
    assertThat(rawVotes(jobId)).isEmpty();

    batch.set(2, entry(tasks.get(2), "alice", "none_of_the_above"));
    batch.add(entry(tasks.get(0), "alice", 1)); // the same vote twice in one batch counts once
    given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("votes", batch))
        .post("/api/v1/votes/batch").then().statusCode(200).body("votes", hasSize(4))
        .body("votes[0].created", equalTo(true)).body("votes[3].created", equalTo(false))
        .body("votes[3].voteId", equalTo(given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + jobId + "/votes")
            .then().extract().path("votes[0].voteId")));
    assertThat(rawVotes(jobId)).hasSize(3);
  }

  @Test
  void vendorsSeeAndLabelOnlyWhatWasAssignedToThem() {
    Map<String, Object> taskA = leased(keyA, "alice", jobId, 1).get(0);
    // vendor B can neither see A's image nor vote on A's assignment, by assignment or by item
    problem(given().auth().oauth2(keyB).get((String) taskA.get("imageUrl")).then(), 404, "not-found");
    problem(vote(keyB, taskA.get("assignmentId"), "alice", 1), 404, "not-found");
    problem(given().auth().oauth2(keyB).contentType(ContentType.JSON)
        .body(Map.of("itemId", taskA.get("itemId"), "annotatorId", "alice", "label", 1))
        .post("/api/v1/votes").then(), 404, "not-found");
    // another annotator of vendor A cannot vote on alice's assignment
    problem(vote(keyA, taskA.get("assignmentId"), "mallory", 1), 403, "forbidden");
    assertThat(rawVotes(jobId)).isEmpty();
  }

  @Test
  void annotatorLinksActOnlyForTheirAnnotator() {
    String token = given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("annotatorId", "dora"))
        .post("/api/v1/annotator-links").then().statusCode(201)
        .body("url", startsWith("/annotate/#token=dfa_")).extract().path("token");
    given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200)
        .body("annotatorId", equalTo("dora")).body("vendor", equalTo(vendorA));
    Map<String, Object> task = leased(token, null, jobId, 1).get(0);
    assertThat(task.get("annotatorId")).isEqualTo("dora");
    problem(tasks(token, "erin", jobId, 1), 403, "forbidden");
    // a link cannot mint further links
    problem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("annotatorId", "erin"))
        .post("/api/v1/annotator-links").then(), 403, "forbidden");
    vote(token, task.get("assignmentId"), null, 4).statusCode(201).body("annotatorId", equalTo("dora"));
  }

  @Test
  void revokedVendorsAreLockedOutAndTheirLeasesFreed() {
    String name = "vendor-c-" + jobId;
    String keyC = createVendor(name);
    assertThat(leased(keyC, "cleo", jobId, 3)).hasSize(3);
    assertThat(leased(keyA, "alice", jobId, 3)).hasSize(3);
    assertThat(leased(keyA, "ann", jobId, 3)).isEmpty();
    long id = Fixtures.vendorId(name);
    given().auth().oauth2(ADMIN).post("/admin/v1/vendors/" + id + "/revoke").then().statusCode(200)
        .body("active", equalTo(false));
    problem(tasks(keyC, "cleo", jobId, 1), 401, "unauthenticated").body("detail", containsString("revoked"));
    assertThat(leased(keyA, "ann", jobId, 3)).hasSize(3);
    // the key is never listed
    given().auth().oauth2(ADMIN).get("/admin/v1/vendors").then().statusCode(200)
        .body("find { it.name == '" + name + "' }.apiKey", equalTo(null))
        .body("find { it.name == '" + name + "' }.keyFingerprint", org.hamcrest.Matchers.notNullValue());
  }

  @Test
  void apiIsDocumented() {
    given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
        .body("paths.'/api/v1/tasks'.get.summary", containsString("Lease"))
        .body("paths.'/api/v1/votes'.post.responses.'409'.description", containsString("Changed vote"))
        .body("paths.'/admin/v1/jobs/{jobId}/agreement'.get.summary", containsString("agreement"));
  }

  @Test
  void decidedRegionsAppearInTheJobView() {
    fixtures.createJob(jobId + "-x", 1, 0.5, repeat(1, 2));
    String job = jobId + "-x";
    for (Map<String, Object> t : leased(keyA, "alice", job, 2)) {
      vote(keyA, t.get("assignmentId"), "alice", 8).statusCode(201);
    }
    given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + job).then().statusCode(200)
        .body("regionsDecided", equalTo(1)).body("regions[0].misclassification", equalTo(true))
        .body("regions[0].labelName", equalTo("8")).body("completedAt", org.hamcrest.Matchers.notNullValue());
  }

  private static Map<String, Object> entry(Map<String, Object> task, String annotator, Object label) {
    Map<String, Object> e = new HashMap<>();
    e.put("assignmentId", task.get("assignmentId"));
    e.put("annotatorId", annotator);
    e.put("label", label);
    return e;
  }

  private static io.restassured.response.ValidatableResponse problem(
      io.restassured.response.ValidatableResponse response, int status, String slug) {
    return response.statusCode(status).contentType(Problems.MEDIA_TYPE)
        .body("status", equalTo(status))
        .body("type", equalTo(Problems.TYPE_PREFIX + slug))
        .body("title", org.hamcrest.Matchers.notNullValue())
        .body("detail", org.hamcrest.Matchers.notNullValue());
  }

  private long count(String sql) throws Exception {
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void expireLeases(String annotator) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE assignment SET expires_at = now() - interval '1 second' "
            + "WHERE annotator_id = ? AND state = 'LEASED' AND item_id IN (SELECT id FROM item WHERE job_id = ?)")) {
      s.setString(1, annotator);
      s.setString(2, jobId);
      s.executeUpdate();
    }
  }
}
