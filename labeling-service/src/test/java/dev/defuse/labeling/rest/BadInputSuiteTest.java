package dev.defuse.labeling.rest;

import static dev.defuse.labeling.Fixtures.ADMIN;
import static dev.defuse.labeling.Fixtures.createVendor;
import static dev.defuse.labeling.Fixtures.leased;
import static dev.defuse.labeling.Fixtures.tasks;
import static dev.defuse.labeling.Fixtures.vote;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.defuse.labeling.Fixtures;
import dev.defuse.labeling.config.LabelingConfig;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bad-input suite of the vendor API (issue 10, item 5) on the real PostgreSQL: each case is one refused request
 * with its status, an RFC 9457 problem body whose {@code detail} says what is wrong, and proof that the database did
 * not change — the job's votes, assignments (with state and expiry), items and outbox events, the vendors and the
 * annotator links are the same rows before and after.
 */
@QuarkusTest
@Tag("bad-input")
class BadInputSuiteTest {

  @Inject
  Fixtures fixtures;

  @Inject
  AgroalDataSource db;

  @Inject
  LabelingConfig config;

  @TestHTTPResource("/api/v1/votes")
  URL votesUrl;

  String jobId;
  String vendorA;
  String keyA;
  String keyB;
  /** A live lease of alice (vendor A) on the job's first item. */
  Map<String, Object> task;

  @BeforeEach
  void setUp() {
    jobId = Fixtures.newJobId();
    // one region of three review images, two votes needed per item
    fixtures.createJob(jobId, 2, 0.5, new int[] {1, 1, 1});
    vendorA = "bad-a-" + jobId;
    keyA = createVendor(vendorA);
    keyB = createVendor("bad-b-" + jobId);
    task = leased(keyA, "alice", jobId, 1).get(0);
  }

  // ------------------------------------------------------------------ malformed bodies and wrong types (400)

  @Test
  void malformedJson() {
    refused(() -> post(keyA, "/api/v1/votes", "{\"assignmentId\": "), 400, "malformed-request", "not valid JSON");
  }

  @Test
  void aJsonArrayInsteadOfAVote() {
    refused(() -> post(keyA, "/api/v1/votes", "[1, 2]"), 400, "malformed-request", "not valid JSON");
  }

  @Test
  void anEmptyBody() {
    refused(() -> post(keyA, "/api/v1/votes", ""), 400, "malformed-request", "a JSON vote object is required");
  }

  @Test
  void anAssignmentIdThatIsNotAUuid() {
    refused(() -> post(keyA, "/api/v1/votes", "{\"assignmentId\": \"not-a-uuid\", \"annotatorId\": \"alice\", "
        + "\"label\": 1}"), 400, "malformed-request", "not-a-uuid");
  }

  @Test
  void anItemIdThatIsNotANumber() {
    refused(() -> post(keyA, "/api/v1/votes", "{\"itemId\": \"seven\", \"annotatorId\": \"alice\", \"label\": 1}"),
        400, "malformed-request", "seven");
  }

