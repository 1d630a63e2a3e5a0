package dev.defuse.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * For plain JUnit tests: {@code @ExtendWith(LocalStackExtension.class)} and a {@link LocalStackEndpoints} parameter
 * (constructor, lifecycle or test method) give the test JVM's shared local stack.
 */
public final class LocalStackExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStackEndpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return SharedLocalStack.get();
  }
}
