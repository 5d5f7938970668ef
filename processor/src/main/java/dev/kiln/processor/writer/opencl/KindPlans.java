package dev.kiln.processor.writer.opencl;

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

/** The table from op kinds to their OpenCL plans: the compiler lists this visitor when a kind is added. */
final class KindPlans implements Op.Visitor<KindPlan> {
    static final KindPlans TABLE = new KindPlans();

    private KindPlans() {
    }

    static KindPlan of(Op op) {
        return op.accept(TABLE);
    }

    @Override
    public KindPlan conv(Conv2dOp op) {
        return new ConvPlan(op);
    }

    @Override
    public KindPlan maxPool(MaxPool2dOp op) {
        return new PoolPlan(op, true);
    }

    @Override
    public KindPlan avgPool(AvgPool2dOp op) {
        return new PoolPlan(op, false);
    }

    @Override
    public KindPlan flatten(FlattenOp op) {
        return new FlattenPlan();
    }

    @Override
    public KindPlan dense(DenseOp op) {
        return new DensePlan(op);
    }

    @Override
    public KindPlan dropout(DropoutOp op) {
        return new DropoutPlan(op);
    }

    @Override
    public KindPlan add(AddOp op) {
        return new AddPlan(op);
    }

    @Override
    public KindPlan concat(ConcatOp op) {
        return new ConcatPlan(op);
    }

    @Override
    public KindPlan batchNorm(BatchNormOp op) {
        return new BatchNormPlan(op);
    }

    @Override
    public KindPlan globalAvgPool(GlobalAvgPool2dOp op) {
        return new GlobalAvgPoolPlan(op);
    }

    @Override
    public KindPlan augment(AugmentOp op) {
        return new AugmentPlan(op);
    }

    @Override
    public KindPlan multiply(MultiplyOp op) {
        return new MultiplyPlan(op);
    }

    @Override
    public KindPlan slice(SliceOp op) {
        return new SlicePlan(op);
    }

    @Override
    public KindPlan channelShuffle(ChannelShuffleOp op) {
        return new ChannelShufflePlan(op);
    }
}
