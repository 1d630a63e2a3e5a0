package dev.defuse.labeling.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.defuse.common.events.ClassInfo;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassSetAndKeysTest {

  private final ClassSet signs = new ClassSet(
      List.of(new ClassInfo(0, "Speed limit (20km/h)"), new ClassInfo(14, "Stop"), new ClassInfo(17, "No entry")));
  private final JsonNodeFactory json = JsonNodeFactory.instance;

  @Test
  void labelsAreReadAsClassIdsClassNamesOrNoneOfTheAbove() {
    assertThat(signs.parse(json.numberNode(14))).hasValue(14);
    assertThat(signs.parse(json.textNode("No entry"))).hasValue(17);
    assertThat(signs.parse(json.textNode("none_of_the_above"))).isEmpty();
    assertThat(signs.name(14)).isEqualTo("Stop");
    assertThat(signs.name(null)).isEqualTo("none_of_the_above");
  }

  @Test
  void unknownLabelsAre422AndWrongTypes400() {
    assertThatThrownBy(() -> signs.parse(json.numberNode(3)))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.INVALID_LABEL));
    assertThatThrownBy(() -> signs.parse(json.textNode("Yield")))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.INVALID_LABEL));
    assertThatThrownBy(() -> signs.parse(json.booleanNode(true)))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.MALFORMED));
    assertThatThrownBy(() -> signs.parse(null))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.kind()).isEqualTo(ApiProblem.Kind.MALFORMED));
  }

  @Test
  void classListRoundTripsThroughJson() {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(ClassSet.fromJson(mapper, signs.toJson(mapper)).classes()).isEqualTo(signs.classes());
  }

  @Test
  void keysAreRandomPrefixedAndOnlyTheirHashMatches() {
    ApiKeys keys = new ApiKeys(new SecureRandom());
    String a = keys.newKey(ApiKeys.VENDOR_PREFIX);
    String b = keys.newKey(ApiKeys.VENDOR_PREFIX);
    assertThat(a).startsWith("dfv_").hasSize(4 + 43).isNotEqualTo(b);
    assertThat(ApiKeys.hash(a)).hasSize(32);
    assertThat(ApiKeys.matches(a, ApiKeys.hash(a))).isTrue();
    assertThat(ApiKeys.matches(b, ApiKeys.hash(a))).isFalse();
    assertThat(ApiKeys.matches("s3cret", ApiKeys.hash("s3cret"))).isTrue();
    assertThat(ApiKeys.matches("s3cret", ApiKeys.hash("s3creT"))).isFalse();
  }
}
