package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/** Reads {@code Authorization: Bearer <credential>}. */
final class BearerToken {

  private static final String SCHEME = "Bearer ";
  /** Longer credentials are refused before hashing. */
  private static final int MAX_LENGTH = 512;

  private BearerToken() {}

  static String of(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw ApiProblem.unauthenticated("missing 'Authorization: Bearer <key>' header");
    }
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      throw ApiProblem.unauthenticated("the Authorization header must use the Bearer scheme");
    }
    String token = header.substring(SCHEME.length()).strip();
    if (token.isEmpty() || token.length() > MAX_LENGTH) {
      throw ApiProblem.unauthenticated("empty or oversized bearer credential");
    }
    return token;
  }
}
