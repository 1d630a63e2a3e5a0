package dev.defuse.cli.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the suite: the undisturbed run or one scenario, and how it compares with the undisturbed run.
 *
 * @param name             {@code undisturbed} or the scenario id
 * @param fault            what was done, for people ({@code null} for the undisturbed run)
 * @param faultAt          the progress when the fault came (null: not injected)
 * @param notInjected      why no fault was injected (the stage passed between two polls), else null
 * @param faultSeconds     from the fault until the service was ready again / the server was started again
 * @param recoveredSeconds from the fault until the disturbed stage made progress again (null: it never did)
 * @param identical        same mistakes, regions, decisions and model metrics as the undisturbed run (null: not
 *                         compared — the run or the undisturbed run failed)
 * @param differences      what differs, by aspect ({@code objects} is informational)
 * @param lost             facts, votes and objects of the undisturbed run missing here (null: not compared)
 * @param duplicated       effects that happened twice (null: not compared)
 * @param rawDuplicates    records whose event id a topic carried more than once (harmless: consumers deduplicate)
 * @param topics           per topic counts
 * @param seconds          wall time of the run (services start to snapshot)
 * @param failure          why the run failed (null: it finished)
 */
public record RunResult(String name, String fault, String jobId, String faultAt, String notInjected,
    Double faultSeconds, Double recoveredSeconds, Boolean identical, Map<String, String> differences, Integer lost,
    List<String> lostDetail, Integer duplicated, List<String> duplicatedDetail, Integer rawDuplicates,
    Map<String, TopicCount> topics, double seconds, String failure) {

  /** Whether this scenario passed: fault injected, job finished, identical, nothing lost or duplicated. */
  public boolean passed() {
    return failure == null && (fault == null || faultAt != null) && Boolean.TRUE.equals(identical)
        && Integer.valueOf(0).equals(lost) && Integer.valueOf(0).equals(duplicated);
  }

  /** JSON-ready map (the stack's writer: maps, lists, strings, numbers, booleans). */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", name);
    m.put("fault", fault);
    m.put("jobId", jobId);
    m.put("faultInjectedAt", faultAt);
    m.put("notInjected", notInjected);
    m.put("faultSeconds", faultSeconds);
    m.put("recoveredSeconds", recoveredSeconds);
    m.put("identical", identical);
    m.put("differences", differences);
    m.put("lost", lost);
    m.put("lostDetail", lostDetail);
    m.put("duplicated", duplicated);
    m.put("duplicatedDetail", duplicatedDetail);
    m.put("rawDuplicates", rawDuplicates);
    Map<String, Object> t = new LinkedHashMap<>();
    topics.forEach((topic, c) -> {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("records", c.records());
      counts.put("eventIds", c.eventIds());
      counts.put("facts", c.facts());
      counts.put("rawDuplicates", c.rawDuplicates());
      counts.put("factDuplicates", c.factDuplicates());
      t.put(topic, counts);
    });
    m.put("topics", t);
    m.put("seconds", seconds);
    m.put("failure", failure);
    m.put("passed", passed());
    return m;
  }
}
