package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;

/**
 * The Java code of a kind that a batch norm folds into at inference (conv, dense): {@code predict} runs
 * the rewritten graph's folded layer ({@link dev.kiln.spec.rewrite.Fold}) as this layer's forward with
 * the folded weights, which the fold statement computes at the start of every {@code predict}.
 */
interface FoldableCode {

    /** Makes {@code predict} able to run this layer with {@code norm} folded in, its weights at {@code at} in {@code folded}. */
    void foldInto(LayerContext norm, long at);

    /** Floats the folded weights and bias take: {@code filters x K}, then one bias per filter. */
    long foldedSize();

    /** The statement that folds the norm into {@code folded}: {@code Fold.fold(...)}, the pass's parameter transform. */
    CodeBlock foldStatement();

    /** The call that runs this layer with its norm folded in, reading {@code in} and writing {@code out}. */
    CodeBlock foldedForwardCall(String in, String out);
}
