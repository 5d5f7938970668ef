package dev.kiln.tool;

import dev.kiln.runtime.Prediction;
import dev.kiln.spec.NetworkSpec;

/** A classifier's outputs as class probabilities, whatever its last layer emits ({@link Prediction#probabilities}). */
final class Probabilities {
    private Probabilities() {
    }

    static double[] of(NetworkSpec spec, float[] outputs) {
        return Prediction.probabilities(spec, outputs);
    }
}
