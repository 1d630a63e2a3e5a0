package dev.defuse.identify.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * A network run layer by layer, each intermediate array closed as soon as the next layer has consumed it. DJL frees
 * an array only when it is closed or its manager is; running a {@link SequentialBlock} as one block keeps every
 * layer's output alive until the batch's manager closes, about ten times the memory of the largest activation, which
 * also costs time in page faults and cache misses on large batches. The results are the same arrays the block
 * computes.
 */
final class LayerChain {

    /** One layer: array in, array out. */
    interface Layer {
        NDArray forward(NDArray x);
    }

    private final List<Layer> layers;

    LayerChain(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The layers of {@code block}: its children if it is sequential, else the block as one layer. */
    static List<Layer> layersOf(Block block, ParameterStore parameters) {
        List<Layer> layers = new ArrayList<>();
        if (block instanceof SequentialBlock) {
            for (Pair<String, Block> child : block.getChildren()) {
                layers.add(whole(child.getValue(), parameters));
            }
        } else {
            layers.add(whole(block, parameters));
        }
        return layers;
    }

    /** A block run as one layer. */
    static Layer whole(Block block, ParameterStore parameters) {
        return x -> block.forward(parameters, new NDList(x), false).singletonOrThrow();
    }

    /** The output for {@code input}; {@code input} itself is left open. */
    NDArray forward(NDArray input) {
        NDArray x = input;
        for (Layer layer : layers) {
            NDArray y = layer.forward(x);
            if (x != input && y != x) {
                // a view keeps its own reference to the storage, so closing the source is safe
                x.close();
            }
            x = y;
        }
        return x;
    }
}
