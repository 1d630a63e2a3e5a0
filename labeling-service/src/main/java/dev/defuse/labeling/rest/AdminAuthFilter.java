package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates admin API calls against {@code defuse.labeling.admin-token} (constant-time comparison): 401 for a
 * missing or wrong credential or when no admin token is configured, 403 for a vendor credential.
 */
@Provider
@AdminAuthenticated
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {

  private final Authenticator authenticator;

  public AdminAuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      authenticator.admin(BearerToken.of(request));
    } catch (ApiProblem problem) {
      request.abortWith(Problems.response(problem, request.getUriInfo().getPath()));
    }
  }
}
