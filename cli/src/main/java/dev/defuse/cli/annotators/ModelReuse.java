package dev.defuse.cli.annotators;

import dev.defuse.common.ml.model.ModelArtifact;
import dev.defuse.common.ml.model.ModelRepository;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/** Reuses a model stored under a key-derived id, or trains it; either way it ends up in every repository. */
public final class ModelReuse {

  private ModelReuse() {
  }

  public static ModelArtifact loadOrTrain(List<ModelRepository> repositories, String id, PrintWriter err,
      Supplier<ModelArtifact> train) {
    ModelRepository holder = repositories.stream().filter(r -> r.exists(id)).findFirst().orElse(null);
    ModelArtifact model;
    if (holder != null) {
      err.println("model " + id + ": reusing " + holder.location(id));
      try {
        model = holder.load(id);
      } catch (RuntimeException e) {
        throw new IllegalStateException("model " + id + " at " + holder.location(id) + " exists but cannot be read ("
            + e.getMessage() + "); it may come from an older version: delete it to retrain", e);
      }
    } else {
      model = train.get();
    }
    for (ModelRepository repository : repositories) {
      if (!repository.exists(id)) {
        repository.save(model);
      }
    }
    return model;
  }
}
