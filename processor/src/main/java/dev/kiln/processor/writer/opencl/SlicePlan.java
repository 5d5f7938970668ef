package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.SliceOp;
import java.util.Map;

/** {@code slice.cl}: one copy launch forward; backward one launch over the input, zeros outside the run. */
final class SlicePlan implements KindPlan {
    private final SliceOp op;

    SlicePlan(SliceOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        long in = op.input().size();
        long out = op.output().size();
        s.source("slice", Map.of("PREFIX", s.prefix, "IN", Defines.str(in), "OUT", Defines.str(out), "OFFSET",
                Defines.str(op.offset())));
        String own = s.own();
        s.forward(Launches.perImage(s.prefix + "_forward", out, s.in(0, true), own, KernelArg.Scalar.BATCH),
                Launches.perImage(s.prefix + "_forward", out, s.in(0, false), own, KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward", in, s.gOut(), s.gIn(0), KernelArg.Scalar.BATCH));
        }
    }
}
