package dev.defuse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.cli.annotators.AnnotatorPolicy;
import dev.defuse.cli.annotators.OracleTrainer;
import dev.defuse.cli.chaos.ChaosSuite;
import dev.defuse.cli.chaos.RunResult;
import dev.defuse.cli.chaos.Scenario;
import dev.defuse.cli.demo.DemoRun;
import dev.defuse.common.events.Topics;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.testsupport.SharedLocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario of the fault-injection suite ({@code ./defuse chaos}) on real processes: the tiny job of
 * {@link DemoEndToEndTest} once undisturbed, then once with labeling-service killed with SIGKILL while the simulated
 * annotators are voting (a third of the votes in) and restarted on the same port. The disturbed run must end with
 * the same mistakes, regions, labeling decisions and model metrics, nothing lost and no effect duplicated.
 *
 * <p>Opt-in ({@code -Dchaos=true}): it runs the whole loop twice, about 10 minutes on the 2-core CI machine.
 */
@EnabledIfSystemProperty(named = "chaos", matches = "true")
class ChaosEndToEndTest {

  private static final Path ROOT = Path.of(System.getProperty("defuse.repository.root", "..")).toAbsolutePath()
      .normalize();

  @TempDir Path work;

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void labelingServiceKilledWhileAnnotatorsVoteChangesNothing() {
    DemoRun.Settings tiny = new DemoRun.Settings(ROOT, work, work.resolve("models"),
        ROOT.resolve("datasets/mnist"), false, 32, 1,
        /* images */ 60, /* draws */ 10, /* DP-GMM K */ 10, /* classifier epochs */ 1, /* vae epochs */ 1,
        /* latent */ 10,
        /* train on */ 1000, List.of(1.0), /* correction epochs */ 1, /* learning rate */ null, /* baseline */ null, 1,
        work.resolve("report"), false, "-Xmx768m",
        /* timeout minutes */ 10, new TorchSettings(1, 1), new OracleTrainer.Settings(1, 2, 1001),
        // never unsure, so every region is decided; 10 % slips, which must come out the same in both runs
        new AnnotatorPolicy(0.1, 0), 3, 7);
    PrintWriter out = new PrintWriter(System.out, true);

    List<RunResult> results = new ChaosSuite(new ChaosSuite.Settings(tiny, List.of(Scenario.KILL_LABELING),
        Duration.ofSeconds(30))).run(SharedLocalStack.status(), out, out);

    RunResult undisturbed = results.get(0);
    assertThat(undisturbed.failure()).as("the undisturbed run").isNull();
    assertThat(undisturbed.topics().get(Topics.LABELS).facts()).as("regions labeled").isPositive();
    RunResult killed = results.get(1);
    assertThat(killed.failure()).as("the disturbed run").isNull();
    assertThat(killed.faultAt()).as("the fault was injected mid-voting (%s)", killed.notInjected()).isNotNull();
    assertThat(killed.recoveredSeconds()).as("voting went on after the restart").isNotNull();
    assertThat(killed.identical()).as("same result: %s", killed.differences()).isTrue();
    assertThat(killed.lost()).as("lost: %s", killed.lostDetail()).isZero();
    assertThat(killed.duplicated()).as("duplicated: %s", killed.duplicatedDetail()).isZero();
    assertThat(killed.passed()).isTrue();
  }
}
