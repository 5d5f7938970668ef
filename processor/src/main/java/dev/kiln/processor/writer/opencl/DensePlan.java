package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.DenseOp;

/** {@code dense.cl}: one work item per output (bias and activation fused), the weight gradient, the input gradient. */
final class DensePlan implements KindPlan {
    private final DenseOp op;

    DensePlan(DenseOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("dense", TemplateValues.dense(s.prefix, op, s.paramOffset("weight"), s.act, s.doutIsDz));
        String own = s.own();
        long size = op.output().size();
        s.forward(PlannedLaunch.perImage(s.prefix + "_forward", size, "params", s.in(0, true), s.out(), KernelArg.Scalar.BATCH),
                PlannedLaunch.perImage(s.prefix + "_forward", size, "params", s.in(0, false), s.out(), KernelArg.Scalar.BATCH));
        s.backward(PlannedLaunch.parameterGradient(s.index(), s.prefix + "_backward_params", op.parameterCount(), s.in(0, true), own, s.gOut(), "grads",
                KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(PlannedLaunch.perImage(s.prefix + "_backward_input", op.input().size(), "params", own, s.gOut(), s.gIn(0),
                    KernelArg.Scalar.BATCH));
        }
    }
}
