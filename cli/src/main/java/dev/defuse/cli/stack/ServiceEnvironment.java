package dev.defuse.cli.stack;

import dev.defuse.stack.StackStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/** The environment variables that point a Defuse service at the local stack (the same keys as test-support). */
public final class ServiceEnvironment {

  private ServiceEnvironment() {}

  public static Map<String, String> of(StackStatus status) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", status.kafka().bootstrapServers());
    env.put("DEFUSE_OBJECT_STORE_ENDPOINT", status.s3().endpoint());
    env.put("DEFUSE_OBJECT_STORE_ACCESS_KEY", status.s3().accessKey());
    env.put("DEFUSE_OBJECT_STORE_SECRET_KEY", status.s3().secretKey());
    env.put("DEFUSE_OBJECT_STORE_BUCKET", status.s3().bucket());
    env.put("DEFUSE_OBJECT_STORE_REGION", status.s3().region());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", status.postgres().jdbcUrl());
    env.put("QUARKUS_DATASOURCE_USERNAME", status.postgres().user());
    env.put("QUARKUS_DATASOURCE_PASSWORD", status.postgres().password());
    return env;
  }
}
