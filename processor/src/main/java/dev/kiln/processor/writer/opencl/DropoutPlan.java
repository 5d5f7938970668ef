package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.DropoutOp;

/** {@code dropout.cl}: the hashed mask in training (the Java backend's exactly); the identity, a renamed buffer, at inference. */
final class DropoutPlan implements KindPlan {
    private final DropoutOp op;

    DropoutPlan(DropoutOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("dropout", TemplateValues.dropout(s.prefix, op, s.index()));
        long size = op.output().size();
        s.forwardTrainingOnly(PlannedLaunch.perImage(s.prefix + "_forward", size, s.in(0, true), s.own(), KernelArg.Scalar.BATCH,
                KernelArg.Scalar.SEED_LO, KernelArg.Scalar.SEED_HI));
        if (s.needsInputGradient(0)) {
            s.backward(PlannedLaunch.perImage(s.prefix + "_backward", size, s.gOut(), s.gIn(0), KernelArg.Scalar.BATCH,
                    KernelArg.Scalar.SEED_LO, KernelArg.Scalar.SEED_HI));
        }
    }
}
