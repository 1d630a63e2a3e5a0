package dev.defuse.cli.job;

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

/** Calls identify-service's job API ({@code /jobs}) over HTTP. */
public final class IdentifyClient {

  /** A refused or failed call, with the service's problem detail when there is one. */
  public static final class ApiException extends RuntimeException {
    public ApiException(String message) {
      super(message);
    }
  }

  /** Submitting validates against the object store and waits for the broker: allow for a slow first load. */
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public IdentifyClient(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** POST /jobs; returns the job's status. */
  public JsonNode submit(JsonNode request) {
    return send("POST", "/jobs", request.toString());
  }

  public JsonNode status(String jobId) {
    return send("GET", "/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8).replace("+", "%20"), null);
  }

  public JsonNode list(int limit) {
    return send("GET", "/jobs?limit=" + limit, null);
  }

  private JsonNode send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiException("cannot reach identify-service at " + base + " (is it running? see --url)");
    } catch (IOException e) {
      throw new ApiException("calling " + base + path + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    JsonNode parsed = parse(response.body());
    if (response.statusCode() >= 300) {
      String detail = parsed != null && parsed.hasNonNull("detail") ? parsed.get("detail").asText() : response.body();
      throw new ApiException("HTTP " + response.statusCode() + " from " + method + " " + path + ": " + detail);
    }
    if (parsed == null) {
      throw new ApiException("identify-service answered " + method + " " + path + " without a JSON body");
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
}
