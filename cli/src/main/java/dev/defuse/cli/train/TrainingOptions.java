package dev.defuse.cli.train;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Options every training command has. */
public final class TrainingOptions {

  static final int DEFAULT_BATCH_SIZE = 64;
  static final double DEFAULT_VALIDATION_FRACTION = 0.1;
  static final long DEFAULT_SEED = 1;

  @Option(names = "--model-id", paramLabel = "ID", description = "Id of the new model (default <kind>-<time>).")
  String modelId;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 20).")
  Integer epochs;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + DEFAULT_BATCH_SIZE,
      description = "Images per optimizer step (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "" + DEFAULT_VALIDATION_FRACTION,
      description = "Share of the training images held out (seeded) to pick the best epoch (default ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED,
      description = "Seed of the split, the shuffles, the initial weights and any noise (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  int epochsOr(int defaultEpochs) {
    return epochs != null ? epochs : defaultEpochs;
  }

  /** The given id, else {@code <kind>-<yyyyMMdd-HHmmss>}. */
  String modelIdOr(String kind) {
    return modelId != null ? modelId
        : kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }
}
