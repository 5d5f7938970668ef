package dev.kiln.runtime.train;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;

/**
 * How a labelled dataset becomes what the network's loss compares with:
 * <ul>
 *   <li>{@link #classification()}: the dataset's labels as class indices (softmax cross-entropy);</li>
 *   <li>{@link #binary}: a predicate on the label gives a 0/1 target for one sigmoid unit (binary
 *       cross-entropy), e.g. {@link #footwear()};</li>
 *   <li>{@link #imageTarget}: a target image computed from the input image (mean squared error),
 *       e.g. {@link #convolution} with a fixed kernel for an edge detector.</li>
 * </ul>
 * Accuracy, the confusion matrix and per-class accuracy exist for the first two.
 */
public final class Task {

    /** The three ways a dataset feeds a loss. */
    public enum Kind { CLASSIFICATION, BINARY, IMAGE_TARGET }

    /** Computes the target image of one input image. */
    @FunctionalInterface
    public interface TargetFunction {
        /**
         * Writes the target of the image at {@code images[imageOffset ..]} (shape {@code input}) into
         * {@code targets[targetOffset ..]} ({@code output.size()} floats). Must not allocate.
         */
        void target(float[] images, int imageOffset, Shape input, float[] targets, int targetOffset, Shape output);
    }

    /** The Fashion-MNIST classes that are shoes: Sandal (5), Sneaker (7), Ankle boot (9). */
    private static final IntPredicate FOOTWEAR = label -> label == 5 || label == 7 || label == 9;

    private final Kind kind;
    private final String name;
    private final IntPredicate positive;
    private final TargetFunction target;
    private final UnaryOperator<Shape> targetShape;
    /** For a binary task over a two-class dataset: the dataset's own names (negative, positive); else null. */
    private List<String> binaryNames;

    private Task(Kind kind, String name, IntPredicate positive, TargetFunction target, UnaryOperator<Shape> targetShape) {
        this.kind = kind;
        this.name = name;
        this.positive = positive;
        this.target = target;
        this.targetShape = targetShape;
    }

    /** Class-index labels as they are, for softmax cross-entropy. */
    public static Task classification() {
        return new Task(Kind.CLASSIFICATION, "classification", null, null, null);
    }

    /** A 0/1 target: 1 where {@code positive} holds for the label; {@code name} names the positive class. */
    public static Task binary(String name, IntPredicate positive) {
        return new Task(Kind.BINARY, Objects.requireNonNull(name), Objects.requireNonNull(positive), null, null);
    }

    /**
     * Two classes with one sigmoid unit: label 1 is the positive class, as Keras'
     * {@code label_mode='binary'} numbers an image folder's two sorted class folders;
     * {@code names} (negative, positive) are what the metrics call them.
     */
    public static Task binaryClasses(List<String> names) {
        if (names.size() != 2) {
            throw new KilnException("a binary task needs exactly two classes, got " + names.size() + " " + names);
        }
        Task t = binary(names.get(1), label -> label == 1);
        t.binaryNames = List.copyOf(names);
        return t;
    }

    /** Footwear (Sandal, Sneaker, Ankle boot) against the rest of Fashion-MNIST. */
    public static Task footwear() {
        return binary("footwear", FOOTWEAR);
    }

    /**
     * A target image computed from each input image; {@code targetShape} maps the input shape to the
     * target's, which must be the network's output shape; {@code name} is for logs.
     */
    public static Task imageTarget(String name, UnaryOperator<Shape> targetShape, TargetFunction target) {
        return new Task(Kind.IMAGE_TARGET, Objects.requireNonNull(name), null, Objects.requireNonNull(target),
                Objects.requireNonNull(targetShape));
    }

