package dev.defuse.labeling.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.common.events.ClassInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** A job's classes, and the reading of a vote's label against them. */
public final class ClassSet {

  /** The label value that means "none of the above". */
  public static final String NONE_OF_THE_ABOVE = "none_of_the_above";

  private final List<ClassInfo> classes;
  private final Map<Integer, ClassInfo> byId = new LinkedHashMap<>();
  private final Map<String, ClassInfo> byName = new LinkedHashMap<>();

  public ClassSet(List<ClassInfo> classes) {
    this.classes = List.copyOf(classes);
    for (ClassInfo c : this.classes) {
      if (byId.put(c.id(), c) != null) {
        throw new IllegalArgumentException("class id " + c.id() + " appears twice");
      }
      byName.putIfAbsent(c.name(), c);
    }
  }

  public List<ClassInfo> classes() {
    return classes;
  }

  public boolean contains(int id) {
    return byId.containsKey(id);
  }

  public String name(Integer id) {
    if (id == null) {
      return NONE_OF_THE_ABOVE;
    }
    ClassInfo c = byId.get(id);
    return c == null ? String.valueOf(id) : c.name();
  }

  /**
   * Reads a vote's label: a class id (JSON number), a class name (JSON string) or {@code "none_of_the_above"}.
   *
   * @return the class id, or empty for "none of the above"
   * @throws ApiProblem 400 when the value is not a number or string, 422 when it names no class of the job
   */
  public OptionalInt parse(JsonNode label) {
    if (label == null || label.isNull() || label.isMissingNode()) {
      throw ApiProblem.malformed("label is required: a class id, a class name or \"" + NONE_OF_THE_ABOVE + "\"");
    }
    if (label.isIntegralNumber()) {
      if (!label.canConvertToInt() || !contains(label.intValue())) {
        throw new ApiProblem(ApiProblem.Kind.INVALID_LABEL,
            "label " + label + " is not a class id of this job (ids: " + byId.keySet() + ")");
      }
      return OptionalInt.of(label.intValue());
    }
    if (label.isTextual()) {
      String text = label.textValue();
      if (NONE_OF_THE_ABOVE.equals(text)) {
        return OptionalInt.empty();
      }
      ClassInfo c = byName.get(text);
      if (c == null) {
        throw new ApiProblem(ApiProblem.Kind.INVALID_LABEL,
            "label \"" + text + "\" is not a class name of this job, nor \"" + NONE_OF_THE_ABOVE + "\"");
      }
      return OptionalInt.of(c.id());
    }
    throw ApiProblem.malformed("label must be a class id (number) or a class name / \"" + NONE_OF_THE_ABOVE
        + "\" (string), got " + label.getNodeType());
  }

  public String toJson(ObjectMapper mapper) {
    try {
      return mapper.writeValueAsString(classes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write class list", e);
    }
  }

  public static ClassSet fromJson(ObjectMapper mapper, String json) {
    try {
      return new ClassSet(mapper.readValue(json, new TypeReference<List<ClassInfo>>() {}));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored class list is not valid JSON: " + e.getMessage(), e);
    }
  }
}
