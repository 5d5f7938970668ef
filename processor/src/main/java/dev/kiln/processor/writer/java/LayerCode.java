package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import java.util.List;

/**
 * The generated code of one layer kind: its constants and tables, and its forward and backward
 * methods. {@link JavaPassWriter} places the calls where the schedule says; a kind only says how
 * it is called ({@link #forwardCall}, {@link #backwardCall}) and, for an op that needs the whole
 * batch (a sync point), what runs between segments.
 */
interface LayerCode {

    /** Adds constants, tables, buffers it owns, and the forward and backward methods, side by side. */
    void addTo(TypeSpec.Builder type);

    /**
     * The statement one worker runs for images {@code [n0, n1)} in forward: reads the tensors
     * {@code ins} (field names), writes {@code out}. The default calls the single-input forward
     * signature of {@link LayerContext#forwardSignature()}.
     */
    default CodeBlock forwardCall(LayerContext cx, List<String> ins, String out) {
        return CodeBlock.of("$L(stepParams, $L, $L, n0, n1, worker);\n", cx.forwardMethod(), ins.get(0), out);
    }

    /**
     * The statement one worker runs for images {@code [n0, n1)} in backward: {@code gOut} holds the
     * gradient with respect to {@code out}; {@code gIns} receive the gradients with respect to
     * {@code ins} (assigned; an expression that may be null to skip). The default calls the
     * single-input backward signature of {@link LayerContext#backwardSignature()}.
     */
    default CodeBlock backwardCall(LayerContext cx, List<String> ins, String out, String gOut, List<String> gIns) {
        return CodeBlock.of("$L(stepParams, g, $L, $L, $L, $L, n0, n1, worker);\n", cx.backwardMethod(), ins.get(0), out,
                gOut, gIns.get(0));
    }

    /**
     * Statements run once the whole batch has reached this op in training, before the segment
     * that starts with it (batch statistics); only for ops whose {@code needsWholeBatch} is true.
     */
    default void addForwardBatchPart(CodeBlock.Builder forward, String in) {
    }

    /**
     * Statements run in backward once every image's output gradient is complete, before the
     * per-worker {@link #backwardCall} (batch-wide reductions); only for sync-point ops.
     */
    default void addBackwardBatchPart(CodeBlock.Builder backward, String in, String out, String gOut) {
    }

    /**
     * Copies of its output a tile of this layer keeps per output element: 2 where forward also keeps
     * something of that size for backward (max pooling's argmax, dropout's mask).
     */
    default int tileCopies() {
        return 1;
    }

    /** Per-worker scratch floats this layer needs (im2col matrices), 0 if none. */
    default long scratchFloats() {
        return 0;
    }

    /** Extra buffers this layer plans for a batch (e.g. {@code s2Argmax = new int[maxBatch * 1176]}), as statements. */
    default void addPlanning(CodeBlock.Builder plan) {
    }

    /** Per-worker buffers this layer allocates in the constructor (sizes independent of the batch), as statements. */
    default void addConstruction(CodeBlock.Builder constructor) {
    }

    /** Statements {@code forward} runs before dispatching the workers (e.g. transposing weights). */
    default void addBeforeForward(CodeBlock.Builder forward) {
    }

    /** Statements {@code backward} runs before dispatching the workers (e.g. copying weights into rows). */
    default void addBeforeBackward(CodeBlock.Builder backward) {
    }

    /**
     * This code as the target of a batch-norm fold, for kinds whose op can take one
     * ({@link dev.kiln.spec.Op#withBatchNormFolded}); the others never get asked.
     */
    default FoldableCode foldable() {
        throw new IllegalStateException(getClass().getSimpleName() + " cannot take a folded batch norm");
    }

    /** One line for the class Javadoc: what this layer's methods do in one pass. */
    String fusionNote();
}
