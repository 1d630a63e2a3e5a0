package dev.defuse.distill.ml;

import dev.defuse.common.store.ObjectKeys;
import dev.defuse.common.util.Require;

/**
 * Turns a job spec's model key into a model id of the model repository. A spec names a model by an object key
 * inside its folder ({@code models/mnist-vae/params.bin} or {@code .../manifest.json}), by its folder
 * ({@code models/mnist-vae}) or by its bare id ({@code mnist-vae}); all name model {@code mnist-vae}.
 */
public final class ModelIds {

  private ModelIds() {}

  public static String fromKey(String key) {
    Require.nonBlank(key, "model key");
    String rest = key.startsWith(ObjectKeys.MODELS) ? key.substring(ObjectKeys.MODELS.length()) : key;
    String[] parts = rest.split("/");
    boolean fileInFolder = parts.length == 2
        && (parts[1].equals(ObjectKeys.MODEL_PARAMS) || parts[1].equals(ObjectKeys.MODEL_MANIFEST));
    Require.check(parts.length == 1 || fileInFolder, "model key '" + key + "' names no model: expected "
        + ObjectKeys.MODELS + "{modelId}/" + ObjectKeys.MODEL_PARAMS + ", " + ObjectKeys.MODELS + "{modelId} or {modelId}");
    return Require.jobId(parts[0], "model id in '" + key + "'");
  }
}
