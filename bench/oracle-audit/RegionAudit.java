import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defuse.cli.annotators.Oracle;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.store.FloatTensor;
import dev.defuse.common.store.TensorCodec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How often an oracle would disagree with the classifier on the review images of a finished job's regions, without
 * annotator noise: per region, the items whose oracle top class differs from the classifier's prediction (items whose
 * top probability is below 0.5 count as "unsure" and are left out, as a "none of the above" would be), and whether
 * more than half of the rest disagree (a misclassification region by the paper's rule, ρ = 0.5).
 *
 * <p>Reads the job straight from S3Proxy's filesystem store of a stopped local stack (the demo's
 * {@code .defuse/demo/stack/s3/defuse}). Run from the repository root after building the CLI:
 *
 * <pre>
 * java -cp "cli/target/defuse-cli.jar:cli/target/lib/*" bench/oracle-audit/RegionAudit.java \
 *   .defuse/demo/stack/s3/defuse JOB_ID .defuse/models ORACLE_ID[,ORACLE_ID...]
 * </pre>
 */
public class RegionAudit {

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: RegionAudit BUCKET_DIR JOB_ID MODELS_DIR ORACLE_ID[,ORACLE_ID...]");
      System.exit(2);
    }
    Path bucket = Path.of(args[0]);
    String job = args[1];
    ModelRepository repository = ModelRepository.directory(Path.of(args[2]));
    List<ModelArtifact> members = new ArrayList<>();
    for (String id : args[3].split(",")) {
      members.add(repository.load(id));
    }
    ObjectMapper json = new ObjectMapper();
    int regions = 0;
    int misclassification = 0;
    try (Oracle oracle = new Oracle(members)) {
      List<Path> files;
      try (var listing = Files.list(bucket.resolve("jobs/" + job + "/distill/regions"))) {
        files = listing.sorted().toList();
      }
      for (Path file : files) {
        JsonNode region = json.readTree(file.toFile());
        String key = region.path("sets").path("review").path("images").path("key").asText();
        FloatTensor images = read(bucket.resolve(key));
        FloatTensor predictions = read(bucket.resolve(key.replace(".dft", "-predictions.dft")));
        int n = images.dim(0);
        double[][] p = oracle.probabilities(images.data(), n);
        int disagree = 0;
        int unsure = 0;
        int[] oracleVotes = new int[oracle.numClasses()];
        int[] classifierVotes = new int[oracle.numClasses()];
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int c = 1; c < p[i].length; c++) {
            best = p[i][c] > p[i][best] ? c : best;
          }
          int predicted = (int) predictions.data()[i];
          classifierVotes[predicted]++;
          oracleVotes[best]++;
          if (p[i][best] < 0.5) {
            unsure++;
          } else if (best != predicted) {
            disagree++;
          }
        }
        boolean mis = n - unsure > 0 && disagree > 0.5 * (n - unsure);
        regions++;
        misclassification += mis ? 1 : 0;
        System.out.printf("region %s: disagree %d/%d (unsure %d)%s  classifier %s  oracle %s%n",
            region.path("regionId"), disagree, n, unsure, mis ? " MISCLASSIFICATION" : "",
            Arrays.toString(classifierVotes), Arrays.toString(oracleVotes));
      }
    }
    System.out.println("misclassification regions (oracle top class, no annotator noise): " + misclassification
        + " / " + regions);
  }

  private static FloatTensor read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return TensorCodec.decode(in, path.toString(), Files.size(path));
    }
  }
}
