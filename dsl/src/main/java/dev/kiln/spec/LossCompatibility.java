package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import java.util.Optional;

/**
 * The one rule saying which last layer each loss needs and where {@code SOFTMAX} may appear. The
 * validator reports its {@link Problem}s as compile errors ({@link #require} is the same rule for
 * a built spec); the backends' code generators and the reference ask {@link #lossAppliesActivation}
 * and check with {@link #requireComputable} the part of the rule the loss's arithmetic rests on
 * (so that the reference can still be tested on combinations the DSL refuses, such as a softmax
 * output under mean squared error).
 * <ul>
 *   <li>SOFTMAX: only on the last layer, only a dense one, only with softmax cross-entropy.</li>
 *   <li>Softmax cross-entropy: a dense last layer of at least 2 units with activation NONE or SOFTMAX.</li>
 *   <li>Binary cross-entropy: a dense last layer of 1 unit with SIGMOID or NONE (a logit).</li>
 *   <li>Mean squared error: any last layer.</li>
 * </ul>
 */
public final class LossCompatibility {

    /** What is wrong, one constant per compile error the validator words. */
    public enum Problem {
        SOFTMAX_NOT_LAST,
        SOFTMAX_NOT_DENSE,
        SOFTMAX_NEEDS_CROSS_ENTROPY,
        CROSS_ENTROPY_NEEDS_DENSE,
        CROSS_ENTROPY_ACTIVATION,
        CROSS_ENTROPY_NEEDS_CLASSES,
        BINARY_NEEDS_ONE_UNIT,
        BINARY_ACTIVATION
    }

    private LossCompatibility() {
    }

    /** Where a layer's SOFTMAX is wrong, if it is; empty for other activations. */
    public static Optional<Problem> softmax(Loss loss, LayerKind kind, Activation activation, boolean isLast) {
        if (activation != Activation.SOFTMAX) {
            return Optional.empty();
        }
        if (!isLast) {
            return Optional.of(Problem.SOFTMAX_NOT_LAST);
        }
        if (kind != LayerKind.DENSE) {
            return Optional.of(Problem.SOFTMAX_NOT_DENSE);
        }
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Optional.of(Problem.SOFTMAX_NEEDS_CROSS_ENTROPY);
        }
        return Optional.empty();
    }

    /**
     * What is wrong with the last layer for {@code loss}, if anything ({@code units} is a dense
     * layer's units, ignored for other kinds). SOFTMAX problems are {@link #softmax}'s. Softmax
     * cross-entropy reads class scores from a dense layer, or from a global average pool of one map per
     * class (SqueezeNet's and NiN's head), whose scores are logits.
     */
    public static Optional<Problem> lastLayer(Loss loss, LayerKind kind, Activation activation, int units) {
        switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> {
                if (kind == LayerKind.GLOBAL_AVG_POOL2D) {
                    return Optional.empty();
                }
                if (kind != LayerKind.DENSE) {
                    return Optional.of(Problem.CROSS_ENTROPY_NEEDS_DENSE);
                }
                if (activation != Activation.NONE && activation != Activation.SOFTMAX) {
                    return Optional.of(Problem.CROSS_ENTROPY_ACTIVATION);
                }
                if (units == 1) {
                    return Optional.of(Problem.CROSS_ENTROPY_NEEDS_CLASSES);
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                if (kind != LayerKind.DENSE || units != 1) {
                    return Optional.of(Problem.BINARY_NEEDS_ONE_UNIT);
                }
                if (activation != Activation.SIGMOID && activation != Activation.NONE && activation != Activation.SOFTMAX) {
                    return Optional.of(Problem.BINARY_ACTIVATION);
                }
            }
            case MEAN_SQUARED_ERROR -> {
                // fits any last layer
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the loss step applies the last layer's activation itself (softmax or sigmoid folded
     * into cross-entropy): the last layer then writes logits.
     */
    public static boolean lossAppliesActivation(Loss loss, Activation last) {
        return loss == Loss.SOFTMAX_CROSS_ENTROPY && last == Activation.SOFTMAX
                || loss == Loss.BINARY_CROSS_ENTROPY && last == Activation.SIGMOID;
    }

    /**
     * The activation the last layer's own code applies: none when the loss step owns it or when
     * cross-entropy reads logits.
     */
    public static Activation lastLayerOwnActivation(Loss loss, Activation last) {
        return loss == Loss.MEAN_SQUARED_ERROR ? last : Activation.NONE;
    }

    /**
     * The part of the rule a loss's arithmetic needs: softmax cross-entropy reads logits (NONE) or
     * probabilities (SOFTMAX); binary cross-entropy reads one logit (NONE) or probability (SIGMOID)
     * per image. Throws IllegalArgumentException naming the layer otherwise.
     */
    public static void requireComputable(NetworkSpec spec) {
        Op last = spec.outputLayer();
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
                // any output
            }
        }
    }

    /** Throws IllegalArgumentException, naming the layer and the rule, if {@code spec} breaks this rule. */
    public static void require(NetworkSpec spec) {
        for (int i = 0; i < spec.layers().size(); i++) {
            Op op = spec.layers().get(i);
            Optional<Problem> p = softmax(spec.loss(), op.kind(), op.activation(), i == spec.layers().size() - 1);
            if (p.isPresent()) {
                throw new IllegalArgumentException(spec.simpleName() + "." + op.name() + ": " + p.get() + " (" + spec.loss()
                        + ", " + op.activation() + ")");
            }
        }
        Op last = spec.outputLayer();
        int units = last instanceof DenseOp d ? d.units() : 0;
        Optional<Problem> p = lastLayer(spec.loss(), last.kind(), last.activation(), units);
        if (p.isPresent()) {
            throw new IllegalArgumentException(spec.simpleName() + "." + last.name() + ": " + p.get() + ": " + spec.loss()
                    + " does not fit a last " + last.kind().displayName() + " with activation " + last.activation());
        }
    }
}