  @Test
  void aBooleanLabel() {
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", true), 400, "malformed-request",
        "label must be a class id (number) or a class name");
  }

  @Test
  void aFractionalLabel() {
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", 3.5), 400, "malformed-request",
        "label must be a class id (number) or a class name");
  }

  @Test
  void aMissingLabel() {
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", null), 400, "malformed-request",
        "label is required");
  }

  @Test
  void aVoteWithoutAssignmentOrItem() {
    refused(() -> post(keyA, "/api/v1/votes", "{\"annotatorId\": \"alice\", \"label\": 1}"), 400,
        "malformed-request", "assignmentId or itemId is required");
  }

  @Test
  void aVendorKeyVoteWithoutAnnotator() {
    refused(() -> vote(keyA, task.get("assignmentId"), null, 1), 400, "malformed-request",
        "annotatorId is required");
  }

  @Test
  void anAnnotatorIdLongerThanTheLimit() {
    refused(() -> vote(keyA, task.get("assignmentId"), "a".repeat(201), 1), 400, "malformed-request",
        "annotatorId is longer than 200 characters");
  }

  @Test
  void anAssignmentAndAnItemThatDisagree() {
    Map<String, Object> body = new HashMap<>();
    body.put("assignmentId", task.get("assignmentId"));
    body.put("itemId", ((Number) task.get("itemId")).longValue() + 1);
    body.put("annotatorId", "alice");
    body.put("label", 1);
    refused(() -> post(keyA, "/api/v1/votes", body), 400, "malformed-request", "is for item " + task.get("itemId"));
  }

  @Test
  void aTaskLimitThatIsNotANumber() {
    refused(() -> given().auth().oauth2(keyA).queryParam("annotatorId", "bob").queryParam("limit", "ten")
        .get("/api/v1/tasks").then(), 400, "malformed-request", "limit must be an integer, got 'ten'");
  }

  @Test
  void aTaskLimitOutOfRange() {
    refused(() -> tasks(keyA, "bob", jobId, 0), 400, "malformed-request", "limit");
    refused(() -> tasks(keyA, "bob", jobId, config.maxTasksPerRequest() + 1), 400, "malformed-request", "limit");
  }

  @Test
  void anImageScaleOutOfRange() {
    String url = (String) task.get("imageUrl");
    refused(() -> given().auth().oauth2(keyA).queryParam("scale", 0).get(url).then(), 400, "malformed-request",
        "scale");
    refused(() -> given().auth().oauth2(keyA).queryParam("scale", config.maxImageScale() + 1).get(url).then(), 400,
        "malformed-request", "scale");
  }

  @Test
  void anEmptyBatch() {
    refused(() -> post(keyA, "/api/v1/votes/batch", "{\"votes\": []}"), 400, "malformed-request",
        "no votes in the request");
  }

  @Test
  void aFractionalItemId() {
    // 7.9 must not be read as item 7
    refused(() -> post(keyA, "/api/v1/votes", "{\"itemId\": " + task.get("itemId") + ".9, \"annotatorId\": "
        + "\"alice\", \"label\": 1}"), 400, "malformed-request", "itemId");
  }

  @Test
  void aNumberAsAnnotatorId() {
    Map<String, Object> numbered = leased(keyA, "12345", jobId, 1).get(0);
    refused(() -> post(keyA, "/api/v1/votes", "{\"assignmentId\": \"" + numbered.get("assignmentId")
        + "\", \"annotatorId\": 12345, \"label\": 1}"), 400, "malformed-request", "annotatorId");
  }

  @Test
  void aBatchWhoseVotesAreNotAList() {
    refused(() -> post(keyA, "/api/v1/votes/batch", "{\"votes\": {\"label\": 1}}"), 400, "malformed-request",
        "votes");
  }

  @Test
  void aBatchWithANullEntry() {
    refused(() -> post(keyA, "/api/v1/votes/batch", "{\"votes\": [null]}"), 400, "malformed-request",
        "must be a JSON object");
  }

  @Test
  void aVoteSentAsPlainText() {
    refused(() -> given().auth().oauth2(keyA).contentType(ContentType.TEXT).body(voteBody(task, "alice", 1).toString())
        .post("/api/v1/votes").then(), 415, "http-415", "content-type");
  }

  @Test
  void deeplyNestedJson() {
    String nested = "[".repeat(5_000) + "]".repeat(5_000);
    refused(() -> post(keyA, "/api/v1/votes", "{\"assignmentId\": \"" + task.get("assignmentId")
        + "\", \"annotatorId\": \"alice\", \"label\": " + nested + "}"), 400, "malformed-request", "nesting depth");
  }

  @Test
  void anAnnotatorLinkWithoutAnnotator() {
    refused(() -> post(keyA, "/api/v1/annotator-links", "{}"), 400, "malformed-request", "annotatorId is required");
  }

  // ------------------------------------------------------------------ too large (413)

  @Test
  void aBodyOverTheSizeLimit() {
    String huge = "{\"assignmentId\": \"" + task.get("assignmentId") + "\", \"annotatorId\": \"alice\", \"label\": \""
        + "x".repeat((int) config.maxRequestBytes()) + "\"}";
    refused(() -> post(keyA, "/api/v1/votes", huge), 413, "too-large",
        "exceeds the limit of " + config.maxRequestBytes());
  }

  @Test
  void aChunkedBodyOverTheSizeLimit() throws Exception {
    // no Content-Length, so the size filter cannot see the size: the HTTP layer's body limit must refuse it
    byte[] huge = ("{\"assignmentId\": \"" + task.get("assignmentId") + "\", \"annotatorId\": \"alice\", "
        + "\"label\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    Snapshot before = snapshot();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(votesUrl.toURI())
            .header("Authorization", "Bearer " + keyA).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith(Problems.MEDIA_TYPE));
    assertThat(response.body()).contains("\"status\":413").contains(Problems.TYPE_PREFIX + "too-large");
  }

  @Test
  void aBatchOverTheVoteLimit() {
    List<Map<String, Object>> votes = new ArrayList<>();
    for (int i = 0; i <= config.maxVotesPerBatch(); i++) {
      votes.add(Map.of("assignmentId", task.get("assignmentId"), "annotatorId", "alice", "label", 1));
    }
    refused(() -> post(keyA, "/api/v1/votes/batch", Map.of("votes", votes)), 413, "too-large",
        (config.maxVotesPerBatch() + 1) + " votes in one batch; at most " + config.maxVotesPerBatch());
  }

  // ------------------------------------------------------------------ unknown things (404)

  @Test
  void anUnknownAssignment() {
    UUID unknown = UUID.randomUUID();
    refused(() -> vote(keyA, unknown, "alice", 1), 404, "not-found", "no assignment " + unknown);
  }

  @Test
  void anUnknownItem() {
    refused(() -> post(keyA, "/api/v1/votes", Map.of("itemId", 987_654_321_012L, "annotatorId", "alice", "label", 1)),
        404, "not-found", "item 987654321012 is not assigned to annotator 'alice'");
  }

  @Test
  void theImageOfAnUnknownItem() {
    refused(() -> given().auth().oauth2(keyA).get("/api/v1/items/987654321012/image.png").then(), 404, "not-found",
        "987654321012");
  }

  // ------------------------------------------------------------------ labels outside the class set (422)

  @Test
  void aClassIdOutsideTheJobsClasses() {
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", 10), 422, "invalid-label",
        "label 10 is not a class id of this job");
  }

  @Test
  void aClassNameOutsideTheJobsClasses() {
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", "seven"), 422, "invalid-label",
        "label \"seven\" is not a class name of this job");
  }

  @Test
  void aClassIdBeyondTheIntegerRange() {
    refused(() -> post(keyA, "/api/v1/votes", "{\"assignmentId\": \"" + task.get("assignmentId")
        + "\", \"annotatorId\": \"alice\", \"label\": 100000000000000000000}"), 422, "invalid-label",
        "is not a class id of this job");
  }

  @Test
  void aBatchWithOneLabelOutsideTheClassSet() {
    List<Map<String, Object>> leases = leased(keyA, "alice", jobId, 3);
    List<Map<String, Object>> batch = List.of(voteBody(leases.get(0), "alice", 1), voteBody(leases.get(1), "alice", 2),
        voteBody(leases.get(2), "alice", 42));
    refused(() -> post(keyA, "/api/v1/votes/batch", Map.of("votes", batch)), 422, "invalid-label",
        "vote 2: label 42 is not a class id").body("errors[0].index", equalTo(2));
  }

  // ------------------------------------------------------------------ replayed and conflicting votes

  @Test
  void aReplayedVoteIsAnsweredWithTheStoredVoteAndStoredOnce() {
    int voteId = vote(keyA, task.get("assignmentId"), "alice", 4).statusCode(201).extract().path("voteId");
    Snapshot before = snapshot();
    vote(keyA, task.get("assignmentId"), "alice", 4).statusCode(200)
        .body("voteId", equalTo(voteId)).body("created", equalTo(false)).body("label", equalTo(4));
    // the same vote named by item instead of assignment
    post(keyA, "/api/v1/votes", Map.of("itemId", task.get("itemId"), "annotatorId", "alice", "label", "4"))
        .statusCode(200).body("voteId", equalTo(voteId)).body("created", equalTo(false));
    assertThat(snapshot()).isEqualTo(before);
    assertThat(before.votes()).hasSize(1);
  }

  @Test
  void aChangedVoteIsAConflictAndTheStoredVoteStays() {
    vote(keyA, task.get("assignmentId"), "alice", 4).statusCode(201);
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", 5), 409, "conflict",
        "annotator 'alice' already voted 4 on item " + task.get("itemId") + "; a vote cannot be changed");
    assertThat(snapshot().votes()).singleElement().asString().contains("label=4");
  }

  @Test
  void twoDifferentVotesForOneAssignmentInOneBatch() {
    List<Map<String, Object>> batch = List.of(voteBody(task, "alice", 1), voteBody(task, "alice", 2));
    refused(() -> post(keyA, "/api/v1/votes/batch", Map.of("votes", batch)), 409, "conflict",
        "vote 1: annotator 'alice' already voted 1");
  }

  // ------------------------------------------------------------------ closed items and expired leases (409)

  @Test
  void aVoteOnAClosedItem() throws SQLException {
    expireLeases("alice");
    Object item = task.get("itemId");
    for (String annotator : List.of("bob", "carol")) {
      Map<String, Object> lease = leased(keyB, annotator, jobId, 3).stream()
          .filter(t -> t.get("itemId").equals(item)).findFirst().orElseThrow();
      vote(keyB, lease.get("assignmentId"), annotator, 1).statusCode(201);
    }
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", 1), 409, "conflict",
        "item " + item + " is closed: it has all 2 votes it needs");
  }

  @Test
  void aVoteOnAnExpiredLeaseWhoseItemWasGivenToOthers() throws SQLException {
    expireLeases("alice");
    Object item = task.get("itemId");
    // bob votes on the item, carol holds the other live lease: no room left for alice
    Map<String, Object> bobs = leased(keyB, "bob", jobId, 3).stream()
        .filter(t -> t.get("itemId").equals(item)).findFirst().orElseThrow();
    vote(keyB, bobs.get("assignmentId"), "bob", 1).statusCode(201);
    assertThat(leased(keyB, "carol", jobId, 3)).extracting(t -> t.get("itemId")).contains(item);
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", 1), 409, "conflict",
        "the lease of item " + item + " expired at", "given to other annotators");
  }

  // ------------------------------------------------------------------ credentials (401)

  @Test
  void noCredential() {
    refused(() -> given().contentType(ContentType.JSON).body(voteBody(task, "alice", 1)).post("/api/v1/votes").then(),
        401, "unauthenticated", "Authorization");
  }

  @Test
  void aCredentialOfAnotherScheme() {
    refused(() -> given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes()))
        .contentType(ContentType.JSON).body(voteBody(task, "alice", 1)).post("/api/v1/votes").then(), 401,
        "unauthenticated", "Bearer");
  }

  @Test
  void aForgedVendorKey() {
    String forged = "dfv_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    refused(() -> vote(forged, task.get("assignmentId"), "alice", 1), 401, "unauthenticated", "unknown");
  }

  @Test
  void aForgedAnnotatorToken() {
    String forged = "dfa_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    refused(() -> vote(forged, task.get("assignmentId"), null, 1), 401, "unauthenticated", "unknown");
  }

  @Test
  void aRevokedVendorKey() {
    revoke(vendorA);
    refused(() -> vote(keyA, task.get("assignmentId"), "alice", 1), 401, "unauthenticated", "revoked");
    refused(() -> tasks(keyA, "alice", jobId, 1), 401, "unauthenticated", "revoked");
  }

  @Test
  void anAnnotatorLinkOfARevokedVendor() {
    String token = given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("annotatorId", "alice"))
        .post("/api/v1/annotator-links").then().statusCode(201).extract().path("token");
    revoke(vendorA);
    refused(() -> vote(token, task.get("assignmentId"), null, 1), 401, "unauthenticated", "revoked");
  }

  @Test
  void theAdminApiWithAWrongToken() {
    refused(() -> given().auth().oauth2("not-the-admin-token").get("/admin/v1/jobs/" + jobId + "/votes").then(), 401,
        "unauthenticated", "wrong admin credential");
  }

  // ------------------------------------------------------------------ isolation and separation (403, 404)

  @Test
  void anotherVendorsAssignment() {
    refused(() -> vote(keyB, task.get("assignmentId"), "alice", 1), 404, "not-found",
        "no assignment " + task.get("assignmentId") + " for this vendor");
  }

  @Test
  void anotherVendorsItem() {
    refused(() -> post(keyB, "/api/v1/votes", Map.of("itemId", task.get("itemId"), "annotatorId", "alice",
        "label", 1)), 404, "not-found", "is not assigned to annotator 'alice' of this vendor");
  }

  @Test
  void anotherVendorsImage() {
    refused(() -> given().auth().oauth2(keyB).get((String) task.get("imageUrl")).then(), 404, "not-found",
        String.valueOf(task.get("itemId")));
  }

  @Test
  void anotherAnnotatorsAssignmentOfTheSameVendor() {
    refused(() -> vote(keyA, task.get("assignmentId"), "mallory", 1), 403, "forbidden",
        "belongs to another annotator than 'mallory'");
  }

  @Test
  void anAnnotatorLinkActingForAnotherAnnotator() {
    String token = given().auth().oauth2(keyA).contentType(ContentType.JSON).body(Map.of("annotatorId", "dora"))
        .post("/api/v1/annotator-links").then().statusCode(201).extract().path("token");
    refused(() -> vote(token, task.get("assignmentId"), "alice", 1), 403, "forbidden",
        "acts only for annotator 'dora'");
  }

  @Test
  void adminEndpointsWithAVendorKey() {
    refused(() -> given().auth().oauth2(keyA).get("/admin/v1/jobs/" + jobId + "/votes").then(), 403, "forbidden",
        "vendor credentials cannot use the admin API");
    refused(() -> post(keyA, "/admin/v1/vendors", Map.of("name", "smuggled-" + jobId)), 403, "forbidden",
        "vendor credentials cannot use the admin API");
    refused(() -> given().auth().oauth2(keyA).post("/admin/v1/vendors/" + Fixtures.vendorId("bad-b-" + jobId)
        + "/revoke").then(), 403, "forbidden", "vendor credentials cannot use the admin API");
  }

  @Test
  void theVendorApiWithTheAdminToken() {
    refused(() -> vote(ADMIN, task.get("assignmentId"), "alice", 1), 403, "forbidden",
        "the admin credential is not a vendor key");
  }

  // ------------------------------------------------------------------ helpers

  /** The job's rows, the vendors and the links: what a refused request must leave alone. */
  record Snapshot(List<String> votes, List<String> assignments, List<String> items, List<String> outbox,
      List<String> vendors, List<String> links) {}

  /**
   * Sends a request and checks its refusal: status, problem body ({@code type}, {@code title}, {@code status},
   * {@code instance}, a {@code detail} containing every reason) and an unchanged database.
   */
  private ValidatableResponse refused(Supplier<ValidatableResponse> request, int status, String slug,
      String... reasons) {
    Snapshot before = snapshot();
    ValidatableResponse response = request.get().statusCode(status).contentType(Problems.MEDIA_TYPE)
        .body("type", equalTo(Problems.TYPE_PREFIX + slug))
        .body("title", notNullValue())
        .body("status", equalTo(status))
        .body("instance", notNullValue());
    for (String reason : reasons) {
      response.body("detail", containsString(reason));
    }
    Snapshot after = snapshot();
    assertThat(after.votes()).as("votes").hasSameSizeAs(before.votes()).isEqualTo(before.votes());
    assertThat(after.assignments()).as("assignments").hasSameSizeAs(before.assignments())
        .isEqualTo(before.assignments());
    assertThat(after).as("database").isEqualTo(before);
    return response;
  }

  private Snapshot snapshot() {
    try (Connection c = db.getConnection()) {
      return new Snapshot(
          rows(c, "SELECT v.id, v.item_id, v.assignment_id, v.vendor_id, v.annotator_id, v.label FROM vote v "
              + "JOIN item i ON i.id = v.item_id WHERE i.job_id = ? ORDER BY v.id", jobId),
          rows(c, "SELECT a.id, a.item_id, a.vendor_id, a.annotator_id, a.state, a.leased_at, a.expires_at "
              + "FROM assignment a JOIN item i ON i.id = a.item_id WHERE i.job_id = ? ORDER BY a.id", jobId),
          rows(c, "SELECT id, votes_received, status, label, agreement FROM item WHERE job_id = ? ORDER BY id",
              jobId),
          rows(c, "SELECT event_id, published_at IS NULL AS pending FROM outbox_event WHERE record_key = ? "
              + "ORDER BY seq", jobId),
          rows(c, "SELECT id, name, revoked_at FROM vendor ORDER BY id", null),
          rows(c, "SELECT id, vendor_id, annotator_id FROM annotator_link ORDER BY id", null));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the labeling tables: " + e, e);
    }
  }

  private static List<String> rows(Connection c, String sql, String jobId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (jobId != null) {
        s.setString(1, jobId);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        ResultSetMetaData meta = r.getMetaData();
        while (r.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            row.append(i > 1 ? ", " : "").append(meta.getColumnLabel(i)).append('=').append(r.getString(i));
          }
          rows.add(row.toString());
        }
      }
      return rows;
    }
  }

  private static ValidatableResponse post(String key, String path, Object body) {
    return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post(path).then();
  }

  private static Map<String, Object> voteBody(Map<String, Object> task, String annotator, Object label) {
    Map<String, Object> e = new HashMap<>();
    e.put("assignmentId", task.get("assignmentId"));
    e.put("annotatorId", annotator);
    e.put("label", label);
    return e;
  }

  private static void revoke(String vendorName) {
    given().auth().oauth2(ADMIN).post("/admin/v1/vendors/" + Fixtures.vendorId(vendorName) + "/revoke").then()
        .statusCode(200).body("active", equalTo(false));
  }

  private void expireLeases(String annotator) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE assignment SET expires_at = now() - interval '1 second' "
            + "WHERE annotator_id = ? AND state = 'LEASED' AND item_id IN (SELECT id FROM item WHERE job_id = ?)")) {
      s.setString(1, annotator);
      s.setString(2, jobId);
      s.executeUpdate();
    }
  }
}
