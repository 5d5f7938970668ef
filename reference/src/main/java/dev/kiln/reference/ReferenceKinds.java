package dev.kiln.reference;

import dev.kiln.spec.AddOp;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ChannelShuffleOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.MultiplyOp;
import dev.kiln.spec.Op;
import dev.kiln.spec.SliceOp;

/** The table from op kinds to their references: the compiler lists this visitor when a kind is added. */
final class ReferenceKinds implements Op.Visitor<ReferenceLayer> {
    private final LayerCall call;

    private ReferenceKinds(LayerCall call) {
        this.call = call;
    }

    /** {@code op}'s reference for one call. */
    static ReferenceLayer of(Op op, LayerCall call) {
        return op.accept(new ReferenceKinds(call));
    }

    @Override
    public ReferenceLayer conv(Conv2dOp op) {
        return new ReferenceConv(op, call);
    }

    @Override
    public ReferenceLayer maxPool(MaxPool2dOp op) {
        return new ReferenceMaxPool(op, call);
    }

    @Override
    public ReferenceLayer avgPool(AvgPool2dOp op) {
        return new ReferenceAvgPool(op, call);
    }

    @Override
    public ReferenceLayer flatten(FlattenOp op) {
        return new ReferenceFlatten();
    }

    @Override
    public ReferenceLayer dense(DenseOp op) {
        return new ReferenceDense(op, call);
    }

    @Override
    public ReferenceLayer dropout(DropoutOp op) {
        return new ReferenceDropout(op, call);
    }

    @Override
    public ReferenceLayer add(AddOp op) {
        return new ReferenceAdd();
    }

    @Override
    public ReferenceLayer concat(ConcatOp op) {
        return new ReferenceConcat(op, call);
    }

    @Override
    public ReferenceLayer batchNorm(BatchNormOp op) {
        return new ReferenceBatchNorm(op, call);
    }

    @Override
    public ReferenceLayer globalAvgPool(GlobalAvgPool2dOp op) {
        return new ReferenceGlobalAvgPool(op, call);
    }

    @Override
    public ReferenceLayer augment(AugmentOp op) {
        return new ReferenceAugment(op, call);
    }

    @Override
    public ReferenceLayer multiply(MultiplyOp op) {
        return new ReferenceMultiply(op, call);
    }

    @Override
    public ReferenceLayer slice(SliceOp op) {
        return new ReferenceSlice(op, call);
    }

    @Override
    public ReferenceLayer channelShuffle(ChannelShuffleOp op) {
        return new ReferenceChannelShuffle(op, call);
    }
}
