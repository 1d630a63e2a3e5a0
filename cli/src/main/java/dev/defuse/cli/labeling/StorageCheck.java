package dev.defuse.cli.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what the API accepted with what the service stored (its raw votes, from the admin API): the same vote
 * ids, no annotator/item pair twice, none missing, none extra, and as many votes as the job needed.
 *
 * @param problems at most {@link #SHOWN} of them
 */
record StorageCheck(boolean ok, int stored, List<String> problems) {

  private static final int SHOWN = 20;

  static StorageCheck of(JsonNode storedVotes, Map<Long, String> accepted, int needed) {
    List<String> problems = new ArrayList<>();
    Map<Long, Integer> seenIds = new HashMap<>();
    Set<String> seenPairs = new HashSet<>();
    for (JsonNode v : storedVotes) {
      long id = v.get("voteId").asLong();
      seenIds.merge(id, 1, Integer::sum);
      String pair = v.get("itemId").asLong() + "/" + v.get("annotatorId").asText();
      if (!seenPairs.add(pair)) {
        problems.add("annotator/item stored twice: " + pair);
      }
      String acceptedPair = accepted.get(id);
      if (acceptedPair == null) {
        problems.add("stored vote " + id + " was never accepted by the API");
      } else if (!acceptedPair.equals(pair)) {
        problems.add("vote " + id + " stored as " + pair + " but accepted as " + acceptedPair);
      }
    }
    seenIds.forEach((id, n) -> {
      if (n > 1) {
        problems.add("vote id " + id + " listed " + n + " times");
      }
    });
    for (Long id : accepted.keySet()) {
      if (!seenIds.containsKey(id)) {
        problems.add("accepted vote " + id + " is not stored");
      }
    }
    if (storedVotes.size() != needed) {
      problems.add(storedVotes.size() + " votes stored, " + needed + " needed");
    }
    return new StorageCheck(problems.isEmpty(), storedVotes.size(),
        List.copyOf(problems.size() > SHOWN ? problems.subList(0, SHOWN) : problems));
  }
}
