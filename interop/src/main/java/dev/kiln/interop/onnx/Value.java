package dev.kiln.interop.onnx;

import dev.kiln.interop.imports.ImportedLayer;
import java.util.List;
import onnx.Onnx.NodeProto;

/** What a tensor of the ONNX graph is to the import, known at import time or computed by layers. */
sealed interface Value permits Value.Act, Value.Padded, Value.Ints, Value.Floats, Value.Elementwise, Value.Grouped,
        Value.Shuffled {
    /** Stands for the batch dimension in integer tensors computed from shapes. */
    long BATCH = Long.MIN_VALUE;

    /**
     * An image (N, C, H, W) or vector (N, C) flowing between layers: the output of {@code layer}, null
     * for the network's input; {@code tensor} is the ONNX tensor that holds it.
     */
    record Act(ImportedLayer layer, long c, long h, long w, boolean vector, String tensor) implements Value {
        Act withTensor(String name) {
            return new Act(layer, c, h, w, vector, name);
        }
    }

    /** An image padded by a Pad node, waiting for the conv or average pool that reads it. */
    record Padded(Act source, long top, long left, long bottom, long right, boolean edge, NodeProto node) implements Value {}

    /** A small integer tensor known at import time (may hold {@link #BATCH}). */
    record Ints(long[] values, long[] dims) implements Value {}

    /** A float tensor known at import time: weights, or a constant. */
    record Floats(float[] values, long[] dims) implements Value {}

    /**
     * A function of one layer's output applied element by element (an activation spelled with one or
     * several ops, or the input's normalisation), waiting for what reads it; {@code uses} counts how
     * often the expression's nodes read {@code source}'s tensor.
     */
    record Elementwise(Act source, ElementwiseForm form, int uses, List<String> nodes) implements Value {}

    /** {@code source} viewed as (N, groups, C / groups, H, W): the first step of a channel shuffle. */
    record Grouped(Act source, long groups, List<String> nodes) implements Value {}

    /** A {@link Grouped} view with its two group axes swapped: reshaped back to (N, C, H, W), a channel shuffle. */
    record Shuffled(Act source, long groups, List<String> nodes) implements Value {}
}
