package dev.defuse.labeling;

import static io.restassured.RestAssured.given;

import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.TensorRef;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.labeling.domain.JobLabelingSpec;
import dev.defuse.labeling.domain.RegionIntakeService;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/** Test data: jobs with regions and review images, vendors and their keys. */
@ApplicationScoped
public class Fixtures {

  public static final String ADMIN = "test-admin-token";
  public static final List<ClassInfo> DIGITS =
      IntStream.range(0, 10).mapToObj(i -> new ClassInfo(i, String.valueOf(i))).toList();

  private final RegionIntakeService intake;
  private final ObjectStore store;

  public Fixtures(RegionIntakeService intake, ObjectStore store) {
    this.intake = intake;
    this.store = store;
  }

  public static String newJobId() {
    return "job-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A job whose regions have the given classifier predictions (one array per region, one entry per review image);
   * review image {@code r} of region {@code g} has every pixel equal to {@code (g * 16 + r) / 255}.
   */
  public void createJob(String jobId, int annotatorsPerItem, double rho, int[]... predictions) {
    JobLabelingSpec spec = new JobLabelingSpec(DIGITS, annotatorsPerItem, rho);
    for (int g = 0; g < predictions.length; g++) {
      int rows = predictions[g].length;
      float[] data = new float[rows * 4 * 4];
      for (int r = 0; r < rows; r++) {
        for (int p = 0; p < 16; p++) {
          data[r * 16 + p] = (g * 16 + r) / 255f;
        }
      }
      TensorRef review = store.putTensor(ObjectKeys.regionSamples(jobId, g, "review"),
          new FloatTensor(new int[] {rows, 1, 4, 4}, data)).ref();
      intake.accept(RegionFound.of(jobId, g, predictions.length, 0.5, new double[] {0.0, 1.0},
          new double[][] {{1, 0}, {0, 1}}, review, review, review, predictions[g]), () -> spec);
    }
  }

  /** A new vendor; returns its API key. */
  public static String createVendor(String name) {
    return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", name))
        .post("/admin/v1/vendors").then().statusCode(201).extract().path("apiKey");
  }

  public static long vendorId(String name) {
    List<Map<String, Object>> vendors = given().auth().oauth2(ADMIN).get("/admin/v1/vendors")
        .then().statusCode(200).extract().jsonPath().getList("$");
    return vendors.stream().filter(v -> name.equals(v.get("name"))).map(v -> ((Number) v.get("id")).longValue())
        .findFirst().orElseThrow();
  }

  public static ValidatableResponse tasks(String key, String annotator, String jobId, int limit) {
    return given().auth().oauth2(key).queryParam("annotatorId", annotator).queryParam("jobId", jobId)
        .queryParam("limit", limit).get("/api/v1/tasks").then();
  }

  public static List<Map<String, Object>> leased(String key, String annotator, String jobId, int limit) {
    return tasks(key, annotator, jobId, limit).statusCode(200).extract().jsonPath().getList("tasks");
  }

  public static ValidatableResponse vote(String key, Object assignmentId, String annotator, Object label) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("assignmentId", assignmentId);
    body.put("annotatorId", annotator);
    body.put("label", label);
    return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).post("/api/v1/votes").then();
  }

  public static List<Map<String, Object>> rawVotes(String jobId) {
    return given().auth().oauth2(ADMIN).get("/admin/v1/jobs/" + jobId + "/votes")
        .then().statusCode(200).extract().jsonPath().getList("votes");
  }

  public static int[] repeat(int value, int times) {
    int[] a = new int[times];
    java.util.Arrays.fill(a, value);
    return a;
  }

  public static List<String> annotators(String prefix, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }
}
