package dev.defuse.identify.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-image cap: at most {@code cap} mistakes per image, those with the smallest ‖ε‖. */
class MistakeSelectorTest {

    @Test
    void keepsTheCapSmallestNormsOfEachImageWhateverTheArrivalOrder() {
        List<double[]> offers = new ArrayList<>(); // {image, draw, norm}
        Random random = new Random(5);
        for (int draw = 0; draw < 500; draw++) {
            offers.add(new double[] {0, draw, 1 + random.nextDouble()});
            offers.add(new double[] {1, draw, 3 + random.nextDouble()});
        }
        for (int order = 0; order < 3; order++) {
            Collections.shuffle(offers, new Random(order));
            MistakeSelector<String> selector = new MistakeSelector<>(3, 100);
            for (double[] o : offers) {
                selector.offer((int) o[0], (int) o[1], o[2], "draw " + (int) o[1]);
            }
            for (int image = 0; image < 2; image++) {
                int img = image;
                List<Double> expected = offers.stream().filter(o -> o[0] == img).map(o -> o[2]).sorted().limit(100)
                        .toList();
                assertThat(selector.kept(image)).extracting(MistakeSelector.Candidate::epsNorm)
                        .containsExactlyElementsOf(expected);
            }
            assertThat(selector.kept(2)).isEmpty();
            assertThat(selector.size()).isEqualTo(200);
        }
    }

    @Test
    void keepsEverythingBelowTheCapSmallestFirst() {
        MistakeSelector<Integer> selector = new MistakeSelector<>(1, 10);
        selector.offer(0, 0, 0.9, 0);
        selector.offer(0, 1, 0.1, 1);
        selector.offer(0, 2, 0.5, 2);
        assertThat(selector.kept(0)).extracting(MistakeSelector.Candidate::value).containsExactly(1, 2, 0);
    }

    @Test
    void equalNormsAreBrokenByTheEarlierDraw() {
        MistakeSelector<Integer> selector = new MistakeSelector<>(1, 2);
        selector.offer(0, 9, 1.0, 9);
        selector.offer(0, 3, 1.0, 3);
        selector.offer(0, 5, 1.0, 5);
        assertThat(selector.kept(0)).extracting(MistakeSelector.Candidate::draw).containsExactly(3, 5);
    }

    @Test
    void reportsWhetherACandidateWouldBeKept() {
        MistakeSelector<Integer> selector = new MistakeSelector<>(1, 1);
        assertThat(selector.offer(0, 0, 2.0, 0)).isTrue();
        assertThat(selector.wouldKeep(0, 1, 3.0)).isFalse();
        assertThat(selector.offer(0, 1, 3.0, 1)).isFalse();
        assertThat(selector.wouldKeep(0, 2, 1.0)).isTrue();
        assertThat(selector.offer(0, 2, 1.0, 2)).isTrue();
        assertThat(selector.kept(0)).extracting(MistakeSelector.Candidate::value).containsExactly(2);
    }

    @Test
    void theCapMustBePositive() {
        assertThatThrownBy(() -> new MistakeSelector<>(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMistakesPerImage");
    }
}
