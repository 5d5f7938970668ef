package dev.kiln.runtime.train;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.backend.BatchChecks;
import dev.kiln.runtime.backend.InvalidInputException;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;

/**
 * What a layer sees: the output of a named layer (after its activation, at inference) for one
 * image, as {@code [channel][row][column]}, for pictures of feature maps. A vector output
 * {@code (n)} comes back as {@code n} maps of 1x1.
 */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    /** Layer {@code layerName}'s output for {@code image} ({@code C x H x W} floats of the network's input shape). */
    public static float[][][] of(Backend backend, String layerName, float[] image) {
        NetworkSpec spec = backend.spec();
        int index;
        try {
            index = spec.layerIndex(layerName);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        return of(backend, index, image);
    }

    /**
     * Layer {@code layerIndex}'s output for {@code image}. The backend's plan is left as it is (a
     * batch of one fits any plan), so a trainer's buffers are not re-planned for a picture.
     */
    public static float[][][] of(Backend backend, int layerIndex, float[] image) {
        NetworkSpec spec = backend.spec();
        BatchChecks.checkLayer(spec, layerIndex);
        if (image == null || image.length != spec.input().intSize()) {
            throw new InvalidInputException(spec.simpleName() + " takes one image of " + spec.input() + " ("
                    + spec.input().intSize() + " floats), but " + (image == null ? "null" : image.length + " floats")
                    + " were given");
        }
        Shape shape = spec.layers().get(layerIndex).output();
        float[] flat = new float[shape.intSize()];
        backend.layerOutput(layerIndex, image, 1, flat);
        float[][][] maps = new float[shape.channels()][shape.height()][shape.width()];
        int i = 0;
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < shape.height(); y++) {
                System.arraycopy(flat, i, maps[c][y], 0, shape.width());
                i += shape.width();
            }
        }
        return maps;
    }
}
