package dev.defuse.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus test's default datasource at the PostgreSQL server of the shared local stack. */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    LocalStackEndpoints stack = SharedLocalStack.get();
    return Map.of(
        "quarkus.datasource.jdbc.url", stack.jdbcUrl(),
        "quarkus.datasource.username", stack.dbUser(),
        "quarkus.datasource.password", stack.dbPassword());
  }

  /** The stack is shared by every test of the JVM and stopped when the JVM exits. */
  @Override
  public void stop() {}
}
