package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.ConcatOp;
import java.util.Map;

/** {@code concat.cl}: one copy launch per input into its slice of the output, and back for the gradients. */
final class ConcatPlan implements KindPlan {
    private final ConcatOp op;

    ConcatPlan(ConcatOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("concat", Map.of("PREFIX", s.prefix, "SIZE", Long.toString(op.output().size())));
        String own = s.own();
        for (int i = 0; i < op.inputs().size(); i++) {
            int part = op.inputShapes().get(i).intSize();
            int offset = op.offset(i);
            s.forward(Launches.perImage(s.prefix + "_forward", part, s.in(i, true), own, part, offset, KernelArg.Scalar.BATCH),
                    Launches.perImage(s.prefix + "_forward", part, s.in(i, false), own, part, offset, KernelArg.Scalar.BATCH));
        }
        for (int i = 0; i < op.inputs().size(); i++) {
            if (s.needsInputGradient(i)) {
                int part = op.inputShapes().get(i).intSize();
                s.backward(Launches.perImage(s.prefix + "_backward", part, s.gOut(), s.gIn(i), part, op.offset(i),
                        KernelArg.Scalar.BATCH));
            }
        }
    }
}
