package dev.defuse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.defuse.cli.annotators.AnnotatorPolicy;
import dev.defuse.cli.annotators.OracleTrainer;
import dev.defuse.cli.demo.DemoRun;
import dev.defuse.cli.demo.JobEvents;
import dev.defuse.common.events.DefuseEvent;
import dev.defuse.common.events.DistillCompleted;
import dev.defuse.common.events.IdentifyCompleted;
import dev.defuse.common.events.LabelingCompleted;
import dev.defuse.common.events.MistakeFound;
import dev.defuse.common.events.ModelRegistered;
import dev.defuse.common.events.RegionFound;
import dev.defuse.common.events.RegionLabeled;
import dev.defuse.common.events.ShardCompleted;
import dev.defuse.common.events.Topics;
import dev.defuse.common.ml.TorchSettings;
import dev.defuse.testsupport.SharedLocalStack;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole loop with a tiny configuration, as {@code ./defuse demo} runs it: the four services as child processes
 * of this test, the real Kafka broker, S3 server and PostgreSQL of test-support, simulated annotators over the vendor
 * API. Checks that every event topic carried the expected records and that a model was registered.
 */
class DemoEndToEndTest {

  private static final Path ROOT = Path.of(System.getProperty("defuse.repository.root", "..")).toAbsolutePath()
      .normalize();

  @TempDir Path work;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void theWholeLoopCarriesEveryStagesRecordsAndRegistersAModel() throws Exception {
    DemoRun.Settings tiny = new DemoRun.Settings(ROOT, work, work.resolve("models"),
        ROOT.resolve("datasets/mnist"), false, 32, 1,
        /* images */ 60, /* draws */ 10, /* DP-GMM K */ 10, /* classifier epochs */ 1, /* vae epochs */ 1, /* latent */ 10,
        /* train on */ 1000, List.of(1.0), /* correction epochs */ 1, /* learning rate */ null, /* baseline */ null, 1,
        work.resolve("report"), false, "-Xmx768m",
        /* timeout minutes */ 6, new TorchSettings(1, 1), new OracleTrainer.Settings(1, 2, 1001),
        // faultless, never-unsure annotators: every item gets a label, so a 1-epoch classifier's regions are decided
        new AnnotatorPolicy(0, 0), 3, 7);
    PrintWriter out = new PrintWriter(System.out, true);

    DemoRun.Outcome outcome = new DemoRun(tiny).run(SharedLocalStack.status(), new LinkedHashMap<>(), Instant.now(),
        out, out);

    IdentifyCompleted identified = single(outcome, Topics.MISTAKES, IdentifyCompleted.class);
    assertThat(events(outcome, Topics.MISTAKES, MistakeFound.class)).hasSize((int) identified.mistakeCount())
        .isNotEmpty();
    assertThat(events(outcome, Topics.MISTAKES, ShardCompleted.class)).hasSize(identified.shardCount());
    assertThat(identified.imagesProcessed() + identified.imagesSkipped()).isEqualTo(60);

    DistillCompleted distilled = single(outcome, Topics.REGIONS, DistillCompleted.class);
    assertThat(distilled.regionCount()).isPositive();
    assertThat(events(outcome, Topics.REGIONS, RegionFound.class)).hasSize(distilled.regionCount());

    LabelingCompleted labeled = single(outcome, Topics.LABELS, LabelingCompleted.class);
    List<RegionLabeled> regions = events(outcome, Topics.LABELS, RegionLabeled.class);
    assertThat(regions).hasSize(distilled.regionCount());
    assertThat(labeled.regionCount()).isEqualTo(distilled.regionCount());
    assertThat(regions).allSatisfy(r -> assertThat(r.items()).allSatisfy(i -> assertThat(i.votes()).hasSize(3)));

    ModelRegistered registered = single(outcome, Topics.FINETUNED_MODELS, ModelRegistered.class);
    assertThat(outcome.correctionJob().path("state").asText()).isEqualTo("REGISTERED");
    assertThat(outcome.registeredModel()).isNotNull();
    assertThat(outcome.correctionJob().path("model").path("modelId").asText()).isEqualTo(registered.modelId());
    assertThat(Files.readString(outcome.report())).contains("simulated annotators").contains("Fig. 4");
  }

  private static <T extends DefuseEvent> T single(DemoRun.Outcome outcome, String topic, Class<T> type) {
    List<T> events = events(outcome, topic, type);
    assertThat(events).as(type.getSimpleName() + " on " + topic).hasSize(1);
    return events.get(0);
  }

  private static <T extends DefuseEvent> List<T> events(DemoRun.Outcome outcome, String topic, Class<T> type) {
    return outcome.events().getOrDefault(topic, List.of()).stream().map(JobEvents.Record::event)
        .filter(type::isInstance).map(type::cast).toList();
  }
}
