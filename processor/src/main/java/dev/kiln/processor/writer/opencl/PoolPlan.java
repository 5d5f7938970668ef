package dev.kiln.processor.writer.opencl;

import dev.kiln.spec.Pool2dOp;

/** {@code pool.cl}: max (keeping the argmax) or average pooling, and the gathered input gradient. */
final class PoolPlan implements KindPlan {
    private final Pool2dOp op;
    private final boolean max;

    PoolPlan(Pool2dOp op, boolean max) {
        this.op = op;
        this.max = max;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("pool", TemplateValues.pool(s.prefix, op, max));
        String own = s.own();
        long size = op.output().size();
        String forward = s.prefix + "_forward";
        if (max) {
            String arg = "arg" + s.index();
            s.buffer(arg, size, 0, true);
            s.forward(PlannedLaunch.perImage(forward, size, s.in(0, true), own, arg, KernelArg.Scalar.BATCH),
                    PlannedLaunch.perImage(forward, size, s.in(0, false), own, arg, KernelArg.Scalar.BATCH));
            if (s.needsInputGradient(0)) {
                s.backward(PlannedLaunch.perImage(s.prefix + "_backward", op.input().size(), arg, s.gOut(), s.gIn(0),
                        KernelArg.Scalar.BATCH));
            }
        } else {
            s.forward(PlannedLaunch.perImage(forward, size, s.in(0, true), own, KernelArg.Scalar.BATCH),
                    PlannedLaunch.perImage(forward, size, s.in(0, false), own, KernelArg.Scalar.BATCH));
            if (s.needsInputGradient(0)) {
                s.backward(PlannedLaunch.perImage(s.prefix + "_backward", op.input().size(), s.gOut(), s.gIn(0),
                        KernelArg.Scalar.BATCH));
            }
        }
    }
}
