package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;

/**
 * {@code augment.cl}: the drawn transform in training (the Java backend's draws exactly); the
 * identity, a renamed buffer, at inference. No backward launch: an augmentation layer reads the
 * input or another augmentation layer, so no gradient is ever needed below it.
 */
final class AugmentPlan implements KindPlan {
    private final AugmentOp op;

    AugmentPlan(AugmentOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        if (s.needsInputGradient(0)) {
            throw new IllegalStateException(op.name() + ": an augmentation layer's input never needs a gradient in training");
        }
        s.source("augment", TemplateValues.augment(s.prefix, op, s.index()));
        long items = op.transform() instanceof Augment.Contrast ? op.input().channels()
                : (long) op.input().height() * op.input().width();
        s.forwardTrainingOnly(PlannedLaunch.perImage(s.prefix + "_forward", items, s.in(0, true), s.own(), KernelArg.Scalar.BATCH,
                KernelArg.Scalar.SEED_LO, KernelArg.Scalar.SEED_HI));
    }
}
