package dev.defuse.cli.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.cli.http.ServiceException;
import dev.defuse.cli.http.ServiceHttpClient;
import java.time.Duration;

/** Reads the correction service's API ({@code GET /models}, {@code GET /models/{id}}, {@code GET /jobs/{id}}). */
public final class CorrectionClient {

  /** A failed call, with the service's problem detail when there is one. */
  public static final class ApiException extends ServiceException {
    public ApiException(int status, String message) {
      super(status, message);
    }
  }

  private final ServiceHttpClient http;

  public CorrectionClient(String baseUrl) {
    this.http = new ServiceHttpClient("the correction service", baseUrl, Duration.ofSeconds(30), null,
        ApiException::new);
  }

  /** Every model, newest first; {@code job} (may be null) keeps those of one correction job. */
  public JsonNode models(String job) {
    return http.get("/models" + (job == null ? "" : "?job=" + ServiceHttpClient.encode(job)));
  }

  public JsonNode model(String id) {
    return http.get("/models/" + ServiceHttpClient.encode(id));
  }

  public JsonNode job(String jobId) {
    return http.get("/jobs/" + ServiceHttpClient.encode(jobId));
  }
}
