package dev.defuse.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.cli.DefuseCli;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./defuse train classifier|vae} end to end on a few hundred MNIST images, stored in a local folder. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainCommandsTest {

    private static final String MNIST = Path.of("..", "datasets", "mnist").toString();

    @TempDir
    static Path models;

    @Test
    @Order(1)
    void trainsAClassifierAndReportsItsTestAccuracy() throws Exception {
        Run run = run("train", "classifier", "--data", MNIST, "--limit", "300", "--test-limit", "200",
                "--epochs", "2", "--store", "local", "--output", models.toString(), "--model-id", "cli-classifier",
                "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode result = new ObjectMapper().readTree(run.stdout());
        assertThat(result.get("modelId").asText()).isEqualTo("cli-classifier");
        assertThat(result.get("locations").get(0).asText()).isEqualTo(models.resolve("cli-classifier").toString());
        double testAccuracy = result.at("/manifest/metrics/test_accuracy").asDouble();
        assertThat(testAccuracy).isBetween(0.3, 1.0);
        assertThat(result.at("/manifest/architecture/name").asText()).isEqualTo("defuse-classifier-v1");
        assertThat(result.at("/manifest/training/epochs").size()).isEqualTo(2);
        assertThat(models.resolve("cli-classifier").resolve("params.bin")).exists();
        assertThat(run.stderr()).contains("epoch 2/2 done");
    }

    @Test
    @Order(2)
    void trainsAVaeMeasuresItWithTheClassifierAndDrawsReconstructions() throws Exception {
        Path grid = models.resolve("grid.png");
        Run run = run("train", "vae", "--data", MNIST, "--limit", "300", "--test-limit", "100", "--epochs", "1",
                "--store", "local", "--output", models.toString(), "--model-id", "cli-vae",
                "--classifier", "cli-classifier", "--grid", grid.toString(), "--kl-anneal-steps", "0");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("model cli-vae")
                .contains("active latent dimensions")
                .contains("classifier cli-classifier accuracy on reconstructions");
        BufferedImage png = ImageIO.read(grid.toFile());
        // 2 rows of 16 test images, each row of originals above its reconstructions, 28 px × 2, 1 px gaps
        assertThat(png.getWidth()).isEqualTo(16 * 57 - 1);
        assertThat(png.getHeight()).isEqualTo(4 * 57 - 1);
        JsonNode manifest = new ObjectMapper().readTree(models.resolve("cli-vae").resolve("manifest.json").toFile());
        assertThat(manifest.at("/vaeQuality/testImages").asInt()).isEqualTo(100);
        assertThat(manifest.at("/vaeQuality/reconstructionAccuracy").isNumber()).isTrue();
        assertThat(manifest.at("/metrics/active_latent_dims").isNumber()).isTrue();
    }

    @Test
    @Order(3)
    void reEvaluatesAStoredVaeAgainstAClassifier() throws Exception {
        Path grid = models.resolve("again.png");
        Run run = run("train", "evaluate-vae", "--data", MNIST, "--test-limit", "64", "--store", "local",
                "--output", models.toString(), "--vae", "cli-vae", "--classifier", "cli-classifier",
                "--grid", grid.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("accuracy on reconstructions").contains("updated " + models.resolve("cli-vae"));
        assertThat(grid).exists();
        JsonNode manifest = new ObjectMapper().readTree(models.resolve("cli-vae").resolve("manifest.json").toFile());
        assertThat(manifest.at("/vaeQuality/testImages").asInt()).isEqualTo(64);

        Run notAVae = run("train", "evaluate-vae", "--data", MNIST, "--store", "local", "--output", models.toString(),
                "--vae", "cli-classifier");
        assertThat(notAVae.exitCode()).isEqualTo(1);
        assertThat(notAVae.stderr()).contains("model cli-classifier is a classifier, not a vae");
    }

    @Test
    @Order(4)
    void aMissingClassifierIsAClearErrorBeforeTraining() {
        Run run = run("train", "vae", "--data", MNIST, "--limit", "50", "--store", "local",
                "--output", models.toString(), "--classifier", "no-such-model");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("error: model 'no-such-model' not found");
        assertThat(run.stderr()).doesNotContain("epoch 1/");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DefuseCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
