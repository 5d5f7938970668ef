package dev.kiln.spec.rewrite;

import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;

/**
 * One batch norm folded into the layer before it (a convolution or a dense layer), as PyTorch's
 * {@code fuse_conv_bn_eval} does. With {@code s = gamma / sqrt(running_var + eps)} per output channel,
 * <pre>
 *   W'[f, :] = s[f] W[f, :]        b'[f] = beta[f] + s[f] (b[f] - running_mean[f])
 * </pre>
 * so that the norm of the layer's output at inference is the layer with {@code W'} and {@code b'}, up to
 * rounding. The parameter transform ({@link #fold}) is computed in double and stored in float; the
 * Java backend runs it at the start of every {@code predict}, so the folded weights always follow the
 * current parameters and running statistics.
 *
 * @param original the spec before the rewrite
 * @param layer    the folded-into layer's index in {@code original}
 * @param norm     the batch norm's index in {@code original}
 */
public record Fold(NetworkSpec original, int layer, int norm) {

    public Fold {
        if (!(original.layers().get(norm) instanceof BatchNormOp)) {
            throw new IllegalArgumentException(original.layers().get(norm).name() + " is not a batch norm");
        }
    }

    /** The layer folded into. */
    public Op layerOp() {
        return original.layers().get(layer);
    }

    /** The batch norm folded away. */
    public BatchNormOp normOp() {
        return (BatchNormOp) original.layers().get(norm);
    }

    /** Output channels (filters, units): the norm's features. */
    public int filters() {
        return normOp().features();
    }

    /** Weights per output channel (in channels x kernel area, or inputs). */
    public int weightsPerFilter() {
        return Math.toIntExact(weight().size() / filters());
    }

    /** The layer's weight in the original flat parameters. */
    public ParamSpec weight() {
        return original.param(layerOp().name() + ".weight");
    }

    /** The layer's bias in the original flat parameters, or null when it has none. */
    public ParamSpec bias() {
        String name = layerOp().name() + ".bias";
        return original.params().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The norm's weight (gamma). */
    public ParamSpec gamma() {
        return original.param(normOp().name() + ".weight");
    }

    /** The norm's bias (beta). */
    public ParamSpec beta() {
        return original.param(normOp().name() + ".bias");
    }

    /** The norm's running mean in the original flat state. */
    public ParamSpec runningMean() {
        return state(normOp().name() + ".running_mean");
    }

    /** The norm's running variance in the original flat state. */
    public ParamSpec runningVar() {
        return state(normOp().name() + ".running_var");
    }

    /** Floats the folded weight and bias take: {@code filters x weightsPerFilter}, then one bias per filter. */
    public long foldedSize() {
        return weight().size() + (long) filters();
    }

    /**
     * Writes this fold's weight to {@code folded[weightAt ..]} and its bias to {@code folded[biasAt ..]}, from
     * the original spec's parameters and running statistics.
     */
    public void apply(float[] params, float[] state, float[] folded, int weightAt, int biasAt) {
        ParamSpec b = bias();
        fold(params, weight().offset(), b == null ? -1 : b.offset(), filters(), weightsPerFilter(), gamma().offset(),
                beta().offset(), state, runningMean().offset(), runningVar().offset(), normOp().eps(), folded, weightAt, biasAt);
    }

    /**
     * The transform on raw offsets, as generated code calls it: writes the folded weights ({@code filters x k},
     * row-major like the layer's) to {@code folded[foldedWeightAt ..]} and the folded bias ({@code filters}) to
     * {@code folded[foldedBiasAt ..]}.
     *
     * @param params   the flat parameters: the layer's weight at {@code weightAt}, its bias at {@code biasAt}
     *                 (negative: no bias), the batch norm's weight and bias at {@code gammaAt} and {@code betaAt}
     * @param filters  output channels of the layer, the batch norm's features
     * @param k        weights per filter
     * @param state    the running statistics: mean at {@code meanAt}, variance at {@code varAt}
     * @param eps      the batch norm's eps
     */
    public static void fold(float[] params, int weightAt, int biasAt, int filters, int k, int gammaAt, int betaAt,
                            float[] state, int meanAt, int varAt, double eps,
                            float[] folded, int foldedWeightAt, int foldedBiasAt) {
        // each output channel: its scale, then its bias and its row of weights
        for (int f = 0; f < filters; f++) {
            double s = params[gammaAt + f] / Math.sqrt(state[varAt + f] + eps);
            double b = biasAt < 0 ? 0 : params[biasAt + f];
            folded[foldedBiasAt + f] = (float) (params[betaAt + f] + s * (b - state[meanAt + f]));
            int from = weightAt + f * k;
            int to = foldedWeightAt + f * k;
            for (int i = 0; i < k; i++) {
                folded[to + i] = (float) (s * params[from + i]);
            }
        }
    }

    private ParamSpec state(String name) {
        return original.state().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(original.simpleName() + " has no running statistic " + name));
    }
}
