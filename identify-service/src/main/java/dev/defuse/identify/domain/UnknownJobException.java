package dev.defuse.identify.domain;

/** A job id with no spec in the object store. */
public final class UnknownJobException extends RuntimeException {

    private final String jobId;

    public UnknownJobException(String jobId) {
        super("job '" + jobId + "' does not exist (no jobs/" + jobId + "/spec.json)");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
