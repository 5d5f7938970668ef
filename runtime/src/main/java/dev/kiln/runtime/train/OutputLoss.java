package dev.kiln.runtime.train;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;

/**
 * The loss of one image computed from the network's outputs, in double precision, for evaluation
 * (a backend's inference returns outputs, not the loss). Same definitions as the training losses:
 * softmax cross-entropy from logits (log-sum-exp) or from softmax probabilities; binary
 * cross-entropy from a sigmoid output or a logit (stable form); mean squared error averaged over
 * the output elements.
 */
final class OutputLoss {
    /** The smallest probability a log is taken of, so a confident wrong answer costs a large but finite loss. */
    private static final double MIN_PROBABILITY = 1e-12;

    private final Loss loss;
    private final Activation last;
    private final int size;

    OutputLoss(NetworkSpec spec) {
        this.loss = spec.loss();
        this.last = spec.layers().get(spec.layers().size() - 1).activation();
        this.size = spec.output().intSize();
    }

    /** The loss of the image whose outputs start at {@code outputs[offset]}. */
    double of(float[] outputs, int offset, int label, float[] targets, int targetOffset) {
        return switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> crossEntropy(outputs, offset, label);
            case BINARY_CROSS_ENTROPY -> binaryCrossEntropy(outputs[offset], targets[targetOffset]);
            case MEAN_SQUARED_ERROR -> {
                double sum = 0;
                for (int i = 0; i < size; i++) {
                    double d = outputs[offset + i] - (double) targets[targetOffset + i];
                    sum += d * d;
                }
                yield sum / size;
            }
        };
    }

    private double crossEntropy(float[] outputs, int offset, int label) {
        if (last == Activation.SOFTMAX) {
            return -Math.log(Math.max(outputs[offset + label], MIN_PROBABILITY));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, outputs[offset + i]);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += Math.exp(outputs[offset + i] - max);
        }
        return max + Math.log(sum) - outputs[offset + label];
    }

    private double binaryCrossEntropy(double y, double t) {
        if (last == Activation.SIGMOID) {
            double p = Math.min(Math.max(y, MIN_PROBABILITY), 1 - MIN_PROBABILITY);
            return -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
        }
        // y is a logit: max(y, 0) - y t + log(1 + e^-|y|)
        return Math.max(y, 0) - y * t + Math.log1p(Math.exp(-Math.abs(y)));
    }
}
