package dev.defuse.cli.annotators;

import dev.defuse.common.data.LabeledImages;
import dev.defuse.common.events.ClassInfo;
import dev.defuse.common.ml.arch.ClassifierArchitecture;
import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelRepository;
import dev.defuse.common.ml.train.ClassifierTrainer;
import dev.defuse.common.ml.train.ClassifierTrainingConfig;
import dev.defuse.common.ml.train.ImageAugmentation;
import dev.defuse.common.ml.train.ProgressListener;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains (or reuses) the oracle ensemble on the <em>training</em> split only, never the test split. Members differ
 * from the base classifier in seed (from {@link Settings#firstSeed()}, far from the base's default seed 1), epochs
 * and training data: every batch is distorted ({@link ImageAugmentation#HUMAN_LIKE}: tilted, scaled, shifted,
 * blurred), so the oracle reads digits the way a person does — a softer or slanted digit is still that digit —
 * instead of sharing the base classifier's blind spots, which an ensemble of identical recipes does. Model ids are keyed by the data fingerprint and the settings, so the same data and settings reuse the
 * stored members.
 *
 * @see Oracle
 */
public final class OracleTrainer {

  /**
   * @param members   classifiers in the ensemble
   * @param epochs    epochs per member
   * @param firstSeed seed of the first member; member i uses {@code firstSeed + i}
   */
  public record Settings(int members, int epochs, long firstSeed) {
    public static final int DEFAULT_MEMBERS = 3;
    public static final int DEFAULT_EPOCHS = 10;
    public static final long DEFAULT_FIRST_SEED = 1001;

    public Settings {
      if (members < 1) {
        throw new IllegalArgumentException("the oracle needs at least one member, got " + members);
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("oracle epochs must be positive, got " + epochs);
      }
    }
  }

  private final PrintWriter err;
  private final ProgressListener listener;

  public OracleTrainer(PrintWriter err, ProgressListener listener) {
    this.err = err;
    this.listener = listener;
  }

  /** The member ids for this data and these settings. */
  public static List<String> memberIds(LabeledImages train, Settings settings) {
    String data = shortFingerprint(train.fingerprint());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < settings.members(); i++) {
      ids.add(String.format(Locale.ROOT, "oracle-%s-e%d-aug-s%d", data, settings.epochs(), settings.firstSeed() + i));
    }
    return ids;
  }

  /**
   * The oracle's members: loaded from the first of {@code repositories} that holds them, else trained on {@code train}, evaluated on
   * {@code test} (when given, for the record only) and stored in all of them.
   */
  public List<ModelArtifact> trainOrLoad(LabeledImages train, LabeledImages test, Settings settings,
      List<ModelRepository> repositories) {
    List<String> ids = memberIds(train, settings);
    List<ModelArtifact> members = new ArrayList<>();
    int classes = train.classes().stream().mapToInt(ClassInfo::id).max().orElse(0) + 1;
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      int seedOffset = i;
      members.add(ModelReuse.loadOrTrain(repositories, id, err, () -> train(id, train, test, settings, seedOffset,
          classes)));
    }
    return members;
  }

  private ModelArtifact train(String id, LabeledImages train, LabeledImages test, Settings settings, int member,
      int classes) {
    ClassifierTrainingConfig config = ClassifierTrainingConfig.defaults().withEpochs(settings.epochs())
        .withSeed(settings.firstSeed() + member).withAugmentation(ImageAugmentation.HUMAN_LIKE);
    err.println("oracle member " + id + ": training " + config);
    ClassifierArchitecture architecture = ClassifierArchitecture.paper(train.channels(), train.height(), classes);
    ModelArtifact model = new ClassifierTrainer(listener).train(id, architecture, train, config).model();
    if (test != null) {
      try (Oracle single = new Oracle(List.of(model))) {
        model = model.withManifest(model.manifest().withMetrics(
            java.util.Map.of("test_accuracy", single.accuracy(test))));
      }
    }
    return model;
  }

  static String shortFingerprint(String fingerprint) {
    String hex = fingerprint.substring(fingerprint.indexOf(':') + 1).replaceAll("[^0-9a-fA-F]", "");
    return hex.substring(0, Math.min(12, hex.length())).toLowerCase(Locale.ROOT);
  }
}