    /**
     * The target is each input channel cross-correlated with {@code kernel} (no padding, stride 1):
     * an input {@code (C, H, W)} gives {@code (C, H - kh + 1, W - kw + 1)}. With the kernel
     * {@code [[-1,-1,-1],[0,0,0],[1,1,1]]} this is the edge detector of the course material.
     */
    public static Task convolution(String name, float[][] kernel) {
        int kh = kernel.length;
        int kw = kernel[0].length;
        float[] k = new float[kh * kw];
        for (int r = 0; r < kh; r++) {
            if (kernel[r].length != kw) {
                throw new IllegalArgumentException("kernel row " + r + " has " + kernel[r].length + " entries, row 0 has " + kw);
            }
            System.arraycopy(kernel[r], 0, k, r * kw, kw);
        }
        UnaryOperator<Shape> shape = in -> Shape.of(in.channels(), in.height() - kh + 1, in.width() - kw + 1);
        return imageTarget(name, shape, (images, imageOffset, in, targets, targetOffset, out) -> {
            int oh = in.height() - kh + 1;
            int ow = in.width() - kw + 1;
            for (int c = 0; c < in.channels(); c++) {               // each channel on its own
                int inBase = imageOffset + c * in.height() * in.width();
                int outBase = targetOffset + c * oh * ow;
                for (int y = 0; y < oh; y++) {                       // output rows
                    for (int x = 0; x < ow; x++) {                   // output columns
                        float sum = 0;
                        for (int i = 0; i < kh; i++) {               // kernel rows
                            for (int j = 0; j < kw; j++) {           // kernel columns
                                sum += k[i * kw + j] * images[inBase + (y + i) * in.width() + x + j];
                            }
                        }
                        targets[outBase + y * ow + x] = sum;
                    }
                }
            }
        });
    }

    /** The edge kernel {@code [[-1,-1,-1],[0,0,0],[1,1,1]]} (horizontal edges) as an image target. */
    public static Task edges() {
        return convolution("edges", new float[][] {{-1, -1, -1}, {0, 0, 0}, {1, 1, 1}});
    }

    /** What the network learns: class labels, one binary label, or a target image. */
    public Kind kind() {
        return kind;
    }

    /** A short name for logs and reports, e.g. {@code classification} or {@code edges}. */
    public String name() {
        return name;
    }

    /** Whether accuracy, the confusion matrix and per-class accuracy are defined. */
    public boolean hasAccuracy() {
        return kind != Kind.IMAGE_TARGET;
    }

    /** Whether the network takes class-index labels (else it takes targets). */
    public boolean usesLabels() {
        return kind == Kind.CLASSIFICATION;
    }

    /** Classes the metrics count: the dataset's for classification, 2 for binary, 0 for image targets. */
    public int classes(Dataset data) {
        return switch (kind) {
            case CLASSIFICATION -> data.classes();
            case BINARY -> 2;
            case IMAGE_TARGET -> 0;
        };
    }

    /** Names of the classes the metrics count. */
    public List<String> classNames(Dataset data) {
        return switch (kind) {
            case CLASSIFICATION -> data.classNames();
            case BINARY -> binaryNames != null ? binaryNames : List.of("not " + name, name);
            case IMAGE_TARGET -> List.of();
        };
    }

    /** The class image {@code index} of {@code data} belongs to, for the metrics (or -1 for image targets). */
    public int actualClass(Dataset data, int index) {
        int label = data.labels()[index];
        return switch (kind) {
            case CLASSIFICATION -> label;
            case BINARY -> positive.test(label) ? 1 : 0;
            case IMAGE_TARGET -> -1;
        };
    }

    /** The class the network predicts from one image's outputs at {@code outputs[offset ..]}, among all its outputs. */
    public int predictedClass(NetworkSpec spec, float[] outputs, int offset) {
        return predictedClass(spec, outputs, offset, spec.output().intSize());
    }

