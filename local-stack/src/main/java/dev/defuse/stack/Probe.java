package dev.defuse.stack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Protocol-level liveness checks that need no client libraries: a Kafka {@code ApiVersions} request, a PostgreSQL
 * {@code SSLRequest} handshake and an HTTP request. An open port alone is not proof that the right server answers.
 */
public final class Probe {

  /** The outcome of one check. */
  public record Result(boolean ok, String detail) {
    static Result ok(String detail) {
      return new Result(true, detail);
    }

    static Result failed(String detail) {
      return new Result(false, detail);
    }
  }

  private static final short API_VERSIONS_KEY = 18;
  private static final int POSTGRES_SSL_REQUEST_CODE = 80877103;

  private final int timeoutMillis;

  public Probe(Duration timeout) {
    this.timeoutMillis = (int) timeout.toMillis();
  }

  public Probe() {
    this(Duration.ofSeconds(2));
  }

  /** Whether something accepts TCP connections on host:port. */
  public Result tcp(String host, int port) {
    try (Socket socket = connect(host, port)) {
      return Result.ok("TCP connect ok");
    } catch (IOException e) {
      return Result.failed("TCP connect to " + host + ":" + port + " failed: " + e.getMessage());
    }
  }

  /** Sends a Kafka ApiVersions (v0) request and checks the broker's answer. */
  public Result kafka(String host, int port) {
    int correlationId = 0x5DEF05E;
    byte[] clientId = "defuse-status".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = connect(host, port)) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(2 + 2 + 4 + 2 + clientId.length);
      out.writeShort(API_VERSIONS_KEY);
      out.writeShort(0);
      out.writeInt(correlationId);
      out.writeShort(clientId.length);
      out.write(clientId);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int size = in.readInt();
      int responseCorrelation = in.readInt();
      short errorCode = in.readShort();
      if (size < 6 || responseCorrelation != correlationId) {
        return Result.failed("not a Kafka broker answer on " + host + ":" + port);
      }
      return errorCode == 0
          ? Result.ok("Kafka ApiVersions ok")
          : Result.failed("Kafka ApiVersions error code " + errorCode);
    } catch (IOException e) {
      return Result.failed("Kafka broker " + host + ":" + port + " not answering: " + e.getMessage());
    }
  }

  /** Starts a PostgreSQL handshake (SSLRequest); a PostgreSQL server answers 'S' or 'N'. */
  public Result postgres(String host, int port) {
    try (Socket socket = connect(host, port)) {
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(8);
      out.writeInt(POSTGRES_SSL_REQUEST_CODE);
      out.flush();
      int answer = socket.getInputStream().read();
      return answer == 'N' || answer == 'S'
          ? Result.ok("PostgreSQL handshake ok")
          : Result.failed("not a PostgreSQL answer on " + host + ":" + port);
    } catch (IOException e) {
      return Result.failed("PostgreSQL " + host + ":" + port + " not answering: " + e.getMessage());
    }
  }

  /** Any HTTP response counts (an S3 server answers an anonymous request with 403). */
  public Result http(String url) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestMethod("GET");
      int code = connection.getResponseCode();
      return Result.ok("HTTP " + code);
    } catch (IOException | IllegalArgumentException e) {
      return Result.failed("HTTP " + url + " failed: " + e.getMessage());
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private Socket connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
