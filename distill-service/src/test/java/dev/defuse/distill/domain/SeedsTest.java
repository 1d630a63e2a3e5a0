package dev.defuse.distill.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every random step of a job has its own seed, fixed by the job's seed and the step's name. */
class SeedsTest {

  @Test
  void derivedSeedsAreStableAndDistinct() {
    assertThat(Seeds.derive(0, 1, 2)).isEqualTo(Seeds.derive(0, 1, 2));
    Set<Long> seeds = new HashSet<>();
    for (long job = 0; job < 4; job++) {
      for (long region = 0; region < 50; region++) {
        for (long set = 0; set < 3; set++) {
          seeds.add(Seeds.derive(job, RegionJob.SAMPLE_SALT, region, set));
        }
      }
    }
    assertThat(seeds).hasSize(4 * 50 * 3);
    assertThat(Seeds.derive(0, 1, 2)).isNotEqualTo(Seeds.derive(0, 2, 1));
  }
}
