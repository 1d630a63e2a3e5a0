package dev.defuse.cli.annotators;

import static dev.defuse.cli.http.ServiceHttpClient.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defuse.cli.http.ServiceException;
import dev.defuse.cli.http.ServiceHttpClient;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The labeling service's public vendor API ({@code /api/v1}) as an external vendor calls it: over HTTP with the
 * vendor's API key as bearer token.
 */
public final class VendorClient {

  /** A refused or failed call, with the service's problem detail when there is one. */
  public static final class VendorApiException extends ServiceException {
    public VendorApiException(String message) {
      super(message);
    }

    public VendorApiException(int status, String message) {
      super(status, message);
    }
  }

  /** A leased task. */
  public record Task(String assignmentId, long itemId, String jobId, String annotatorId, String imageUrl,
      String noneOfTheAbove) {}

  /** One image, pixels in [0, 1], channel-major ({@code C × H × W}). */
  public record Image(int channels, int height, int width, float[] pixels) {

    /**
     * SHA-256 (hex) of the shape and the 8-bit samples as served: the same picture always has the same digest, in
     * whichever job, item or order it comes.
     */
    public String digest() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(ByteBuffer.allocate(3 * Integer.BYTES).putInt(channels).putInt(height).putInt(width).array());
        byte[] samples = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
          samples[i] = (byte) Math.round(pixels[i] * 255f);
        }
        return HexFormat.of().formatHex(sha.digest(samples));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }

  private final ServiceHttpClient http;

  public VendorClient(String baseUrl, String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new VendorApiException("no vendor API key: pass --api-key or set DEFUSE_VENDOR_API_KEY");
    }
    this.http = new ServiceHttpClient("the labeling service", baseUrl, Duration.ofSeconds(30), apiKey,
        VendorApiException::new);
  }

  /** Who the key acts for (checks the key). */
  public JsonNode me() {
    return http.get("/api/v1/me");
  }

  /** Up to {@code limit} tasks of one annotator (its live leases first), optionally of one job only. */
  public List<Task> tasks(String annotatorId, int limit, String jobId) {
    String path = "/api/v1/tasks?annotatorId=" + encode(annotatorId) + "&limit=" + limit
        + (jobId == null ? "" : "&jobId=" + encode(jobId));
    JsonNode body = http.get(path);
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
    byte[] png = http.getBytes(path);
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
    ObjectNode body = http.json().createObjectNode();
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
    JsonNode stored = http.post("/api/v1/votes/batch", body);
    int created = 0;
    for (JsonNode v : stored.path("votes")) {
      if (v.path("created").asBoolean()) {
        created++;
      }
    }
    return created;
  }
}