    /**
     * The class the network predicts from one image's outputs at {@code outputs[offset ..]}, among the
     * first {@code classes} outputs of a classifier: a network with more softmax units than the data has
     * classes learns and predicts the classes present on its first units, and the others stay unused
     * (so a prediction is always one of the data's classes).
     */
    public int predictedClass(NetworkSpec spec, float[] outputs, int offset, int classes) {
        int size = Math.min(spec.output().intSize(), Math.max(classes, 1));
        return switch (kind) {
            case CLASSIFICATION -> {
                int best = 0;
                for (int i = 1; i < size; i++) {
                    if (outputs[offset + i] > outputs[offset + best]) {
                        best = i;
                    }
                }
                yield best;
            }
            case BINARY -> {
                double threshold = lastActivation(spec) == Activation.SIGMOID ? 0.5 : 0.0;
                yield outputs[offset] >= threshold ? 1 : 0;
            }
            case IMAGE_TARGET -> -1;
        };
    }

    /**
     * Fills slot {@code slot} of a batch from image {@code index} of {@code data}: the label (for
     * classification) or the target values (for binary and image tasks).
     */
    public void fill(NetworkSpec spec, Dataset data, int index, int slot, int[] labels, float[] targets) {
        switch (kind) {
            case CLASSIFICATION -> labels[slot] = data.labels()[index];
            case BINARY -> targets[slot] = positive.test(data.labels()[index]) ? 1f : 0f;
            case IMAGE_TARGET -> {
                Shape in = data.shape();
                Shape out = spec.output();
                if (data.keepsBytes()) {
                    target.target(data.image(index), 0, in, targets, slot * out.intSize(), out);
                } else {
                    target.target(data.images(), index * in.intSize(), in, targets, slot * out.intSize(), out);
                }
            }
        }
    }

    /**
     * Checks that this task fits {@code spec}'s loss and output, and that {@code data} fits the
     * network: image shape, finite pixels, labels in range. Throws a {@link KilnException} naming
     * what was expected before any training is done.
     */
    public void check(NetworkSpec spec, Dataset data) {
        String net = spec.simpleName();
        Shape out = spec.output();
        switch (kind) {
            case CLASSIFICATION -> {
                if (spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
                    throw new KilnException(net + " is trained with " + spec.loss() + ", but a classification task needs "
                            + "SOFTMAX_CROSS_ENTROPY; use Task.binary for one sigmoid unit or Task.imageTarget for MSE");
                }
                if (data.classes() > out.intSize()) {
                    throw new KilnException(net + " has " + out.intSize() + " output units, but " + data.name() + " has "
                            + data.classes() + " classes " + data.classNames());
                }
            }
            case BINARY -> {
                if (spec.loss() != Loss.BINARY_CROSS_ENTROPY) {
                    throw new KilnException(net + " is trained with " + spec.loss() + ", but the binary task '" + name
                            + "' needs BINARY_CROSS_ENTROPY with one output unit");
                }
            }
            case IMAGE_TARGET -> {
                if (spec.loss() != Loss.MEAN_SQUARED_ERROR) {
                    throw new KilnException(net + " is trained with " + spec.loss() + ", but the image-target task '" + name
                            + "' needs MEAN_SQUARED_ERROR");
                }
                Shape expected;
                try {
                    expected = targetShape.apply(spec.input());
                } catch (IllegalArgumentException e) {
                    throw new KilnException("the image-target task '" + name + "' cannot make a target from " + net
                            + "'s input " + spec.input() + ": " + e.getMessage(), e);
                }
                boolean fits = out.isVector() || expected.isVector() ? out.size() == expected.size() : out.equals(expected);
                if (!fits) {
                    throw new KilnException(net + " produces " + out + ", but the image-target task '" + name
                            + "' makes targets of " + expected + " from its input " + spec.input());
                }
            }
        }
        DatasetChecks.check(spec, data, kind == Kind.CLASSIFICATION ? out.intSize() : data.classes());
    }

    private static Activation lastActivation(NetworkSpec spec) {
        return spec.layers().get(spec.layers().size() - 1).activation();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (kind == Kind.CLASSIFICATION ? "" : " (" + name + ")");
    }
}
