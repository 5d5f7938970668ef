package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.Conv2dOp;

/** {@code conv.cl}: a tiled forward (bias and activation fused), the weight gradient, the input gradient. */
final class ConvPlan implements KindPlan {
    private final Conv2dOp op;

    ConvPlan(Conv2dOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("conv", TemplateValues.conv(s.prefix, op, s.paramOffset("weight"), s.act, s.doutIsDz));
        String own = s.own();
        long[] global = {(long) op.output().height() * op.output().width(), op.filters(), 1};
        s.forward(new PlannedLaunch(s.prefix + "_forward", global, true, true, PlannedLaunch.typed("params", s.in(0, true), s.out())),
                new PlannedLaunch(s.prefix + "_forward", global, true, true, PlannedLaunch.typed("params", s.in(0, false), s.out())));
        s.backward(PlannedLaunch.parameterGradient(s.index(), s.prefix + "_backward_params", op.parameterCount(), s.in(0, true), own, s.gOut(), "grads",
                KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(PlannedLaunch.perImage(s.prefix + "_backward_input", op.input().size(), "params", own, s.gOut(), s.gIn(0),
                    KernelArg.Scalar.BATCH));
        }
    }
}
