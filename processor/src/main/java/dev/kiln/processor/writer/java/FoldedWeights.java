package dev.kiln.processor.writer.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import dev.kiln.spec.rewrite.Fold;

/**
 * Where one layer's folded weights live in the pass's {@code folded} array, and the statement that fills
 * them: what a {@link FoldableCode} (conv, dense) shares.
 *
 * @param layer       the layer folded into
 * @param norm        the batch norm folded in
 * @param at          the folded weight's start in {@code folded}; the bias follows it
 * @param weights     the layer's weight elements
 * @param filters     the layer's constant naming its output channels ({@code FILTERS}, {@code UNITS})
 * @param perFilter   the layer's constant naming its weights per output channel ({@code K}, {@code IN})
 * @param hasBias     whether the layer has a bias of its own
 */
record FoldedWeights(LayerContext layer, LayerContext norm, long at, long weights, String filters, String perFilter,
                     boolean hasBias) {
    private static final ClassName FOLD = ClassName.get(Fold.class);

    /** Floats the folded weight and bias take. */
    long size() {
        return weights + layer.layer().output().channels();
    }

    /** {@code Fold.fold(...)} on the pass's constants: the graph pass's parameter transform, at the start of {@code predict}. */
    CodeBlock statement() {
        return CodeBlock.of("$T.fold(params, $L, $L, $L, $L, $L, $L, state, $L, $L, $L, folded, $L, $L);\n",
                FOLD, layer.constant("WEIGHT"), hasBias ? layer.constant("BIAS") : "-1", layer.constant(filters),
                layer.constant(perFilter), norm.constant("WEIGHT"), norm.constant("BIAS"), norm.constant("RUNNING_MEAN"),
                norm.constant("RUNNING_VAR"), norm.constant("EPS"), layer.constant("FOLDED_WEIGHT"), layer.constant("FOLDED_BIAS"));
    }

    /** The layer's {@code FOLDED_WEIGHT} and {@code FOLDED_BIAS} offsets. */
    void addConstants(TypeSpec.Builder type) {
        type.addField(layer.intConstant("FOLDED_WEIGHT", at, layer.name() + ".weight with " + norm.name()
                + " folded in: offset in folded"));
        type.addField(layer.intConstant("FOLDED_BIAS", at + weights, layer.name() + "'s bias with " + norm.name()
                + " folded in: offset in folded"));
    }

    /** The forward method that runs the layer on its folded weights. */
    String forwardMethod() {
        return layer.ident("ForwardFolded");
    }

    /** {@code forwardMethod(folded, in, out, n0, n1, worker)}. */
    CodeBlock call(String in, String out) {
        return CodeBlock.of("$L(folded, $L, $L, n0, n1, worker);\n", forwardMethod(), in, out);
    }
}
