package dev.defuse.correction.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

/** The report endpoint serves exactly what was published under {@code jobs/{id}/report/} in the real S3 server. */
@QuarkusTest
class ReportResourceTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

    @Inject
    ObjectStore store;

    @Test
    void servesThePublishedFilesWithTheirMediaTypes() {
        String job = "report-job-1";
        store.putBlob(ObjectKeys.jobReportFile(job, "index.html"),
                "<html><body>Defuse report</body></html>".getBytes(StandardCharsets.UTF_8));
        store.putBlob(ObjectKeys.jobReportFile(job, "region-3.png"), PNG);

        given().get("/jobs/" + job + "/report/index.html").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("Defuse report"));
        byte[] png = given().get("/jobs/" + job + "/report/region-3.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(png).isEqualTo(PNG);
        given().redirects().follow(false).get("/jobs/" + job + "/report").then().statusCode(303)
                .header("Location", endsWith("/jobs/" + job + "/report/index.html"));
    }

    @Test
    void answersMissingFilesAndBadNamesWithProblems() {
        given().get("/jobs/no-such-job/report/index.html").then().statusCode(404)
                .body("detail", containsString("no report file"));
        given().get("/jobs/report-job-1/report/secret.bin").then().statusCode(404)
                .body("detail", containsString("reports hold only"));
        given().get("/jobs/report-job-1/report/..spec.json").then().statusCode(400)
                .body("status", equalTo(400));
        given().get("/jobs/bad%20id/report/index.html").then().statusCode(400);
    }
}
