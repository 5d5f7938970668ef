package dev.kiln.tool;

import dev.kiln.interop.WeightFiles;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.io.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The mixin of verbs that read trained weights: {@code --weights FILE}, required: a safetensors
 * checkpoint, or Keras HDF5 weights (told apart by the file's first bytes) matched to the
 * network's layers by name or, with {@code --keras-order}, in order.
 */
final class WeightsOption {
    @Option(names = "--weights", paramLabel = "FILE", required = true,
            description = "a safetensors file written by kiln train, e.g. runs/LeNet5/best.safetensors, or Keras "
                    + ".h5 / .weights.h5 weights")
    Path file;

    @Option(names = "--keras-order", description = "with Keras weights: pair the Keras layers that hold weights with "
            + "this network's conv and dense layers in order, instead of by name")
    boolean kerasOrder;

    /**
     * The file's metadata: class names, resize mode and normalisation of the training data, when
     * recorded; empty for Keras weights, which record none of them.
     */
    java.util.Map<String, String> metadata() {
        if (Files.isRegularFile(file) && WeightFiles.isHdf5(file)) {
            return java.util.Map.of();
        }
        return Checkpoints.metadata(file);
    }

    /** The parameters and running statistics in the file, checked against the network. */
    Checkpoints.Loaded load(KilnModel model) {
        if (!Files.isRegularFile(file)) {
            String name = model.spec().simpleName();
            throw new KilnException("--weights " + file + ": no such file. Train first: ./kiln train " + name + " --out runs/"
                    + name + ", then pass --weights runs/" + name + "/best.safetensors");
        }
        return WeightFiles.loadAll(file, model.spec(), kerasOrder);
    }
}
