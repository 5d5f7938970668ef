package dev.kiln.runtime.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;

/**
 * The reference's argument checks: what a spec must satisfy for its loss to be defined, and what
 * each call's arrays must hold. Messages name the element, the rule and the numbers.
 */
final class ReferenceChecks {
    private ReferenceChecks() {
    }

    /** Rejects specs whose loss is undefined for their last layer, bad dropout rates and pooling windows that lie wholly in padding. */
    static void check(NetworkSpec spec) {
        LayerSpec last = spec.layers().get(spec.layers().size() - 1);
        Activation a = last.activation();
        switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> {
                if (a != Activation.NONE && a != Activation.SOFTMAX) {
                    throw new IllegalArgumentException(spec.simpleName() + "." + last.name() + ": softmax cross-entropy"
                            + " reads logits (NONE) or probabilities (SOFTMAX), but the last activation is " + a);
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                if (a != Activation.NONE && a != Activation.SIGMOID) {
                    throw new IllegalArgumentException(spec.simpleName() + "." + last.name() + ": binary cross-entropy"
                            + " reads a logit (NONE) or a probability (SIGMOID), but the last activation is " + a);
                }
                if (last.output().size() != 1) {
                    throw new IllegalArgumentException(spec.simpleName() + "." + last.name() + ": binary cross-entropy"
                            + " needs one output unit, but the last layer produces " + last.output());
                }
            }
            case MEAN_SQUARED_ERROR -> {
            }
        }
        for (LayerSpec layer : spec.layers()) {
            if (layer.kind() == LayerKind.DROPOUT && !(layer.rate() >= 0 && layer.rate() < 1)) {
                throw new IllegalArgumentException(spec.simpleName() + "." + layer.name() + ": a dropout rate must be in"
                        + " [0, 1), but it is " + layer.rate());
            }
            if (layer.kind().isPooling()) {
                String empty = ReferencePool.emptyWindow(layer);
                if (empty != null) {
                    throw new IllegalArgumentException(spec.simpleName() + "." + layer.name() + ": the pooling window of "
                            + empty + " lies entirely in the padding (kernel " + layer.window().kernelText()
                            + ", padding " + layer.window().padTop() + "/" + layer.window().padLeft()
                            + "); padding must be at most half the kernel");
                }
            }
        }
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
