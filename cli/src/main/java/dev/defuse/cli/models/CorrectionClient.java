package dev.defuse.cli.models;

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

/** Reads the correction service's API ({@code GET /models}, {@code GET /models/{id}}, {@code GET /jobs/{id}}). */
public final class CorrectionClient {

  /** A failed call, with the service's problem detail when there is one. */
  public static final class ApiException extends RuntimeException {
    public ApiException(String message) {
      super(message);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public CorrectionClient(String baseUrl) {
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Every model, newest first; {@code job} (may be null) keeps those of one correction job. */
  public JsonNode models(String job) {
    return get("/models" + (job == null ? "" : "?job=" + encode(job)));
  }

  public JsonNode model(String id) {
    return get("/models/" + encode(id));
  }

  public JsonNode job(String jobId) {
    return get("/jobs/" + encode(jobId));
  }

  private JsonNode get(String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiException("cannot reach the correction service at " + base + " (is it running? see --url)");
    } catch (IOException e) {
      throw new ApiException("calling " + base + path + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    JsonNode body = parse(response.body());
    if (response.statusCode() >= 300) {
      String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText() : response.body();
      throw new ApiException("HTTP " + response.statusCode() + " from GET " + path + ": " + detail);
    }
    if (body == null) {
      throw new ApiException("GET " + path + " answered without a JSON body");
    }
    return body;
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
