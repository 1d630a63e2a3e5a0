package dev.defuse.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the stack daemon starts and where. A port of 0 means "not given": the daemon then reuses the port it used
 * last time with this data directory, else picks a free port ({@link #freePorts()}) or the default.
 *
 * <p>The launcher passes this to the daemon as command-line arguments ({@link #toArgs()} / {@link #parse}).
 */
public record StackConfig(
    Path dataDir,
    String host,
    int kafkaPort,
    int controllerPort,
    int s3Port,
    int postgresPort,
    boolean freePorts,
    String s3AccessKey,
    String s3SecretKey,
    String s3Region,
    String s3Bucket,
    String dbName,
    String dbUser,
    String dbPassword,
    List<TopicSpec> topics,
    long parentPid) {

  public StackConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    dataDir = dataDir.toAbsolutePath().normalize();
    for (int port : new int[] {kafkaPort, controllerPort, s3Port, postgresPort}) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
    requireIdentifier("database name", dbName);
    requireIdentifier("database user", dbUser);
    if (!s3Bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("invalid S3 bucket name: '" + s3Bucket + "'");
    }
    topics = List.copyOf(topics);
  }

  private static void requireIdentifier(String what, String value) {
    // used in SQL DDL, which cannot take bind parameters: allow plain identifiers only
    if (value == null || !value.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(what + " must be a lower-case SQL identifier, got '" + value + "'");
    }
  }

  /** Defaults for a data directory: default ports, local credentials, every topic with default partitions. */
  public static StackConfig defaults(Path dataDir) {
    return new StackConfig(dataDir, StackDefaults.HOST, 0, 0, 0, 0, false,
        StackDefaults.S3_ACCESS_KEY, StackDefaults.S3_SECRET_KEY, StackDefaults.S3_REGION, StackDefaults.S3_BUCKET,
        StackDefaults.DB_NAME, StackDefaults.DB_USER, StackDefaults.DB_PASSWORD, StackTopics.defaults(), 0);
  }

  public StackConfig withPorts(int kafka, int controller, int s3, int postgres) {
    return new StackConfig(dataDir, host, kafka, controller, s3, postgres, freePorts, s3AccessKey, s3SecretKey,
        s3Region, s3Bucket, dbName, dbUser, dbPassword, topics, parentPid);
  }

  /** Ports not given explicitly are picked free (tests) instead of the defaults. */
  public StackConfig withFreePorts(boolean free) {
    return new StackConfig(dataDir, host, kafkaPort, controllerPort, s3Port, postgresPort, free, s3AccessKey,
        s3SecretKey, s3Region, s3Bucket, dbName, dbUser, dbPassword, topics, parentPid);
  }

  public StackConfig withTopics(List<TopicSpec> newTopics) {
    return new StackConfig(dataDir, host, kafkaPort, controllerPort, s3Port, postgresPort, freePorts, s3AccessKey,
        s3SecretKey, s3Region, s3Bucket, dbName, dbUser, dbPassword, newTopics, parentPid);
  }

  /** The daemon shuts itself down when this process exits (tests: no daemon outlives its test JVM). */
  public StackConfig withParentPid(long pid) {
    return new StackConfig(dataDir, host, kafkaPort, controllerPort, s3Port, postgresPort, freePorts, s3AccessKey,
        s3SecretKey, s3Region, s3Bucket, dbName, dbUser, dbPassword, topics, pid);
  }

  public StackConfig withS3(String accessKey, String secretKey, String region, String bucket) {
    return new StackConfig(dataDir, host, kafkaPort, controllerPort, s3Port, postgresPort, freePorts, accessKey,
        secretKey, region, bucket, dbName, dbUser, dbPassword, topics, parentPid);
  }

  public StackConfig withDatabase(String name, String user, String password) {
    return new StackConfig(dataDir, host, kafkaPort, controllerPort, s3Port, postgresPort, freePorts, s3AccessKey,
        s3SecretKey, s3Region, s3Bucket, name, user, password, topics, parentPid);
  }

  /** The daemon's command-line arguments for this configuration. */
  public List<String> toArgs() {
    List<String> args = new ArrayList<>(List.of(
        "--data-dir", dataDir.toString(),
        "--host", host,
        "--kafka-port", Integer.toString(kafkaPort),
        "--controller-port", Integer.toString(controllerPort),
        "--s3-port", Integer.toString(s3Port),
        "--postgres-port", Integer.toString(postgresPort),
        "--s3-access-key", s3AccessKey,
        "--s3-secret-key", s3SecretKey,
        "--s3-region", s3Region,
        "--s3-bucket", s3Bucket,
        "--db-name", dbName,
        "--db-user", dbUser,
        "--db-password", dbPassword,
        "--topics", String.join(",", topics.stream().map(TopicSpec::toString).toList())));
    if (freePorts) {
      args.add("--free-ports");
    }
    if (parentPid > 0) {
      args.addAll(List.of("--parent-pid", Long.toString(parentPid)));
    }
    return args;
  }

  /** Parses the daemon's command line (the inverse of {@link #toArgs()}); rejects unknown options. */
  public static StackConfig parse(String[] args) {
    Path dataDir = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--data-dir")) {
        dataDir = Path.of(value(args, ++i));
      }
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("--data-dir is required");
    }
    StackConfig c = defaults(dataDir);
    String host = c.host;
    int kafka = 0;
    int controller = 0;
    int s3 = 0;
    int pg = 0;
    boolean free = false;
    String ak = c.s3AccessKey;
    String sk = c.s3SecretKey;
    String region = c.s3Region;
    String bucket = c.s3Bucket;
    String db = c.dbName;
    String user = c.dbUser;
    String password = c.dbPassword;
    List<TopicSpec> topics = c.topics;
    long parent = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data-dir" -> i++;
        case "--host" -> host = value(args, ++i);
        case "--kafka-port" -> kafka = port(args, ++i);
        case "--controller-port" -> controller = port(args, ++i);
        case "--s3-port" -> s3 = port(args, ++i);
        case "--postgres-port" -> pg = port(args, ++i);
        case "--free-ports" -> free = true;
        case "--s3-access-key" -> ak = value(args, ++i);
        case "--s3-secret-key" -> sk = value(args, ++i);
        case "--s3-region" -> region = value(args, ++i);
        case "--s3-bucket" -> bucket = value(args, ++i);
        case "--db-name" -> db = value(args, ++i);
        case "--db-user" -> user = value(args, ++i);
        case "--db-password" -> password = value(args, ++i);
        case "--topics" -> topics = Arrays.stream(value(args, ++i).split(","))
            .filter(s -> !s.isBlank()).map(String::trim).map(TopicSpec::parse).toList();
        case "--parent-pid" -> parent = Long.parseLong(value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    return new StackConfig(dataDir, host, kafka, controller, s3, pg, free, ak, sk, region, bucket, db, user,
        password, topics, parent);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value for " + args[i - 1]);
    }
    return args[i];
  }

  private static int port(String[] args, int i) {
    String v = value(args, i);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(args[i - 1] + ": not a port number: '" + v + "'");
    }
  }

  /** Secrets are not printed. */
  @Override
  public String toString() {
    return "StackConfig[dataDir=" + dataDir + ", host=" + host + ", kafkaPort=" + kafkaPort + ", controllerPort="
        + controllerPort + ", s3Port=" + s3Port + ", postgresPort=" + postgresPort + ", freePorts=" + freePorts
        + ", topics=" + topics + "]";
  }
}
