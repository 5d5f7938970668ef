package dev.kiln.runtime.train;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;

/** A classifier's outputs as class probabilities, whatever its last layer emits. */
public final class Probabilities {
    private Probabilities() {
    }

    /** The probabilities of one image whose outputs are all of {@code outputs}. */
    public static double[] of(NetworkSpec spec, float[] outputs) {
        double[] probs = new double[spec.loss() == Loss.BINARY_CROSS_ENTROPY ? 2 : outputs.length];
        into(spec, outputs, 0, probs);
        return probs;
    }

    /**
     * Softmax outputs as they are; logits through a (max-shifted) softmax; one sigmoid unit
     * {@code p} (or a logit read through the sigmoid) as {@code {1 - p, p}}. Reads the image's
     * outputs at {@code outputs[offset ..]} and writes its probabilities into {@code probs}
     * (2 for binary cross-entropy, else the output size), allocating nothing.
     */
    public static void into(NetworkSpec spec, float[] outputs, int offset, double[] probs) {
        Activation last = spec.layers().get(spec.layers().size() - 1).activation();
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
            double p = last == Activation.SIGMOID ? outputs[offset] : 1 / (1 + Math.exp(-outputs[offset]));
            probs[0] = 1 - p;
            probs[1] = p;
            return;
        }
        int size = spec.output().intSize();
        if (last == Activation.SOFTMAX) {
            for (int i = 0; i < size; i++) {
                probs[i] = outputs[offset + i];
            }
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, outputs[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            probs[i] = Math.exp(outputs[offset + i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < size; i++) {
            probs[i] /= sum;
        }
    }
}
