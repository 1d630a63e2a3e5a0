package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import dev.defuse.labeling.domain.VendorCaller;
import dev.defuse.labeling.domain.VendorRateLimiter;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.util.Optional;

/**
 * Authenticates vendor API calls (401 for a missing, unknown or revoked credential, 403 for the admin one) and
 * applies the vendor's rate limit (429 with {@code Retry-After}); a refused request reaches no resource, so nothing
 * of it is stored.
 */
@Provider
@VendorAuthenticated
@Priority(Priorities.AUTHENTICATION)
public class VendorAuthFilter implements ContainerRequestFilter {

  private final Authenticator authenticator;
  private final VendorRateLimiter rateLimiter;
  private final CurrentCaller current;

  public VendorAuthFilter(Authenticator authenticator, VendorRateLimiter rateLimiter, CurrentCaller current) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.current = current;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      VendorCaller caller = authenticator.vendor(BearerToken.of(request));
      Optional<Duration> wait = rateLimiter.admit(caller.vendorId());
      if (wait.isPresent()) {
        request.abortWith(Problems.rateLimited(wait.get(), request.getUriInfo().getPath()));
        return;
      }
      current.set(caller);
    } catch (ApiProblem problem) {
      request.abortWith(Problems.response(problem, request.getUriInfo().getPath()));
    }
  }
}
