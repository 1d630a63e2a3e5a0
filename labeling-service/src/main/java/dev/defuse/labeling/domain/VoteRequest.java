package dev.defuse.labeling.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * One vote as posted: the task (assignment id, or item id plus annotator), the annotator and the label (a class
 * id, a class name, or {@code "none_of_the_above"}).
 */
public record VoteRequest(UUID assignmentId, Long itemId, String annotatorId, JsonNode label) {}
