package dev.kiln.tool;

import dev.kiln.interop.WeightFiles;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.io.Checkpoints;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The mixin of verbs that read trained weights: {@code --weights FILE}, required: a safetensors
 * checkpoint, or Keras HDF5 weights (told apart by the file's first bytes) matched to the
 * network's layers by name or, with {@code --keras-order}, in order. {@link #open} puts them on a
 * backend as a {@link TrainedModel}.
 */
final class WeightsOption {
    @Option(names = "--weights", paramLabel = "FILE", required = true,
            description = "a safetensors file written by kiln train, e.g. runs/LeNet5/best.safetensors, or Keras "
                    + ".h5 / .weights.h5 weights")
    Path file;

    @Option(names = "--keras-order", description = "with Keras weights: pair the Keras layers that hold weights with "
            + "this network's conv and dense layers in order, instead of by name")
    boolean kerasOrder;

    private Checkpoints.Loaded loaded;

    /**
     * The file's metadata: class names, resize mode and normalisation of the training data, when
     * recorded; empty for Keras weights, which record none of them.
     */
    Map<String, String> metadata() {
        if (Files.isRegularFile(file) && WeightFiles.isHdf5(file)) {
            return Map.of();
        }
        return Checkpoints.metadata(file);
    }

    /** The parameters and running statistics in the file, checked against the network (read once). */
    Checkpoints.Loaded load(KilnModel model) {
        if (loaded != null) {
            return loaded;
        }
        if (!Files.isRegularFile(file)) {
            String name = model.spec().simpleName();
            throw new KilnException("--weights " + file + ": no such file. Train first: ./kiln train " + name + " --out runs/"
                    + name + ", then pass --weights runs/" + name + "/best.safetensors");
        }
        loaded = WeightFiles.loadAll(file, model.spec(), kerasOrder);
        return loaded;
    }

    /**
     * The weights on the backend {@code backends} choose (opened for inference), with the checkpoint's
     * class names, and its resize mode and normalisation unless {@code --resize} or {@code --normalize}
     * say otherwise.
     */
    TrainedModel open(KilnModel model, BackendOptions backends, DataOptions options, PrintStream log) {
        Checkpoints.Loaded weights = load(model);
        Map<String, String> metadata = metadata();
        return TrainedModel.on(backends.openForInference(model, log), weights, metadata)
                .withPreprocessing(options.resize(), options.normalize());
    }
}
