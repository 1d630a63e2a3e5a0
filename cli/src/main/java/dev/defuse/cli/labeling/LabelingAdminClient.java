package dev.defuse.cli.labeling;

import static dev.defuse.cli.http.ServiceHttpClient.encode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.cli.http.ServiceException;
import dev.defuse.cli.http.ServiceHttpClient;
import java.time.Duration;

/** Calls the labeling service's admin API ({@code /admin/v1}) over HTTP. */
public final class LabelingAdminClient {

  /** A refused or failed call, with the service's problem detail when there is one. */
  public static final class ApiException extends ServiceException {
    public ApiException(String message) {
      super(message);
    }

    public ApiException(int status, String message) {
      super(status, message);
    }
  }

  private final ServiceHttpClient http;

  public LabelingAdminClient(String baseUrl, String token) {
    this.http = new ServiceHttpClient("the labeling service", baseUrl, Duration.ofSeconds(30), token,
        ApiException::new);
  }

  public JsonNode createVendor(String name) {
    return http.send("POST", "/admin/v1/vendors", http.json().createObjectNode().put("name", name));
  }

  public JsonNode listVendors() {
    return http.send("GET", "/admin/v1/vendors", null);
  }

  public JsonNode revokeVendor(long id) {
    return http.send("POST", "/admin/v1/vendors/" + id + "/revoke", null);
  }

  public JsonNode agreement(String jobId) {
    return http.send("GET", "/admin/v1/jobs/" + encode(jobId) + "/agreement", null);
  }

  public JsonNode job(String jobId) {
    return http.send("GET", "/admin/v1/jobs/" + encode(jobId), null);
  }

  public JsonNode votes(String jobId) {
    return http.send("GET", "/admin/v1/jobs/" + encode(jobId) + "/votes", null);
  }
}
