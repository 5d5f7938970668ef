package dev.kiln.tool;

import dev.kiln.spec.NetworkSpec;

/** A classifier's outputs as class probabilities: {@link dev.kiln.runtime.train.Probabilities}, shared with the Spark module. */
final class Probabilities {
    private Probabilities() {
    }

    static double[] of(NetworkSpec spec, float[] outputs) {
        return dev.kiln.runtime.train.Probabilities.of(spec, outputs);
    }
}
