package dev.defuse.testsupport;

import dev.defuse.stack.StackStatus;

/** Where the test JVM's local stack listens and how to log in: what a test or a service config needs. */
public record LocalStackEndpoints(
    String kafkaBootstrapServers,
    String s3Endpoint,
    String s3AccessKey,
    String s3SecretKey,
    String s3Region,
    String s3Bucket,
    String jdbcUrl,
    String dbUser,
    String dbPassword) {

  static LocalStackEndpoints of(StackStatus status) {
    return new LocalStackEndpoints(
        status.kafka().bootstrapServers(),
        status.s3().endpoint(),
        status.s3().accessKey(),
        status.s3().secretKey(),
        status.s3().region(),
        status.s3().bucket(),
        status.postgres().jdbcUrl(),
        status.postgres().user(),
        status.postgres().password());
  }
}
