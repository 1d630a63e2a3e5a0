package dev.defuse.labeling.domain;

import java.util.List;
import java.util.Map;

/**
 * A request the service refuses, with the HTTP status and RFC 9457 problem type it is reported as. Thrown from
 * inside transactions, it rolls them back, so nothing of a refused request is stored.
 */
public final class ApiProblem extends RuntimeException {

  /** The kinds of refusal and their HTTP status. */
  public enum Kind {
    MALFORMED(400, "malformed-request", "Malformed request"),
    UNAUTHENTICATED(401, "unauthenticated", "Missing or invalid credential"),
    FORBIDDEN(403, "forbidden", "Not allowed for this credential"),
    NOT_FOUND(404, "not-found", "Not found"),
    CONFLICT(409, "conflict", "Conflicts with the stored state"),
    TOO_LARGE(413, "too-large", "Request too large"),
    INVALID_LABEL(422, "invalid-label", "Label not in the job's class set"),
    RATE_LIMITED(429, "rate-limited", "Too many requests");

    public final int status;
    public final String slug;
    public final String title;

    Kind(int status, String slug, String title) {
      this.status = status;
      this.slug = slug;
      this.title = title;
    }
  }

  private final Kind kind;
  private final transient List<Map<String, Object>> errors;

  public ApiProblem(Kind kind, String detail) {
    this(kind, detail, List.of());
  }

  public ApiProblem(Kind kind, String detail, List<Map<String, Object>> errors) {
    super(detail);
    this.kind = kind;
    this.errors = List.copyOf(errors);
  }

  public Kind kind() {
    return kind;
  }

  /** Per-entry details (e.g. which votes of a batch were refused). */
  public List<Map<String, Object>> errors() {
    return errors;
  }

  public static ApiProblem malformed(String detail) {
    return new ApiProblem(Kind.MALFORMED, detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(Kind.NOT_FOUND, detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(Kind.CONFLICT, detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(Kind.FORBIDDEN, detail);
  }

  public static ApiProblem unauthenticated(String detail) {
    return new ApiProblem(Kind.UNAUTHENTICATED, detail);
  }
}
