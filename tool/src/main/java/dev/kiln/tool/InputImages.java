package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.data.Dataset;
import java.nio.file.Path;

/** One network input: image {@code N} of a dataset, or a picture file prepared as the training pictures were. */
final class InputImages {
    private InputImages() {
    }

    /** Image {@code index} of {@code data}, {@code (C, H, W)} floats. */
    static float[] fromDataset(Dataset data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new KilnException("--index " + index + " is outside " + data.name() + ", which holds images 0 to "
                    + (data.size() - 1));
        }
        return data.image(index);
    }

    /** {@code --image FILE} as {@code trained} takes it ({@link TrainedModel#input(Path, boolean)}); errors name the option. */
    static float[] fromFile(TrainedModel trained, Path file, boolean invert) {
        try {
            return trained.input(file, invert);
        } catch (KilnException e) {
            throw new KilnException("--image " + e.getMessage(), e);
        }
    }
}
