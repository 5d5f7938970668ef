package dev.kiln.spec;

import java.util.List;

/** An op that reads exactly one tensor: every kind but the merges ({@link AddOp}, {@link ConcatOp}, {@link MultiplyOp}). */
public sealed interface UnaryOp extends Op
        permits Conv2dOp, Pool2dOp, FlattenOp, DenseOp, DropoutOp, BatchNormOp, GlobalAvgPool2dOp, AugmentOp, SliceOp,
        ChannelShuffleOp {

    /** The tensor it reads: a layer's name or {@value Op#INPUT}. */
    String from();

    /** The shape of {@link #from()}, per image. */
    Shape input();

    @Override
    default List<String> inputs() {
        return List.of(from());
    }

    @Override
    default List<Shape> inputShapes() {
        return List.of(input());
    }

    /** The one tensor of {@code inputs}, for {@link Op#withInputs}. */
    static String single(List<String> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("a one-input op reads one tensor, not " + inputs);
        }
        return inputs.get(0);
    }
}
