package dev.defuse.labeling.rest;

import dev.defuse.labeling.domain.ApiProblem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Holds a body sent without Content-Length (chunked) to {@code defuse.labeling.max-request-bytes} as it is read, and
 * refuses it with the same 413 problem body as a declared one ({@link RequestSizeLimit} refuses those before they
 * are read). Bodies with a Content-Length pass untouched.
 */
@Provider
public class ChunkedBodyLimit implements ReaderInterceptor {

  private final RequestSizeLimit limit;

  public ChunkedBodyLimit(RequestSizeLimit limit) {
    this.limit = limit;
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (!context.getHeaders().containsKey(HttpHeaders.CONTENT_LENGTH)) {
      context.setInputStream(new Bounded(context.getInputStream(), limit.maxBytes()));
    }
    return context.proceed();
  }

  /** Counts what is read and fails once more than {@code max} bytes came. */
  private static final class Bounded extends FilterInputStream {
    private final long max;
    private long read;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLarge {
      read += n;
      if (read > max) {
        throw new BodyTooLarge(max);
      }
    }
  }

  /**
   * An I/O failure, so that the JSON reader passes it on as it is instead of reporting it as malformed JSON (Jackson
   * wraps unchecked exceptions of a field's deserializer, but rethrows plain I/O ones).
   */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge(long max) {
      super("request body exceeds the limit of " + max + " bytes");
    }
  }

  @ServerExceptionMapper
  public Response tooLarge(BodyTooLarge e, UriInfo uri) {
    ApiProblem.Kind kind = ApiProblem.Kind.TOO_LARGE;
    // the rest of the body is not read, so the connection cannot be reused
    return Response.fromResponse(Problems.response(kind.status, kind.slug, kind.title, e.getMessage(), uri.getPath(),
        List.of())).header("Connection", "close").build();
  }
}
