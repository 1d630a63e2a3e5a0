package dev.defuse.identify.rest;

import dev.defuse.identify.domain.JobConflictException;
import dev.defuse.identify.domain.JobRequestException;
import dev.defuse.identify.domain.UnknownJobException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors of the job API as RFC 9457 problem details. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String TYPE_BASE = "https://defuse.dev/problems/";

    @ServerExceptionMapper
    public Response invalidRequest(JobRequestException e, UriInfo uri) {
        return problem(Response.Status.BAD_REQUEST, "invalid-job", "Invalid job", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response conflict(JobConflictException e, UriInfo uri) {
        return problem(Response.Status.CONFLICT, "job-exists", "Job id already used", e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unknownJob(UnknownJobException e, UriInfo uri) {
        return problem(Response.Status.NOT_FOUND, "unknown-job", "No such job", e.getMessage(), uri);
    }

    /** Object store or broker unavailable while submitting: the client may retry the same request. */
    @ServerExceptionMapper
    public Response unavailable(dev.defuse.common.store.ObjectStoreException e, UriInfo uri) {
        LOG.warnf("job API: object store failure: %s", e.getMessage());
        return problem(Response.Status.SERVICE_UNAVAILABLE, "store-unavailable", "Object store unavailable",
                e.getMessage() + " (retrying the same request is safe)", uri);
    }

    @ServerExceptionMapper
    public Response brokerTimeout(io.smallrye.mutiny.TimeoutException e, UriInfo uri) {
        LOG.warnf("job API: broker did not acknowledge in time");
        return problem(Response.Status.SERVICE_UNAVAILABLE, "broker-unavailable", "Broker unavailable",
                "the Kafka broker did not acknowledge the job's shards in time (retrying the same request is safe)",
                uri);
    }

    static Response problem(Response.Status status, String type, String title, String detail, UriInfo uri) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + type, title, status.getStatusCode(), detail,
                        uri == null ? null : uri.getPath()))
                .build();
    }
}
