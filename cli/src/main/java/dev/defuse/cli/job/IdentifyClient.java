package dev.defuse.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.cli.http.ServiceException;
import dev.defuse.cli.http.ServiceHttpClient;
import java.time.Duration;

/** Calls identify-service's job API ({@code /jobs}) over HTTP. */
public final class IdentifyClient {

  /** A refused or failed call, with the service's problem detail when there is one. */
  public static final class ApiException extends ServiceException {
    public ApiException(int status, String message) {
      super(status, message);
    }
  }

  /** Submitting validates against the object store and waits for the broker: allow for a slow first load. */
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final ServiceHttpClient http;

  public IdentifyClient(String baseUrl) {
    this.http = new ServiceHttpClient("identify-service", baseUrl, TIMEOUT, null, ApiException::new);
  }

  /** POST /jobs; returns the job's status. */
  public JsonNode submit(JsonNode request) {
    return http.post("/jobs", request);
  }

  public JsonNode status(String jobId) {
    return http.get("/jobs/" + ServiceHttpClient.encode(jobId));
  }

  public JsonNode list(int limit) {
    return http.get("/jobs?limit=" + limit);
  }
}
