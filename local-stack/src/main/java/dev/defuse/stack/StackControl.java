package dev.defuse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Client of the stack daemon's control API: stops and starts one server of a running stack (same port, same data)
 * while the others keep running. The fault-injection suite ({@code ./defuse chaos}) uses it to restart the broker,
 * take S3Proxy away for a while, or restart PostgreSQL under a running job.
 *
 * <p>Routes (HTTP on the stack's loopback host, port and bearer token in {@code <data-dir>/control.properties}):
 * {@code GET /components} → {@code {"kafka": true, "s3": true, "postgres": true}};
 * {@code POST /components/{kafka|s3|postgres}/stop} and {@code …/start} →
 * {@code {"component", "running", "millis"}}, answered once the server has stopped, or answers again. A stop is clean (the broker's controlled shutdown,
 * S3Proxy's SIGTERM, PostgreSQL's fast shutdown, which ends every client connection).
 */
public final class StackControl {

  /** Path prefix of the control API. */
  public static final String COMPONENTS_PATH = "/components";
  /** Keys of the control file. */
  public static final String HOST_KEY = "host";
  public static final String PORT_KEY = "port";
  public static final String TOKEN_KEY = "token";
  /** A start waits for the broker's topics or S3Proxy's first answer: generous on a loaded 2-core machine. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);

  /** What a stop or start did. */
  public record Change(StackComponent component, boolean running, long millis) {}

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private StackControl(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * The control API of the daemon running on {@code dataDir}. Empty when no daemon runs there; an error when one runs
   * without a control API (started by an older version: restart it).
   */
  public static Optional<StackControl> of(Path dataDir) {
    StackLayout layout = new StackLayout(dataDir);
    if (new StackLauncher().running(layout.dataDir()).isEmpty()) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(layout.controlFile())) {
      throw new StackException("the stack daemon on " + layout.dataDir() + " has no control API (it was started by"
          + " an older version): restart it (./defuse down, then ./defuse up)");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(layout.controlFile())) {
      p.load(in);
    } catch (IOException e) {
      throw new StackException("cannot read " + layout.controlFile() + ": " + e.getMessage(), e);
    }
    String host = p.getProperty(HOST_KEY);
    String port = p.getProperty(PORT_KEY);
    String token = p.getProperty(TOKEN_KEY);
    if (host == null || port == null || token == null) {
      throw new StackException(layout.controlFile() + " lacks host, port or token");
    }
    return Optional.of(new StackControl(URI.create("http://" + host + ":" + port), token));
  }

  /** Whether each component runs. */
  public Map<StackComponent, Boolean> components() {
    Map<StackComponent, Boolean> states = new EnumMap<>(StackComponent.class);
    Object body = Json.parse(send("GET", COMPONENTS_PATH));
    if (body instanceof Map<?, ?> map) {
      map.forEach((name, running) -> states.put(StackComponent.of(String.valueOf(name)), Boolean.TRUE.equals(running)));
    }
    return states;
  }

  /** Stops {@code component}; returns once it has stopped. Stopping a stopped component does nothing. */
  public Change stop(StackComponent component) {
    return change(component, "stop");
  }

  /** Starts {@code component} again; returns once it answers. Starting a running component does nothing. */
  public Change start(StackComponent component) {
    return change(component, "start");
  }

  private Change change(StackComponent component, String action) {
    Object body = Json.parse(send("POST", COMPONENTS_PATH + "/" + component.id() + "/" + action));
    if (!(body instanceof Map<?, ?> map) || !(map.get("millis") instanceof Number millis)) {
      throw new StackException("unexpected answer to " + action + " " + component.id() + ": " + body);
    }
    return new Change(component, Boolean.TRUE.equals(map.get("running")), millis.longValue());
  }

  private String send(String method, String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new StackException("the stack control API at " + base + " does not answer (is the daemon running?)", e);
    } catch (IOException e) {
      throw new StackException(method + " " + base.resolve(path) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StackException("interrupted while calling the stack control API");
    }
    if (response.statusCode() != 200) {
      Object body = parseQuietly(response.body());
      String error = body instanceof Map<?, ?> map && map.get("error") != null ? String.valueOf(map.get("error"))
          : response.body();
      throw new StackException("stack control: HTTP " + response.statusCode() + " from " + method + " " + path + ": "
          + error);
    }
    return response.body();
  }

  private static Object parseQuietly(String body) {
    try {
      return Json.parse(body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
