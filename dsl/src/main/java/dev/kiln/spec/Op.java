package dev.kiln.spec;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One node of a network's op graph: a layer, the tensors it reads and the tensor it writes.
 *
 * <p>A tensor is named after the op that produces it (the layer's field name); the network input
 * is the tensor {@value #INPUT}. An op reads {@link #inputs()} (tensor names, in order) whose
 * shapes are {@link #inputShapes()}, and writes one tensor of shape {@link #output()}. There is one
 * record per layer kind and no placeholder fields: a conv's window is a {@code Window}, a flatten
 * has none. Code that must handle every kind implements {@link Visitor}, so that adding a record
 * here makes the compiler point at every place the new kind must be supported (the validation
 * rule, the Java code, the OpenCL plan and the reference).
 */
public sealed interface Op permits UnaryOp, AddOp, ConcatOp, MultiplyOp {

    /** The reserved tensor name of the network input; no layer may be called this. */
    String INPUT = "input";

    /** The layer's name, which is also the name of the tensor it writes. */
    String name();

    /** The tensors this op reads, in order: layer names or {@value #INPUT}. */
    List<String> inputs();

    /** The shapes of {@link #inputs()}, in the same order. */
    List<Shape> inputShapes();

    /** The shape of the tensor this op writes, per image. */
    Shape output();

    /** The annotation kind, as summaries print it. */
    LayerKind kind();

    /** The activation applied to the output ({@code NONE} for kinds without one). */
    default Activation activation() {
        return Activation.NONE;
    }

    /** The trainable parameter tensors this op owns, in flat-array order (weight before bias). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * State this op keeps across steps that is not trained by the optimiser (batch norm's running
     * statistics), in flat order; Keras counts them as non-trainable parameters.
     */
    default List<Parameter> buffers() {
        return List.of();
    }

    /** Multiplies per image, Kiln's and Keras' way of counting work (bias adds not counted). */
    default long multiplies() {
        return 0;
    }

    /** Trainable numbers of this op: the sum of its {@link #parameters()}. */
    default long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n = Math.addExact(n, p.size());
        }
        return n;
    }

    /** Non-trainable numbers Keras counts (running statistics). */
    default long nonTrainableCount() {
        long n = 0;
        for (Parameter p : buffers()) {
            if (p.counted()) {
                n = Math.addExact(n, p.size());
            }
        }
        return n;
    }

    /**
     * Whether the whole batch must have reached this op before it can run (batch statistics): the
     * Java pass ends a per-worker segment here.
     */
    default boolean needsWholeBatch(boolean training) {
        return false;
    }

    /**
     * Which positions of its input one output position sees: the receptive-field rule
     * ({@link NetworkSpec#receptiveField(int)}).
     */
    Reach reach();

    /**
     * Whether its weight is a bank of 2-D filters, {@code (filters, in, kh, kw)}, that reports draw
     * ({@code kiln filters}, the training report).
     */
    boolean hasFilters();

    /** This op reading {@code inputs} instead (same shapes, same order): what graph rewrites rewire with. */
    Op withInputs(List<String> inputs);

    /**
     * This op with a batch norm that alone reads its output folded in at inference
     * ({@link dev.kiln.spec.rewrite.FoldBatchNorm}): the same op with a bias and the norm's
     * {@code activation}, whose weights the fold's parameter transform gives. Empty for kinds that do
     * not end in an affine map per output channel, or that have an activation of their own.
     */
    default Optional<Op> withBatchNormFolded(Activation activation) {
        return Optional.empty();
    }

    /**
     * Whether a backend may run it image by image on a tile of a worker's images (the Java pass keeps
     * such tiles in the cache); false for kinds that want all of a worker's images in one call (a
     * dense layer reads its whole weight matrix once per call).
     */
    default boolean tileable() {
        return true;
    }

    /**
     * Whether its output is its input's elements in the same order (flatten always; dropout and
     * augmentation at inference), so a backend may alias the two buffers, and in training share
     * their gradients' buffers.
     */
    default boolean isView(boolean training) {
        return false;
    }

    /** Calls the visitor's method for this op's kind. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per op kind. Each backend's support (Java code, OpenCL plan, reference) and each
     * per-kind rule implements this, so that a new kind is a compile error until every side
     * handles it.
     */
    interface Visitor<R> {
        R conv(Conv2dOp op);

        R maxPool(MaxPool2dOp op);

        R avgPool(AvgPool2dOp op);

        R flatten(FlattenOp op);

        R dense(DenseOp op);

        R dropout(DropoutOp op);

        R add(AddOp op);

        R concat(ConcatOp op);

        R batchNorm(BatchNormOp op);

        R globalAvgPool(GlobalAvgPool2dOp op);

        R augment(AugmentOp op);

        R multiply(MultiplyOp op);

        R slice(SliceOp op);

        R channelShuffle(ChannelShuffleOp op);
    }

    /**
     * One parameter or buffer tensor an op owns, before the network gives it a place in its flat
     * arrays.
     *
     * @param suffix  PyTorch's name within the layer: {@code weight}, {@code bias}, {@code running_mean}
     * @param shape   PyTorch's layout
     * @param init    how it starts (resolved, never {@code DEFAULT})
     * @param fanIn   the owning layer's fan-in, for the initialisers that need it
     * @param fanOut  the owning layer's fan-out
     * @param counted whether Keras' summary counts it (num_batches_tracked is not counted)
     */
    record Parameter(String suffix, int[] shape, Init init, long fanIn, long fanOut, boolean counted) {
        public Parameter {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public long size() {
            long n = 1;
            for (int d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Parameter p && p.suffix.equals(suffix) && Arrays.equals(p.shape, shape) && p.init == init
                    && p.fanIn == fanIn && p.fanOut == fanOut && p.counted == counted;
        }

        @Override
        public int hashCode() {
            return suffix.hashCode() * 31 + Arrays.hashCode(shape);
        }
    }
}
