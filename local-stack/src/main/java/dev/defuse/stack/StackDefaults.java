package dev.defuse.stack;

import java.time.Duration;

/** Default settings of the local stack: fixed loopback ports, local credentials, partition counts, timeouts. */
public final class StackDefaults {

  /** Every component listens on loopback only: the local stack is for this machine. */
  public static final String HOST = "127.0.0.1";

  public static final int KAFKA_PORT = 19092;
  public static final int KAFKA_CONTROLLER_PORT = 19093;
  public static final int S3_PORT = 19000;
  public static final int POSTGRES_PORT = 15432;

  /** Local-only S3 credentials (signature v4); override with {@code --s3-access-key}/{@code --s3-secret-key}. */
  public static final String S3_ACCESS_KEY = "defuse";
  public static final String S3_SECRET_KEY = "defuse-local-secret";
  /** S3Proxy accepts any region in the v4 signature scope; this is what clients are told to use. */
  public static final String S3_REGION = "us-east-1";
  public static final String S3_BUCKET = "defuse";

  public static final String DB_NAME = "defuse";
  public static final String DB_USER = "defuse";
  public static final String DB_PASSWORD = "defuse";

  /** Partitions of the work topics (shards, sweep points): the unit of parallelism across replicas. */
  public static final int WORK_PARTITIONS = 4;
  /** Partitions of the event topics (and their dead-letter topics). */
  public static final int EVENT_PARTITIONS = 2;

  /** How long {@code up} waits for all three servers (a cold start takes well under this). */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** How long {@code down} waits for a clean shutdown before killing the processes. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  /** Heap of the stack daemon JVM (Kafka broker + controller; PostgreSQL is a native child process). */
  public static final String DAEMON_HEAP = "-Xmx768m";
  /** Heap of the S3Proxy child JVM. */
  public static final String S3PROXY_HEAP = "-Xmx256m";

  /** Environment variable with extra JVM options for the stack daemon. */
  public static final String JAVA_OPTS_ENV = "DEFUSE_STACK_JAVA_OPTS";

  private StackDefaults() {}
}
