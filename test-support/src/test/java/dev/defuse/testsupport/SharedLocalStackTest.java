package dev.defuse.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test resources hand out endpoints of one real stack per JVM, and those endpoints work. */
@ExtendWith(LocalStackExtension.class)
class SharedLocalStackTest {

  @Test
  void oneStackPerJvm(LocalStackEndpoints endpoints) {
    assertThat(SharedLocalStack.get()).isEqualTo(endpoints);
    assertThat(SharedLocalStack.status().dataDir().toString())
        .isEqualTo(System.getProperty(SharedLocalStack.DATA_DIR_PROPERTY));
  }

  @Test
  void quarkusResourcesSetTheKeysEveryServiceReads(LocalStackEndpoints endpoints) {
    assertThat(new KafkaTestResource().start()).isEqualTo(Map.of(
        "kafka.bootstrap.servers", endpoints.kafkaBootstrapServers(),
        "mp.messaging.connector.smallrye-kafka.bootstrap.servers", endpoints.kafkaBootstrapServers()));
    assertThat(new ObjectStoreTestResource().start()).isEqualTo(Map.of(
        "defuse.object-store.endpoint", endpoints.s3Endpoint(),
        "defuse.object-store.access-key", endpoints.s3AccessKey(),
        "defuse.object-store.secret-key", endpoints.s3SecretKey(),
        "defuse.object-store.bucket", "defuse",
        "defuse.object-store.region", endpoints.s3Region()));
    assertThat(new PostgresTestResource().start()).isEqualTo(Map.of(
        "quarkus.datasource.jdbc.url", endpoints.jdbcUrl(),
        "quarkus.datasource.username", endpoints.dbUser(),
        "quarkus.datasource.password", endpoints.dbPassword()));
  }

  @Test
  void kafkaTestClientCreatesTopicsAndRoundTripsRecords(LocalStackEndpoints endpoints) {
    try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrapServers())) {
      assertThat(kafka.topics()).contains("identify-shards", "mistakes", "regions", "labels", "correction-sweep",
          "finetuned-models", "mistakes-dlq", "regions-dlq", "labels-dlq", "finetuned-models-dlq");
      kafka.createTopic("test-support-topic", 3);
      kafka.createTopic("test-support-topic", 3);
      kafka.send("test-support-topic", "job-1", "hello");
      ConsumerRecord<String, String> record = kafka.consume("test-support-topic", 1, Duration.ofSeconds(30)).get(0);
      assertThat(record.key()).isEqualTo("job-1");
      assertThat(record.value()).isEqualTo("hello");
    }
  }

  @Test
  void postgresAcceptsTheConfiguredUser(LocalStackEndpoints endpoints) throws Exception {
    try (Connection c = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.dbUser(), endpoints.dbPassword());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT current_database(), current_user")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("defuse");
      assertThat(rs.getString(2)).isEqualTo(endpoints.dbUser());
    }
  }

  @Test
  void s3RejectsUnsignedRequests(LocalStackEndpoints endpoints) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(endpoints.s3Endpoint() + "/" + endpoints.s3Bucket())
        .toURL().openConnection();
    assertThat(c.getResponseCode()).isEqualTo(403);
  }
}
