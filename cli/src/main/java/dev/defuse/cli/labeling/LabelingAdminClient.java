package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls the labeling service's admin API ({@code /admin/v1}) over HTTP. */
public final class LabelingAdminClient {

  /** A refused or failed call, with the service's problem detail when there is one. */
  public static final class ApiException extends RuntimeException {
    public ApiException(String message) {
      super(message);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public LabelingAdminClient(String baseUrl, String token) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
  }

  public JsonNode createVendor(String name) {
    return send("POST", "/admin/v1/vendors", json.createObjectNode().put("name", name));
  }

  public JsonNode listVendors() {
    return send("GET", "/admin/v1/vendors", null);
  }

  public JsonNode revokeVendor(long id) {
    return send("POST", "/admin/v1/vendors/" + id + "/revoke", null);
  }

  public JsonNode agreement(String jobId) {
    return send("GET", "/admin/v1/jobs/" + encode(jobId) + "/agreement", null);
  }

  public JsonNode job(String jobId) {
    return send("GET", "/admin/v1/jobs/" + encode(jobId), null);
  }

  public JsonNode votes(String jobId) {
    return send("GET", "/admin/v1/jobs/" + encode(jobId) + "/votes", null);
  }

  private JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiException("cannot reach the labeling service at " + base + " (is it running? see --url)");
    } catch (IOException e) {
      throw new ApiException("calling " + base + path + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    JsonNode parsed = parse(response.body());
    if (response.statusCode() >= 300) {
      String detail = parsed != null && parsed.hasNonNull("detail") ? parsed.get("detail").asText()
          : response.body();
      throw new ApiException("HTTP " + response.statusCode() + " from " + method + " " + path + ": " + detail);
    }
    return parsed;
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
