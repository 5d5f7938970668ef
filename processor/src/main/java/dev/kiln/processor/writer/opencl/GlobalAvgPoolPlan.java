package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.GlobalAvgPool2dOp;
import java.util.Map;

/** {@code gap.cl}: one work item per channel mean, and the evenly spread gradient. */
final class GlobalAvgPoolPlan implements KindPlan {
    private final GlobalAvgPool2dOp op;

    GlobalAvgPoolPlan(GlobalAvgPool2dOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        int plane = op.input().height() * op.input().width();
        s.source("gap", Map.of("PREFIX", s.prefix, "C", Integer.toString(op.input().channels()), "PLANE", Integer.toString(plane)));
        String own = s.own();
        long c = op.input().channels();
        s.forward(Launches.perImage(s.prefix + "_forward", c, s.in(0, true), own, KernelArg.Scalar.BATCH),
                Launches.perImage(s.prefix + "_forward", c, s.in(0, false), own, KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward", op.input().size(), s.gOut(), s.gIn(0), KernelArg.Scalar.BATCH));
        }
    }
}
