package dev.defuse.stack.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.defuse.stack.Json;
import dev.defuse.stack.StackComponent;
import dev.defuse.stack.StackControl;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control API: stop and start one server of the stack while the others keep running (the
 * fault-injection suite restarts the broker, S3Proxy or PostgreSQL under a running job). Plain HTTP on the stack's
 * loopback host, on an ephemeral port; every request needs the bearer token that only the data directory's owner
 * can read ({@code control.properties}, mode 600). {@link StackControl} is the client; the routes are listed there.
 *
 * <p>Requests are served one at a time (a single thread): two concurrent restarts of the same server would race.
 */
final class ControlServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
  private static final int TOKEN_BYTES = 24;

  private final StackServers servers;
  private final Path controlFile;
  private final HttpServer http;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "stack-control");
    t.setDaemon(true);
    return t;
  });
  private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(TOKEN_BYTES));

  private ControlServer(StackServers servers, Path controlFile, HttpServer http) {
    this.servers = servers;
    this.controlFile = controlFile;
    this.http = http;
  }

  /** Starts the API on {@code host} (ephemeral port) and writes the control file. */
  static ControlServer start(StackServers servers, String host, Path controlFile) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(host, 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the stack control API on " + host, e);
    }
    ControlServer control = new ControlServer(servers, controlFile, http);
    http.createContext(StackControl.COMPONENTS_PATH, control::handle);
    http.setExecutor(control.executor);
    http.start();
    control.writeControlFile(host, http.getAddress().getPort());
    LOG.info("control API on http://{}:{}{} (token in {})", host, http.getAddress().getPort(),
        StackControl.COMPONENTS_PATH, controlFile);
    return control;
  }

  private void writeControlFile(String host, int port) {
    try {
      Path tmp = controlFile.resolveSibling(controlFile.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, StackControl.HOST_KEY + "=" + host + "\n" + StackControl.PORT_KEY + "=" + port + "\n"
          + StackControl.TOKEN_KEY + "=" + token + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, controlFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + controlFile, e);
    }
  }

  /**
   * {@code GET /components}: which servers run. {@code POST /components/{name}/stop|start}: stop or start one,
   * answering once done (a start: once the server answers again).
   */
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange)) {
        respond(exchange, 401, Map.of("error", "missing or wrong bearer token (see " + controlFile + ")"));
        return;
      }
      String[] parts = exchange.getRequestURI().getPath().substring(StackControl.COMPONENTS_PATH.length())
          .split("/");
      String method = exchange.getRequestMethod();
      if ((parts.length == 0 || (parts.length == 1 && parts[0].isEmpty())) && method.equals("GET")) {
        respond(exchange, 200, states());
        return;
      }
      if (parts.length != 3 || !parts[0].isEmpty() || !method.equals("POST")
          || !(parts[2].equals("stop") || parts[2].equals("start"))) {
        respond(exchange, 404, Map.of("error", "use GET " + StackControl.COMPONENTS_PATH + " or POST "
            + StackControl.COMPONENTS_PATH + "/{kafka|s3|postgres}/{stop|start}"));
        return;
      }
      StackComponent component;
      try {
        component = StackComponent.of(parts[1]);
      } catch (IllegalArgumentException e) {
        respond(exchange, 404, Map.of("error", e.getMessage()));
        return;
      }
      long t0 = System.nanoTime();
      try {
        if (parts[2].equals("stop")) {
          servers.stop(component);
        } else {
          servers.start(component);
        }
      } catch (RuntimeException e) {
        LOG.error("{} {} failed: {}", parts[2], component.id(), e.getMessage(), e);
        respond(exchange, 500, Map.of("error", parts[2] + " " + component.id() + " failed: " + e.getMessage()));
        return;
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("component", component.id());
      body.put("running", servers.running().get(component));
      body.put("millis", (System.nanoTime() - t0) / 1_000_000);
      respond(exchange, 200, body);
    }
  }

  private Map<String, Object> states() {
    Map<String, Object> body = new LinkedHashMap<>();
    servers.running().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> body.put(e.getKey().id(), e.getValue()));
    return body;
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    String expected = "Bearer " + token;
    // constant-time: the token is the only thing between a local user and stopping the database
    return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() throws IOException {
    http.stop(0);
    executor.shutdownNow();
    Files.deleteIfExists(controlFile);
  }
}
