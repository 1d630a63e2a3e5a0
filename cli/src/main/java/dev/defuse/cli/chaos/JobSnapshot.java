package dev.defuse.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.defuse.cli.demo.DemoRun;
import dev.defuse.cli.demo.JobEvents;
import dev.defuse.cli.demo.JsonHttp;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.EventJson;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.store.ObjectStore;
import dev.defuse.common.store.ObjectStoreConfig;
import dev.defuse.stack.StackStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything a finished job left behind, in a form two runs of the same job can be compared in: the facts each event
 * topic carried (keyed by what they are — mistake row 4 of shard 2, region 3 — not by event id, since ids embed the
 * job id), how many records, event ids and facts each topic holds, and what the stores hold (labeling-service's
 * regions, items and raw votes from PostgreSQL, correction-service's sweep and registered models, the job's objects
 * in S3).
 *
 * @param topics        per topic, record/id/fact counts
 * @param facts         per topic, fact key → canonical event
 * @param conflicts     facts carried twice with different content (a redelivered fact recomputed differently)
 * @param regions       labeling-service's regions, {@code region/<id>} → canonical view
 * @param items         labeling-service's items, {@code item/<region>/<row>} → canonical view
 * @param votes         raw votes in the database, {@code vote/<region>/<row>/<annotator>} → labels (more than one:
 *                      the vote was stored twice)
 * @param correction    correction-service's canonical job view (state, sweep points with metrics, summary, model)
 * @param models        models the registry lists for the job
 * @param objects       the job's objects, job-relative key → SHA-256 for tensors and model parameters, "" for the
 *                      rest (state documents carry timestamps, so only their presence is compared)
 * @param storeDuplicates rows the stores hold twice: labeling regions or items with the same region id (and row)
 */
