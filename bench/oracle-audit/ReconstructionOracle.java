import dev.defuse.cli.annotators.Oracle;
import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.data.MnistDataset;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.infer.VaeRunner;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ImageAugmentation;
import dev.defuse.common.ml.train.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An oracle variant for the audit ({@link RegionAudit}): three members (seeds 1001–1003) trained with
 * {@code ImageAugmentation.HUMAN_LIKE} on the MNIST training split <em>plus its β-VAE reconstructions</em> (same
 * labels), so that the oracle has seen what decoded images look like — as a person shown decoded images would get
 * used to their softness — without ever seeing a perturbed code. Prints the ensemble's test accuracy on the test split
 * and on the test split's reconstructions. Members are stored as {@code oracle-TAG-s100x} in MODELS_DIR (reused when
 * present); audit them with {@code RegionAudit ... oracle-TAG-s1001,oracle-TAG-s1002,oracle-TAG-s1003}.
 *
 * <pre>
 * java -cp "cli/target/defuse-cli.jar:cli/target/lib/*" bench/oracle-audit/ReconstructionOracle.java \
 *   .defuse/models VAE_ID EPOCHS TAG
 * </pre>
 */
public class ReconstructionOracle {

  private static final int MEMBERS = 3;
  private static final long FIRST_SEED = 1001;

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ReconstructionOracle MODELS_DIR VAE_ID EPOCHS TAG");
      System.exit(2);
    }
    ModelRepository repository = ModelRepository.directory(Path.of(args[0]));
    ModelArtifact vae = repository.load(args[1]);
    int epochs = Integer.parseInt(args[2]);
    String tag = args[3];
    LabeledImages train = MnistDataset.train(Path.of(MnistDataset.DEFAULT_DIRECTORY));
    LabeledImages test = MnistDataset.test(Path.of(MnistDataset.DEFAULT_DIRECTORY));
    LabeledImages withReconstructions = train.concat(reconstructions(vae, train));
    List<ModelArtifact> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      String id = "oracle-" + tag + "-s" + (FIRST_SEED + i);
      if (repository.exists(id)) {
        members.add(repository.load(id));
        continue;
      }
      ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(epochs)
          .withSeed(FIRST_SEED + i).withAugmentation(ImageAugmentation.HUMAN_LIKE);
      ModelArtifact member = new ClassifierTrainer(ProgressListener.silent()).train(id,
          ClassifierArchitecture.paper(train.channels(), train.height(), 10), withReconstructions, config).model();
      repository.save(member);
      members.add(member);
      System.out.println("trained " + id);
    }
    try (Oracle oracle = new Oracle(members)) {
      System.out.printf("test accuracy %.4f, on the test split's reconstructions %.4f%n", oracle.accuracy(test),
          oracle.accuracy(reconstructions(vae, test)));
    }
  }

  private static LabeledImages reconstructions(ModelArtifact vae, LabeledImages images) {
    try (VaeRunner runner = VaeRunner.open(vae)) {
      return new LabeledImages(images.shape(), runner.reconstruct(images.pixels(), images.size()), images.labels(),
          images.classes());
    }
  }
}
