package dev.defuse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack against real clients: the Kafka producer/consumer, the MinIO S3 client the services use, and the
 * PostgreSQL JDBC driver. Everything written before a restart is still there after it.
 */
class LocalStackIntegrationTest {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final StackLauncher launcher = new StackLauncher();

  @Test
  void runsRealServersWhoseDataSurvivesARestart(@TempDir Path dataDir) throws Exception {
    StackConfig config = StackConfig.defaults(dataDir).withFreePorts(true)
        .withParentPid(ProcessHandle.current().pid());
    String key = "job-" + UUID.randomUUID();
    byte[] blob = ("tensor bytes for " + key).getBytes(StandardCharsets.UTF_8);
    try {
      StackLauncher.StartResult first = launcher.start(config, START_TIMEOUT);
      StackStatus status = first.status();
      assertThat(first.alreadyRunning()).isFalse();
      assertThat(launcher.health(dataDir).up()).isTrue();

      assertThat(partitions(status, "identify-shards")).isEqualTo(StackDefaults.WORK_PARTITIONS);
      assertThat(partitions(status, "mistakes")).isEqualTo(StackDefaults.EVENT_PARTITIONS);
      assertThat(partitions(status, "mistakes-dlq")).isEqualTo(StackDefaults.EVENT_PARTITIONS);
      produce(status, "mistakes", key, "mistake of " + key);
      assertThat(consumeAll(status, "mistakes")).contains(key + "=mistake of " + key);

      MinioClient s3 = s3Client(status);
      assertThat(s3.bucketExists(BucketExistsArgs.builder().bucket(StackDefaults.S3_BUCKET).build())).isTrue();
      s3.putObject(PutObjectArgs.builder().bucket(StackDefaults.S3_BUCKET).object("tensors/" + key)
          .stream(new ByteArrayInputStream(blob), blob.length, -1)
          .userMetadata(Map.of("sha256", "abc123")).build());
      assertThat(new Probe().http(status.s3().endpoint() + "/" + StackDefaults.S3_BUCKET + "/tensors/" + key)
          .detail()).as("unsigned requests are refused").isEqualTo("HTTP 403");

      try (Connection db = jdbc(status); Statement s = db.createStatement()) {
        s.execute("CREATE TABLE labels (job TEXT PRIMARY KEY, label INT)");
        s.execute("INSERT INTO labels VALUES ('" + key + "', 7)");
      }

      assertThat(launcher.start(config, START_TIMEOUT).alreadyRunning())
          .as("a second start finds the running daemon").isTrue();

      assertThat(launcher.stop(dataDir, STOP_TIMEOUT)).isTrue();
      StackHealth stopped = launcher.health(dataDir);
      assertThat(stopped.state()).isEqualTo("down");
      assertThat(new Probe().kafka(StackDefaults.HOST, status.kafka().port()).ok()).isFalse();
      assertThat(new Probe().postgres(StackDefaults.HOST, status.postgres().port()).ok()).isFalse();
      assertThat(ProcessHandle.of(status.s3().pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();

      StackStatus again = launcher.start(config, START_TIMEOUT).status();
      assertThat(again.kafka().port()).as("ports are reused").isEqualTo(status.kafka().port());
      assertThat(again.postgres().jdbcUrl()).isEqualTo(status.postgres().jdbcUrl());
      assertThat(consumeAll(again, "mistakes")).contains(key + "=mistake of " + key);
      StatObjectResponse stat = s3Client(again).statObject(StatObjectArgs.builder()
          .bucket(StackDefaults.S3_BUCKET).object("tensors/" + key).build());
      assertThat(stat.userMetadata()).containsEntry("sha256", "abc123");
      try (GetObjectResponse in = s3Client(again).getObject(GetObjectArgs.builder()
          .bucket(StackDefaults.S3_BUCKET).object("tensors/" + key).build())) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }
      try (Connection db = jdbc(again); Statement s = db.createStatement();
           ResultSet rs = s.executeQuery("SELECT label FROM labels WHERE job = '" + key + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(7);
      }
    } finally {
      launcher.stop(dataDir, STOP_TIMEOUT);
    }
  }

  @Test
  void aTakenPortIsAClearError(@TempDir Path dataDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(StackDefaults.HOST))) {
      StackConfig config = StackConfig.defaults(dataDir).withFreePorts(true)
          .withPorts(taken.getLocalPort(), 0, 0, 0).withParentPid(ProcessHandle.current().pid());
      assertThatThrownBy(() -> launcher.start(config, START_TIMEOUT))
          .isInstanceOf(StackException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " (kafka)")
          .hasMessageContaining("already in use");
    } finally {
      launcher.stop(dataDir, STOP_TIMEOUT);
    }
  }

  private static int partitions(StackStatus status, String topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, status.kafka().bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      return d.partitions().size();
    }
  }

  private static void produce(StackStatus status, String topic, String key, String value) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, status.kafka().bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
             new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Every record of the topic, read from the beginning by a fresh consumer group. */
  private static List<String> consumeAll(StackStatus status, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, status.kafka().bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
             new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          seen.add(r.key() + "=" + r.value());
        }
      }
    }
    return seen;
  }

  private static MinioClient s3Client(StackStatus status) {
    return MinioClient.builder().endpoint(status.s3().endpoint())
        .credentials(status.s3().accessKey(), status.s3().secretKey())
        .region(status.s3().region()).build();
  }

  private static Connection jdbc(StackStatus status) throws Exception {
    return DriverManager.getConnection(status.postgres().jdbcUrl(), status.postgres().user(),
        status.postgres().password());
  }
}
