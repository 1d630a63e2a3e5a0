package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Authenticates vendor API calls: 401 for a missing, unknown or revoked credential, 403 for the admin one. */
@Provider
@VendorAuthenticated
@Priority(Priorities.AUTHENTICATION)
public class VendorAuthFilter implements ContainerRequestFilter {

  private final Authenticator authenticator;
  private final CurrentCaller current;

  public VendorAuthFilter(Authenticator authenticator, CurrentCaller current) {
    this.authenticator = authenticator;
    this.current = current;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      current.set(authenticator.vendor(BearerToken.of(request)));
    } catch (ApiProblem problem) {
      request.abortWith(Problems.response(problem, request.getUriInfo().getPath()));
    }
  }
}
