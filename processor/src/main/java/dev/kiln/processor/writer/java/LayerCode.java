package dev.kiln.processor.writer.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;

/** The generated code of one layer kind: its constants and tables, and its forward and backward methods. */
interface LayerCode {

    /** Adds constants, tables, buffers it owns, and the forward and backward methods, side by side. */
    void addTo(TypeSpec.Builder type);

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

    /** One line for the class Javadoc: what this layer's methods do in one pass. */
    String fusionNote();
}
