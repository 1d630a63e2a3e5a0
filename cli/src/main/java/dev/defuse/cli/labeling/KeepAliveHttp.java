package dev.defuse.cli.labeling;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive connection, for the load generator of the labels benchmark.
 * The benchmark's annotators share the 2-core machine with the service and PostgreSQL, so what they cost counts:
 * measured there, {@code java.net.http.HttpClient} took about 285 µs of CPU per request, {@code HttpURLConnection}
 * about 100 µs, this about 26 µs. It sends requests with a {@code Content-Length} body and reads responses with a
 * {@code Content-Length} or chunked body; it reconnects when the server closes the connection. Not thread-safe: one
 * per annotator thread.
 */
final class KeepAliveHttp implements AutoCloseable {

  /** A response: status and body (UTF-8). */
  record Response(int status, String body) {}

  private static final int BUFFER = 16 * 1024;

  private final String host;
  private final int port;
  private final String hostHeader;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveHttp(URI base, Duration timeout) {
    if (!"http".equals(base.getScheme())) {
      throw new IllegalArgumentException("the benchmark client speaks plain http, not " + base.getScheme());
    }
    this.host = base.getHost();
    this.port = base.getPort() == -1 ? 80 : base.getPort();
    this.hostHeader = host + ":" + port;
    this.timeoutMillis = (int) timeout.toMillis();
  }

  Response get(String pathAndQuery, String bearer) throws IOException {
    return exchange("GET", pathAndQuery, bearer, null);
  }

  Response postJson(String path, String bearer, String json) throws IOException {
    return exchange("POST", path, bearer, json.getBytes(StandardCharsets.UTF_8));
  }

  private Response exchange(String method, String path, String bearer, byte[] body) throws IOException {
    boolean fresh = socket == null;
    if (fresh) {
      connect();
    }
    try {
      return send(method, path, bearer, body);
    } catch (EOFException | java.net.SocketException e) {
      if (fresh) {
        throw e;
      }
      // the server closed an idle keep-alive connection: once more on a new one
      close();
      connect();
      return send(method, path, bearer, body);
    }
  }

  private Response send(String method, String path, String bearer, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(hostHeader).append("\r\n")
        .append("Authorization: Bearer ").append(bearer).append("\r\n")
        .append("Accept: application/json\r\n");
    if (body != null) {
      head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    }
    out.flush();

    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + statusLine);
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closing = value.equalsIgnoreCase("close");
      }
    }
    byte[] content = chunked ? chunked() : length >= 0 ? exactly(length) : in.readAllBytes();
    if (closing || (!chunked && length < 0)) {
      close();
    }
    return new Response(status, new String(content, StandardCharsets.UTF_8));
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailers: none expected, skipped
        }
        return content.toByteArray();
      }
      content.write(exactly(n));
      line();
    }
  }

  private byte[] exactly(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new EOFException("connection closed after " + b.length + " of " + n + " body bytes");
    }
    return b;
  }

  /** One header line without its CRLF (ISO-8859-1, as HTTP/1.1 headers are). */
  private String line() throws IOException {
    StringBuilder s = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c == -1) {
        throw new EOFException("connection closed by the server");
      }
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(timeoutMillis);
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    in = new BufferedInputStream(socket.getInputStream(), BUFFER);
    out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      Socket s = socket;
      socket = null;
      s.close();
    }
  }
}