record JobSnapshot(String jobId, Map<String, TopicCount> topics, Map<String, Map<String, JsonNode>> facts,
    List<String> conflicts, Map<String, JsonNode> regions, Map<String, JsonNode> items,
    Map<String, List<JsonNode>> votes, JsonNode correction, int models, Map<String, String> objects,
    Map<String, Integer> storeDuplicates) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventJson EVENTS = new EventJson();

  /** What the event topics carried for a job: counts, facts and conflicting re-sends. */
  record Topics(Map<String, TopicCount> counts, Map<String, Map<String, JsonNode>> facts, List<String> conflicts) {

    /** From the job's records by topic, as {@link JobEvents#read} returns them. */
    static Topics of(Map<String, List<JobEvents.Record>> events, String jobId) {
      Map<String, TopicCount> counts = new TreeMap<>();
      Map<String, Map<String, JsonNode>> facts = new TreeMap<>();
      List<String> conflicts = new ArrayList<>();
      for (String topic : JobEvents.TOPICS) {
        Map<UUID, Integer> perId = new HashMap<>();
        Map<String, Set<UUID>> idsOfFact = new HashMap<>();
        Map<String, JsonNode> topicFacts = new TreeMap<>();
        List<JobEvents.Record> records = events.getOrDefault(topic, List.of());
        for (JobEvents.Record r : records) {
          DefuseEvent event = r.event();
          String key = factKey(event);
          perId.merge(event.eventId(), 1, Integer::sum);
          idsOfFact.computeIfAbsent(key, k -> new HashSet<>()).add(event.eventId());
          JsonNode canonical = Canonical.of(json(event), jobId);
          JsonNode earlier = topicFacts.putIfAbsent(key, canonical);
          if (earlier != null && !earlier.equals(canonical)) {
            Canonical.Diff d = new Canonical.Diff();
            Canonical.diff(topic + ":" + key, earlier, canonical, d);
            conflicts.add(d.toString());
          }
        }
        int factDuplicates = idsOfFact.values().stream().mapToInt(ids -> ids.size() - 1).sum();
        counts.put(topic, new TopicCount(records.size(), perId.size(), topicFacts.size(),
            records.size() - perId.size(), factDuplicates));
        facts.put(topic, topicFacts);
      }
      return new Topics(counts, facts, List.copyOf(conflicts));
    }
  }

  /** Reads the job's topics and stores while its services still run. */
  static JobSnapshot capture(DemoRun.Running run, JsonHttp http) {
    String jobId = run.jobId();
    Topics topics = Topics.of(JobEvents.read(run.stack().kafka().bootstrapServers(), jobId), jobId);

    String labeling = run.fleet().get("labeling-service").url() + "/admin/v1/jobs/" + jobId;
    Map<String, JsonNode> regions = new TreeMap<>();
    Map<String, Integer> storeDuplicates = new TreeMap<>();
    http.get(labeling, run.adminToken()).ifPresent(job -> {
      for (JsonNode r : job.path("regions")) {
        if (regions.put("region/" + r.path("regionId").asInt(), Canonical.of(r, jobId)) != null) {
          storeDuplicates.merge("labeling regions", 1, Integer::sum);
        }
      }
      ObjectNode header = ((ObjectNode) Canonical.of(job, jobId)).without(List.of("regions"));
      regions.put("job", header);
    });
    Map<String, JsonNode> items = new TreeMap<>();
    http.get(labeling + "/items", run.adminToken()).ifPresent(list -> {
      for (JsonNode i : list.path("items")) {
        if (items.put("item/" + i.path("regionId").asInt() + "/" + i.path("row").asInt(),
            Canonical.of(i, jobId)) != null) {
          storeDuplicates.merge("labeling items", 1, Integer::sum);
        }
      }
    });
    Map<String, List<JsonNode>> votes = new TreeMap<>();
    http.get(labeling + "/votes", run.adminToken()).ifPresent(list -> {
      for (JsonNode v : list.path("votes")) {
        votes.computeIfAbsent("vote/" + v.path("regionId").asInt() + "/" + v.path("reviewRow").asInt() + "/"
            + v.path("annotatorId").asText(), k -> new ArrayList<>()).add(v.path("label"));
      }
    });

    String correctionUrl = run.fleet().get("correction-service").url();
    JsonNode correction = http.get(correctionUrl + "/jobs/" + jobId, null).map(j -> Canonical.of(j, jobId))
        .orElse(JSON.nullNode());
    // where the point ran and for how long is no result; the registry's list of the job's models is
    int models = http.get(correctionUrl + "/models?job=" + jobId, null).map(JsonNode::size).orElse(0);
    return new JobSnapshot(jobId, topics.counts(), topics.facts(), topics.conflicts(), regions, items, votes,
        correction, models, objects(run.stack(), jobId), storeDuplicates);
  }

  /** What a record is, independent of the run: {@code mistake/<shard>/<row>}, {@code region/<id>}, … */
  static String factKey(DefuseEvent e) {
    if (e instanceof MistakeFound m) {
      return "mistake/" + m.shardIndex() + "/" + m.row();
    } else if (e instanceof ShardCompleted s) {
      return "shard-completed/" + s.shardIndex();
    } else if (e instanceof IdentifyCompleted) {
      return "identify-completed";
    } else if (e instanceof RegionFound r) {
      return "region/" + r.regionId();
    } else if (e instanceof DistillCompleted) {
      return "distill-completed";
    } else if (e instanceof RegionLabeled r) {
      return "region-labeled/" + r.regionId();
    } else if (e instanceof LabelingCompleted) {
      return "labeling-completed";
    } else if (e instanceof ModelRegistered m) {
      return "model/" + m.variant();
    }
    return e.getClass().getSimpleName() + "/" + e.eventId();
  }

  private static JsonNode json(DefuseEvent event) {
    try {
      return JSON.readTree(EVENTS.write(event));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot re-read event " + event.eventId() + " as JSON", e);
    }
  }

  /** The job's objects: its documents and tensors, and the models named after it. */
  private static Map<String, String> objects(StackStatus stack, String jobId) {
    StackStatus.S3 s3 = stack.s3();
    Map<String, String> objects = new TreeMap<>();
    try (ObjectStore store = new ObjectStore(new ObjectStoreConfig(s3.endpoint(), s3.accessKey(), s3.secretKey(),
        s3.bucket(), s3.region()))) {
      List<String> keys = new ArrayList<>(store.list(ObjectKeys.jobPrefix(jobId)));
      keys.addAll(store.list(ObjectKeys.jobTensors(jobId)));
      keys.addAll(store.list(ObjectKeys.MODELS + jobId));
      for (String key : keys) {
        boolean content = key.endsWith(ObjectKeys.TENSOR_EXTENSION) || key.endsWith(ObjectKeys.MODEL_PARAMS);
        objects.put(key.replace(jobId, Canonical.JOB), content ? store.stat(key).sha256() : "");
      }
    }
    return objects;
  }
}
