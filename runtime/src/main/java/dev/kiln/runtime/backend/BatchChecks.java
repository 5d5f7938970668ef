package dev.kiln.runtime.backend;

import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.util.Locale;

/**
 * Run-time validation of what a caller hands a backend, done before any work (issue 7): the batch
 * size, the input length, NaN or infinite pixels, labels outside the class range, targets of the
 * wrong length or out of range. Each failure is an {@link InvalidInputException} naming the
 * network, what was expected and what was found. Nothing here allocates unless it throws.
 */
public final class BatchChecks {
    private BatchChecks() {
    }

    /** A batch of at least one image, and at most {@code maxBatch} when {@code maxBatch > 0}. */
    public static void checkBatch(NetworkSpec spec, int batch, int maxBatch) {
        if (batch < 1) {
            throw new InvalidInputException(spec.simpleName() + ": a batch holds at least 1 image, but the batch size is " + batch);
        }
        if (maxBatch > 0 && batch > maxBatch) {
            throw new InvalidInputException(spec.simpleName() + ": a batch of " + batch + " images is larger than the "
                    + maxBatch + " the backend was planned for; call plan(" + batch + ") first");
        }
    }

    /** {@code input} holds {@code batch} images of the network's input shape, every pixel finite. */
    public static void checkInput(NetworkSpec spec, float[] input, int batch) {
        Shape shape = spec.input();
        long needed = (long) batch * shape.size();
        if (input == null) {
            throw new InvalidInputException(spec.simpleName() + ": the input is null; expected " + count(needed)
                    + " floats (" + batch + " images of " + shape + ")");
        }
        if (input.length < needed) {
            throw new InvalidInputException(spec.simpleName() + ": the input holds " + count(input.length)
                    + " floats, but a batch of " + batch + " images of " + shape + " needs " + count(needed));
        }
        int n = (int) needed;
        for (int i = 0; i < n; i++) {
            float v = input[i];
            if (v - v != 0) { // true for NaN and both infinities, one compare on the hot path
                throw new InvalidInputException(spec.simpleName() + ": image " + i / shape.intSize() + " of the batch has "
                        + v + " at " + position(shape, i % shape.intSize()) + "; inputs must be finite");
            }
        }
    }

    /** For softmax cross-entropy: {@code batch} labels, each a class index in {@code [0, output units)}. */
    public static void checkLabels(NetworkSpec spec, int[] labels, int batch) {
        if (spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            return;
        }
        int classes = spec.output().intSize();
        if (labels == null || labels.length < batch) {
            throw new InvalidInputException(spec.simpleName() + ": " + spec.loss() + " needs " + batch
                    + " labels (class indices), but " + (labels == null ? "labels is null" : "only " + labels.length + " were given"));
        }
        for (int i = 0; i < batch; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(spec.simpleName() + ": label " + labels[i] + " of image " + i
                        + " is outside the class range [0, " + classes + ") of the " + classes + "-unit output");
            }
        }
    }

    /**
     * For binary cross-entropy and mean squared error: {@code batch x outputSize} finite targets,
     * each 0 or 1 (or in between) for binary cross-entropy.
     */
    public static void checkTargets(NetworkSpec spec, float[] targets, int batch) {
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            return;
        }
        Shape out = spec.output();
        long needed = (long) batch * out.size();
        if (targets == null || targets.length < needed) {
            throw new InvalidInputException(spec.simpleName() + ": " + spec.loss() + " needs " + count(needed)
                    + " targets (" + batch + " x " + out + "), but "
                    + (targets == null ? "targets is null" : "only " + count(targets.length) + " were given"));
        }
        boolean binary = spec.loss() == Loss.BINARY_CROSS_ENTROPY;
        int n = (int) needed;
        for (int i = 0; i < n; i++) {
            float t = targets[i];
            if (t - t != 0 || binary && (t < 0 || t > 1)) {
                throw new InvalidInputException(spec.simpleName() + ": target " + t + " of image " + i / out.intSize()
                        + (binary ? " is outside [0, 1]; binary cross-entropy takes 0/1 targets" : " is not finite"));
            }
        }
    }

    /** An output buffer, when given, holds {@code batch x elementsPerImage} floats. */
    public static void checkOutputs(NetworkSpec spec, String what, float[] outputs, int batch, int elementsPerImage) {
        long needed = (long) batch * elementsPerImage;
        if (outputs == null || outputs.length < needed) {
            throw new InvalidInputException(spec.simpleName() + ": the " + what + " buffer holds "
                    + (outputs == null ? "nothing (null)" : count(outputs.length) + " floats") + ", but " + batch
                    + " images of " + elementsPerImage + " need " + count(needed));
        }
    }

    /** A layer index in range, else an error listing the layers. */
    public static void checkLayer(NetworkSpec spec, int layerIndex) {
        if (layerIndex < 0 || layerIndex >= spec.layers().size()) {
            throw new InvalidInputException(spec.simpleName() + ": layer index " + layerIndex + " is outside [0, "
                    + spec.layers().size() + "); the layers are "
                    + spec.layers().stream().map(l -> l.name()).toList());
        }
    }

    /** Parameters for {@link dev.kiln.runtime.Backend#setParameters}: exactly {@code parameterCount} finite floats. */
    public static void checkParameters(NetworkSpec spec, float[] params) {
        if (params == null || params.length != spec.parameterCount()) {
            throw new InvalidInputException(spec.simpleName() + " has " + count(spec.parameterCount())
                    + " parameters, but " + (params == null ? "null" : count(params.length) + " floats") + " were given");
        }
        for (int i = 0; i < params.length; i++) {
            float v = params[i];
            if (v - v != 0) {
                throw new InvalidInputException(spec.simpleName() + ": parameter " + i + " is " + v + "; parameters must be finite");
            }
        }
    }

    private static String position(Shape shape, int index) {
        int hw = shape.height() * shape.width();
        return "(channel " + index / hw + ", row " + index % hw / shape.width() + ", column " + index % shape.width() + ")";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
