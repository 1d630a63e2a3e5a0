package dev.defuse.identify.domain;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NoiseSeedsTest {

    @Test
    void anImagesSeedDependsOnlyOnTheJobSeedAndTheImageIndex() {
        assertThat(NoiseSeeds.forImage(7, 1234)).isEqualTo(NoiseSeeds.forImage(7, 1234));
        assertThat(NoiseSeeds.forImage(7, 1234)).isNotEqualTo(NoiseSeeds.forImage(8, 1234));
        assertThat(NoiseSeeds.forImage(7, 1234)).isNotEqualTo(NoiseSeeds.forImage(7, 1235));
    }

    @Test
    void neighbouringImagesAndSeedsGetDistinctSeeds() {
        Set<Long> seeds = new HashSet<>();
        for (long jobSeed = 0; jobSeed < 20; jobSeed++) {
            for (int image = 0; image < 5000; image++) {
                seeds.add(NoiseSeeds.forImage(jobSeed, image));
            }
        }
        assertThat(seeds).hasSize(20 * 5000);
    }
}
