package dev.kiln.runtime.train;

import dev.kiln.runtime.backend.InvalidInputException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;

/**
 * Checks a whole dataset against a network once, before training or evaluation starts: the image
 * shape, finite pixels, labels in range. A failure names the dataset, the image and the value.
 */
final class DatasetChecks {
    private DatasetChecks() {
    }

    /** @param labelBound labels must lie in {@code [0, labelBound)} */
    static void check(NetworkSpec spec, Dataset data, int labelBound) {
        Shape in = spec.input();
        Shape s = data.shape();
        if (s.channels() != in.channels() || s.height() != in.height() || s.width() != in.width()) {
            throw new InvalidInputException(spec.simpleName() + " takes images of " + in + ", but " + data.name()
                    + " holds images of " + s);
        }
        if (data.size() == 0) {
            throw new InvalidInputException(data.name() + " holds no images; " + spec.simpleName() + " needs at least one");
        }
        // Bytes scaled and standardised by a checked normalisation are finite by construction.
        float[] images = data.keepsBytes() ? new float[0] : data.images();
        int size = in.intSize();
        for (int i = 0; i < images.length; i++) {
            float v = images[i];
            if (v - v != 0) {
                throw new InvalidInputException(data.name() + ": image " + i / size + " has " + v + " at pixel "
                        + i % size + "; inputs must be finite");
            }
        }
        int[] labels = data.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= labelBound) {
                throw new InvalidInputException(data.name() + ": label " + labels[i] + " of image " + i
                        + " is outside the class range [0, " + labelBound + ")");
            }
        }
    }
}
