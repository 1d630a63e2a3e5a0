package dev.defuse.common.ml.arch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A network of the paper's appendix B with its parameters. A stored model names its architecture (the JSON
 * {@code name}) and parameters in its manifest, and loading rebuilds exactly this block before reading weights.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "name")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClassifierArchitecture.class, name = ClassifierArchitecture.NAME),
    @JsonSubTypes.Type(value = VaeArchitecture.class, name = VaeArchitecture.NAME),
})
public sealed interface ModelArchitecture permits ClassifierArchitecture, VaeArchitecture {

    /** Classifier or VAE. */
    @JsonIgnore
    ModelKind kind();

    /** The stable architecture name written to manifests. */
    @JsonIgnore
    String architectureName();

    /** The images the model takes. */
    ImageInput input();

    /** A new, uninitialised block of this architecture. */
    Block newBlock();

    /** Input shape for {@code Block.initialize}. */
    default Shape initShape() {
        return input().batchShape(1);
    }
}
