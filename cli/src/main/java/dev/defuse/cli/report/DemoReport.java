package dev.defuse.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.cli.annotators.AnnotatorPolicy;
import dev.defuse.cli.annotators.AnnotatorSimulation;
import dev.defuse.cli.demo.JobEvents;
import dev.defuse.cli.demo.ProgressMonitor;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.ml.model.ModelArtifact;
import java.util.List;
import java.util.Map;

/**
 * Everything the demo report shows, as collected from the services' APIs, the event topics and the local run.
 *
 * @param correctionJob  correction-service {@code GET /jobs/{id}} (summary with Fig. 4 rows and the λ curve)
 * @param labelingJob    labeling-service {@code GET /admin/v1/jobs/{id}}
 * @param agreement      labeling-service {@code GET /admin/v1/jobs/{id}/agreement} (null if unavailable)
 * @param items          labeling-service {@code GET /admin/v1/jobs/{id}/items} (null if unavailable)
 * @param events         what each event topic carried for the job
 * @param stageTimings   when each stage started and ended, as seen by polling the services
 * @param setupSeconds   seconds of the demo's own steps before the job (build, stack, training, ...)
 * @param annotatorStats what the simulated annotators did (null if they never reported)
 */
public record DemoReport(String jobId, String dataset, LabeledImages train, LabeledImages test,
    ModelArtifact classifier, ModelArtifact vae, List<String> oracleMembers, double oracleTestAccuracy,
    AnnotatorPolicy policy, int annotators, AnnotatorSimulation.Stats annotatorStats, JsonNode correctionJob,
    JsonNode labelingJob, JsonNode agreement, JsonNode items, Map<String, List<JobEvents.Record>> events,
    List<ProgressMonitor.StageTiming> stageTimings, Map<String, Double> setupSeconds, double totalSeconds) {}
