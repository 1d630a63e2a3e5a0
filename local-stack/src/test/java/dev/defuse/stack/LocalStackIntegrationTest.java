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
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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
  void eachServerStopsAndStartsOnItsOwnOnTheSamePortWithItsData(@TempDir Path dataDir) throws Exception {
    StackConfig config = StackConfig.defaults(dataDir).withFreePorts(true)
        .withParentPid(ProcessHandle.current().pid());
    String key = "job-" + UUID.randomUUID();
    byte[] blob = ("tensor bytes for " + key).getBytes(StandardCharsets.UTF_8);
    try {
      StackStatus status = launcher.start(config, START_TIMEOUT).status();
      StackControl control = StackControl.of(dataDir).orElseThrow();
      assertThat(control.components()).containsOnly(Map.entry(StackComponent.KAFKA, true),
          Map.entry(StackComponent.S3, true), Map.entry(StackComponent.POSTGRES, true));
      assertThat(forgedStop(dataDir).statusCode()).as("a request without the token").isEqualTo(401);
      assertThat(Files.getPosixFilePermissions(new StackLayout(dataDir).controlFile()))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThatThrownBy(() -> StackComponent.of("zookeeper")).hasMessageContaining("known: kafka, s3, postgres");
      produce(status, "mistakes", key, "before the broker restart");
      s3Client(status).putObject(PutObjectArgs.builder().bucket(StackDefaults.S3_BUCKET).object("tensors/" + key)
          .stream(new ByteArrayInputStream(blob), blob.length, -1).build());
      try (Connection db = jdbc(status); Statement s = db.createStatement()) {
        s.execute("CREATE TABLE votes (job TEXT PRIMARY KEY, label INT)");
        s.execute("INSERT INTO votes VALUES ('" + key + "', 3)");
      }

      // the broker: down while the others answer, then back on its port with its records
      assertThat(control.stop(StackComponent.KAFKA).running()).isFalse();
      assertThat(new Probe().kafka(StackDefaults.HOST, status.kafka().port()).ok()).isFalse();
      StackHealth degraded = launcher.health(dataDir);
      assertThat(degraded.state()).isEqualTo("degraded");
      assertThat(degraded.components()).filteredOn(c -> c.name().equals("s3") || c.name().equals("postgres"))
          .allSatisfy(c -> assertThat(c.up()).isTrue());
      assertThat(control.stop(StackComponent.KAFKA).running()).as("a second stop does nothing").isFalse();
      assertThat(control.start(StackComponent.KAFKA).running()).isTrue();
      produce(status, "mistakes", key, "after the broker restart");
      assertThat(consumeAll(status, "mistakes")).contains(key + "=before the broker restart");

      // S3Proxy: a new process on the same port serving the same objects; status.json names the new process
      control.stop(StackComponent.S3);
      assertThat(new Probe().http(status.s3().endpoint() + "/").ok()).isFalse();
      assertThat(control.components()).containsEntry(StackComponent.S3, false);
      control.start(StackComponent.S3);
      StackStatus afterS3 = launcher.running(dataDir).orElseThrow();
      assertThat(afterS3.s3().pid()).isNotEqualTo(status.s3().pid());
      assertThat(afterS3.s3().endpoint()).isEqualTo(status.s3().endpoint());
      try (GetObjectResponse in = s3Client(status).getObject(GetObjectArgs.builder()
          .bucket(StackDefaults.S3_BUCKET).object("tensors/" + key).build())) {
        assertThat(in.readAllBytes()).isEqualTo(blob);
      }

      // PostgreSQL: an open connection breaks (as in a real database restart); new ones see the data
      try (Connection before = jdbc(status)) {
        control.stop(StackComponent.POSTGRES);
        assertThat(new Probe().postgres(StackDefaults.HOST, status.postgres().port()).ok()).isFalse();
        control.start(StackComponent.POSTGRES);
        assertThatThrownBy(() -> before.createStatement().executeQuery("SELECT 1")).isInstanceOf(
            SQLException.class);
      }
      assertThat(launcher.running(dataDir).orElseThrow().postgres().pid()).isNotEqualTo(status.postgres().pid());
      try (Connection db = jdbc(status); Statement s = db.createStatement();
           ResultSet rs = s.executeQuery("SELECT label FROM votes WHERE job = '" + key + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
      assertThat(launcher.health(dataDir).up()).isTrue();
    } finally {
      launcher.stop(dataDir, STOP_TIMEOUT);
    }
    assertThat(new StackLayout(dataDir).controlFile()).doesNotExist();
    assertThat(StackControl.of(dataDir)).isEmpty();
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

  /** Stopping PostgreSQL with a made-up token, straight to the control port. */
  private static HttpResponse<String> forgedStop(Path dataDir) throws Exception {
    Properties control = new Properties();
    try (InputStream in = Files.newInputStream(new StackLayout(dataDir).controlFile())) {
      control.load(in);
    }
    URI uri = URI.create("http://" + control.getProperty("host") + ":" + control.getProperty("port")
        + StackControl.COMPONENTS_PATH + "/postgres/stop");
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer forged")
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
