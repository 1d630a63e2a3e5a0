package dev.defuse.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.defuse.cli.DefuseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobCommandTest {

  private static JsonNode request(String... args) {
    JobCommand.Submit submit = new JobCommand.Submit();
    new CommandLine(submit).parseArgs(args);
    return submit.request();
  }

  @Test
  void optionsBecomeAJobRequest() {
    JsonNode request = request("--classifier", "mnist-classifier", "--vae", "mnist-vae", "--images", "100:2000",
        "-q", "500", "--max-mistakes", "50", "--shard-size", "25", "--seed", "7", "--skip-misreconstructed",
        "--job-id", "demo");
    assertThat(request.get("jobId").asText()).isEqualTo("demo");
    assertThat(request.get("classifierModel").asText()).isEqualTo("mnist-classifier");
    assertThat(request.get("vaeModel").asText()).isEqualTo("mnist-vae");
    assertThat(request.at("/dataset/prefix").asText()).isEqualTo("datasets/mnist/");
    assertThat(request.at("/dataset/format").asText()).isEqualTo("IDX");
    assertThat(request.at("/dataset/imageShape/height").asInt()).isEqualTo(28);
    JsonNode identify = request.get("identify");
    assertThat(identify.get("drawsPerImage").asInt()).isEqualTo(500);
    assertThat(identify.get("maxMistakesPerImage").asInt()).isEqualTo(50);
    assertThat(identify.get("shardSize").asInt()).isEqualTo(25);
    assertThat(identify.get("seed").asLong()).isEqualTo(7);
    assertThat(identify.get("skipMisreconstructed").asBoolean()).isTrue();
    assertThat(identify.at("/selection/kind").asText()).isEqualTo("RANGE");
    assertThat(identify.at("/selection/start").asInt()).isEqualTo(100);
    assertThat(identify.at("/selection/count").asInt()).isEqualTo(2000);
    // left out: the service's defaults apply
    assertThat(identify.has("betaA")).isFalse();
  }

  @Test
  void sampleAndAllSelections() {
    assertThat(request("--classifier", "c", "--vae", "v", "--images", "sample:300").at("/identify/selection/kind")
        .asText()).isEqualTo("SAMPLE");
    assertThat(request("--classifier", "c", "--vae", "v", "--images", "all").at("/identify/selection/kind")
        .asText()).isEqualTo("ALL");
  }

  @Test
  void aSpecFileIsTheBaseAndOptionsOverrideIt(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("job.json");
    Files.writeString(spec, """
        {"classifierModel": "c", "vaeModel": "v",
         "dataset": {"prefix": "datasets/fashion/", "format": "IDX",
                     "imageShape": {"channels": 1, "height": 28, "width": 28}},
         "identify": {"drawsPerImage": 100, "betaA": 2}}""");
    JsonNode request = request("--spec", spec.toString(), "-q", "300");
    assertThat(request.at("/dataset/prefix").asText()).isEqualTo("datasets/fashion/");
    assertThat(request.at("/identify/betaA").asInt()).isEqualTo(2);
    assertThat(request.at("/identify/drawsPerImage").asInt()).isEqualTo(300);
  }

  @Test
  @Tag("bad-input")
  void missingModelsOrABadSelectionAreOneLineErrors() {
    StringWriter err = new StringWriter();
    CommandLine cli = DefuseCli.newCommandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("job", "submit", "--vae", "v", "--url", "http://127.0.0.1:9")).isEqualTo(1);
    assertThat(err.toString()).contains("--classifier and --vae are required");
    err.getBuffer().setLength(0);
    assertThat(cli.execute("job", "submit", "--classifier", "c", "--vae", "v", "--images", "lots")).isEqualTo(1);
    assertThat(err.toString()).contains("--images must be all, START:COUNT or sample:COUNT");
  }

  @Test
  void anUnreachableServiceIsReportedWithTheUrl() {
    StringWriter err = new StringWriter();
    CommandLine cli = DefuseCli.newCommandLine().setErr(new PrintWriter(err));
    assertThat(cli.execute("job", "status", "some-job", "--url", "http://127.0.0.1:9")).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach identify-service at http://127.0.0.1:9");
  }

  @Test
  void statusLinesShowProgressAndEta() throws Exception {
    JsonNode running = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
        {"jobId": "demo", "state": "RUNNING", "shardsDone": 31, "shardsTotal": 80, "imagesProcessed": 770,
         "imagesSkipped": 5, "imagesSelected": 2000, "mistakesKept": 20713, "samplesPerSecond": 1710.2,
         "elapsedSeconds": 225.1, "etaSeconds": 355.9, "failures": []}""");
    assertThat(JobStatusLine.of(running)).isEqualTo(
        "demo  RUNNING    shards 31/80  images 775/2000 (5 skipped)  mistakes 20713  1710 samples/s  ETA 5m56s");
    assertThat(JobStatusLine.finished(running)).isFalse();
  }
}
