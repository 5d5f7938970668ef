package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.io.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The mixin of verbs that read trained weights: {@code --weights FILE}, required. */
final class WeightsOption {
    @Option(names = "--weights", paramLabel = "FILE", required = true,
            description = "a safetensors file written by kiln train, e.g. runs/LeNet5/best.safetensors")
    Path file;

    /** The file's metadata: class names, resize mode and normalisation of the training data, when recorded. */
    java.util.Map<String, String> metadata() {
        return Checkpoints.metadata(file);
    }

    /** The parameters in the file, checked against the network. */
    float[] load(KilnModel model) {
        if (!Files.isRegularFile(file)) {
            String name = model.spec().simpleName();
            throw new KilnException("--weights " + file + ": no such file. Train first: ./kiln train " + name + " --out runs/"
                    + name + ", then pass --weights runs/" + name + "/best.safetensors");
        }
        return Checkpoints.load(file, model.spec());
    }
}
