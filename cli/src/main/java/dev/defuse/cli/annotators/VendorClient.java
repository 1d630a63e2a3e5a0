package dev.defuse.cli.annotators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The labeling service's public vendor API ({@code /api/v1}) as an external vendor calls it: over HTTP with the
 * vendor's API key as bearer token.
 */
public final class VendorClient {

  /** A refused or failed call, with the service's problem detail when there is one. */
  public static final class VendorApiException extends RuntimeException {
    public VendorApiException(String message) {
      super(message);
    }
  }

  /** A leased task. */
  public record Task(String assignmentId, long itemId, String jobId, String annotatorId, String imageUrl,
      String noneOfTheAbove) {}

  /** One image, pixels in [0, 1], channel-major ({@code C × H × W}). */
  public record Image(int channels, int height, int width, float[] pixels) {}

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final String apiKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public VendorClient(String baseUrl, String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new VendorApiException("no vendor API key: pass --api-key or set DEFUSE_VENDOR_API_KEY");
    }
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
  }

  /** Who the key acts for (checks the key). */
  public JsonNode me() {
    return parse(send(get("/api/v1/me"), HttpResponse.BodyHandlers.ofString(), "/api/v1/me"));
  }

  /** Up to {@code limit} tasks of one annotator (its live leases first), optionally of one job only. */
  public List<Task> tasks(String annotatorId, int limit, String jobId) {
    String path = "/api/v1/tasks?annotatorId=" + encode(annotatorId) + "&limit=" + limit
        + (jobId == null ? "" : "&jobId=" + encode(jobId));
    JsonNode body = parse(send(get(path), HttpResponse.BodyHandlers.ofString(), path));
    List<Task> tasks = new ArrayList<>();
    for (JsonNode t : body.path("tasks")) {
      tasks.add(new Task(t.path("assignmentId").asText(), t.path("itemId").asLong(), t.path("jobId").asText(),
          t.path("annotatorId").asText(), t.path("imageUrl").asText(), t.path("noneOfTheAbove").asText()));
    }
    return tasks;
  }

  /** The task's image at its native resolution. */
  public Image image(Task task) {
    String path = task.imageUrl() + (task.imageUrl().contains("?") ? "&" : "?") + "scale=1";
    byte[] png = send(get(path), HttpResponse.BodyHandlers.ofByteArray(), path);
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new VendorApiException("the image of item " + task.itemId() + " is not a readable PNG: " + e.getMessage());
    }
    if (image == null) {
      throw new VendorApiException("the image of item " + task.itemId() + " is not a readable PNG");
    }
    Raster raster = image.getRaster();
    int channels = raster.getNumBands() >= 3 ? 3 : 1;
    int h = image.getHeight();
    int w = image.getWidth();
    float[] pixels = new float[channels * h * w];
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          pixels[(c * h + y) * w + x] = raster.getSample(x, y, c) / 255f;
        }
      }
    }
    return new Image(channels, h, w, pixels);
  }

  /**
   * Posts votes all-or-nothing. A label is a class id, or {@code null} for "none of the above".
   *
   * @return how many votes were new (the rest had been stored before)
   */
  public int vote(List<Task> tasks, List<Integer> labels) {
    ObjectNode body = json.createObjectNode();
    ArrayNode votes = body.putArray("votes");
    for (int i = 0; i < tasks.size(); i++) {
      ObjectNode v = votes.addObject().put("assignmentId", tasks.get(i).assignmentId())
          .put("annotatorId", tasks.get(i).annotatorId());
      if (labels.get(i) == null) {
        v.put("label", tasks.get(i).noneOfTheAbove());
      } else {
        v.put("label", labels.get(i).intValue());
      }
    }
    String path = "/api/v1/votes/batch";
    HttpRequest request = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    JsonNode stored = parse(send(request, HttpResponse.BodyHandlers.ofString(), path));
    int created = 0;
    for (JsonNode v : stored.path("votes")) {
      if (v.path("created").asBoolean()) {
        created++;
      }
    }
    return created;
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + apiKey);
  }

  private <T> T send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String path) {
    HttpResponse<T> response;
    try {
      response = http.send(request, handler);
    } catch (ConnectException e) {
      throw new VendorApiException("cannot reach the labeling service at " + base + " (is it running? see --url)");
    } catch (IOException e) {
      throw new VendorApiException("calling " + base + path + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VendorApiException("interrupted");
    }
    if (response.statusCode() >= 300) {
      Object body = response.body();
      String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(body);
      JsonNode problem = tryParse(text);
      String detail = problem != null && problem.hasNonNull("detail") ? problem.get("detail").asText() : text;
      throw new VendorApiException("HTTP " + response.statusCode() + " from " + request.method() + " " + path + ": "
          + detail);
    }
    return response.body();
  }

  private JsonNode parse(String body) {
    JsonNode node = tryParse(body);
    if (node == null) {
      throw new VendorApiException("the labeling service answered with something that is not JSON: " + body);
    }
    return node;
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

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
