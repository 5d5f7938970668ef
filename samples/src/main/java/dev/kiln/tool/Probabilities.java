package dev.kiln.tool;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;

/** A classifier's outputs as class probabilities, whatever its last layer emits. */
final class Probabilities {
    private Probabilities() {
    }

    /**
     * Softmax outputs as they are; logits through a (max-shifted) softmax; one sigmoid unit
     * {@code p} (or a logit read through the sigmoid) as {@code {1 - p, p}}.
     */
    static double[] of(NetworkSpec spec, float[] outputs) {
        Activation last = spec.layers().get(spec.layers().size() - 1).activation();
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
            double p = last == Activation.SIGMOID ? outputs[0] : 1 / (1 + Math.exp(-outputs[0]));
            return new double[] {1 - p, p};
        }
        double[] probs = new double[outputs.length];
        if (last == Activation.SOFTMAX) {
            for (int i = 0; i < probs.length; i++) {
                probs[i] = outputs[i];
            }
            return probs;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : outputs) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < probs.length; i++) {
            probs[i] = Math.exp(outputs[i] - max);
            sum += probs[i];
        }
        for (int i = 0; i < probs.length; i++) {
            probs[i] /= sum;
        }
        return probs;
    }
}
