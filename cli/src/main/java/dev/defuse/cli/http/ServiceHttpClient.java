package dev.defuse.cli.http;

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

/**
 * JSON over HTTP against one of the stack's services: a base URL, a request timeout, an optional bearer token.
 * Refusals become a {@link ServiceException} "HTTP status from METHOD path: detail" (the problem+json
 * {@code detail} when there is one, else the body), a refused connection "cannot reach SERVICE at URL".
 */
public final class ServiceHttpClient {

  /** Makes the caller's own {@link ServiceException} subtype, so callers can keep catching it. */
  @FunctionalInterface
  public interface Failures {
    ServiceException failure(int status, String message);
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final String service;
  private final String base;
  private final Duration timeout;
  private final String bearerToken;
  private final Failures failures;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param service how messages name the service, e.g. "the labeling service"
   * @param bearerToken sent as {@code Authorization: Bearer}; null sends none
   */
  public ServiceHttpClient(String service, String baseUrl, Duration timeout, String bearerToken, Failures failures) {
    this.service = service;
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.bearerToken = bearerToken;
    this.failures = failures;
  }

  public ObjectMapper json() {
    return json;
  }

  /** GET {@code path}; the answer must be JSON. */
  public JsonNode get(String path) {
    return requireJson("GET", path, send("GET", path, null));
  }

  /** POST {@code body} (null: none) to {@code path}; the answer must be JSON. */
  public JsonNode post(String path, JsonNode body) {
    return requireJson("POST", path, send("POST", path, body));
  }

  /** Sends {@code body} (null: none) as JSON; returns the JSON answer, null when there is none. */
  public JsonNode send(String method, String path, JsonNode body) {
    HttpRequest.Builder request = request(path).header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    return tryParse(call(request.build(), HttpResponse.BodyHandlers.ofString(), path));
  }

  /** GET {@code path} as raw bytes (images). */
  public byte[] getBytes(String path) {
    return call(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray(), path);
  }

  /** {@code value} encoded for a path segment or query parameter. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return request;
  }

  private <T> T call(HttpRequest request, HttpResponse.BodyHandler<T> handler, String path) {
    HttpResponse<T> response;
    try {
      response = http.send(request, handler);
    } catch (ConnectException e) {
      throw failures.failure(0, "cannot reach " + service + " at " + base + " (is it running? see --url)");
    } catch (IOException e) {
      throw failures.failure(0, "calling " + base + path + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.failure(0, "interrupted");
    }
    if (response.statusCode() >= 300) {
      String text = response.body() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
          : String.valueOf(response.body());
      JsonNode problem = tryParse(text);
      String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : text;
      throw failures.failure(response.statusCode(),
          "HTTP " + response.statusCode() + " from " + request.method() + " " + path + ": " + detail);
    }
    return response.body();
  }

  private JsonNode requireJson(String method, String path, JsonNode answer) {
    if (answer == null) {
      throw failures.failure(0, service + " answered " + method + " " + path + " without a JSON body");
    }
    return answer;
  }

  private JsonNode tryParse(String body) {
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
