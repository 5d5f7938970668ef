package dev.kiln.reference;

import dev.kiln.dsl.Loss;
import dev.kiln.spec.LossCompatibility;
import dev.kiln.spec.NetworkSpec;

/**
 * The reference's argument checks: what a spec must satisfy for its loss to be defined, and what
 * each call's arrays must hold. Messages name the element, the rule and the numbers.
 */
final class ReferenceChecks {
    private ReferenceChecks() {
    }

    /**
     * Rejects specs whose loss is undefined for their last layer. (A dropout rate outside [0, 1) and a
     * pooling window wholly in the padding cannot be built: the op records refuse them.)
     */
    static void check(NetworkSpec spec) {
        LossCompatibility.requireComputable(spec);
    }

    static void forwardArguments(NetworkSpec spec, double[] params, double[] input, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException(spec.simpleName() + ": a batch needs at least 1 image, not " + batch);
        }
        if (params.length != spec.parameterCount()) {
            throw new IllegalArgumentException(spec.simpleName() + ": expected " + spec.parameterCount()
                    + " parameters, got " + params.length);
        }
        long needed = batch * spec.input().size();
        if (input.length < needed) {
            throw new IllegalArgumentException(spec.simpleName() + ": a batch of " + batch + " images of "
                    + spec.input() + " needs " + needed + " input values, got " + input.length);
        }
    }

    /**
     * The targets the loss reads, after checking them: the labels for softmax cross-entropy (each
     * within the classes), the targets (or, for binary cross-entropy, the labels as 0/1 targets) otherwise.
     */
    static double[] targets(NetworkSpec spec, int[] labels, double[] targets, int batch) {
        int size = spec.output().intSize();
        Loss loss = spec.loss();
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            if (labels == null || labels.length < batch) {
                throw new IllegalArgumentException(spec.simpleName() + ": softmax cross-entropy needs " + batch
                        + " labels, got " + (labels == null ? "none" : labels.length));
            }
            // each image
            for (int n = 0; n < batch; n++) {
                if (labels[n] < 0 || labels[n] >= size) {
                    throw new IllegalArgumentException(spec.simpleName() + ": label " + labels[n] + " of image " + n
                            + " is outside the " + size + " classes [0, " + (size - 1) + "]");
                }
            }
            return null;
        }
        if (targets != null) {
            if (targets.length < (long) batch * size) {
                throw new IllegalArgumentException(spec.simpleName() + ": " + loss + " needs " + batch + " x " + size
                        + " targets, got " + targets.length);
            }
            return targets;
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY && labels != null && labels.length >= batch) {
            double[] t = new double[batch];
            // each image
            for (int n = 0; n < batch; n++) {
                if (labels[n] != 0 && labels[n] != 1) {
                    throw new IllegalArgumentException(spec.simpleName() + ": binary cross-entropy needs labels 0 or 1,"
                            + " but image " + n + " has " + labels[n]);
                }
                t[n] = labels[n];
            }
            return t;
        }
        throw new IllegalArgumentException(spec.simpleName() + ": " + loss + " needs " + batch + " x " + size
                + " targets, got none");
    }
}
