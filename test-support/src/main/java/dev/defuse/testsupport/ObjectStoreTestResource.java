package dev.defuse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test at the S3 server (S3Proxy) of the shared local stack, bucket already created. */
public class ObjectStoreTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    LocalStackEndpoints stack = SharedLocalStack.get();
    return Map.of(
        "defuse.object-store.endpoint", stack.s3Endpoint(),
        "defuse.object-store.access-key", stack.s3AccessKey(),
        "defuse.object-store.secret-key", stack.s3SecretKey(),
        "defuse.object-store.bucket", stack.s3Bucket(),
        "defuse.object-store.region", stack.s3Region());
  }

  /** The stack is shared by every test of the JVM and stopped when the JVM exits. */
  @Override
  public void stop() {}
}
