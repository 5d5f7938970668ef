package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.MultiplyOp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code multiply.cl}: one forward launch; backward one launch per operand whose gradient is needed, element
 * by element for a full operand, a plane sum per channel for a per-channel one.
 */
final class MultiplyPlan implements KindPlan {
    private final MultiplyOp op;

    MultiplyPlan(MultiplyOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", s.prefix);
        v.put("C", Defines.str(op.output().channels()));
        v.put("PLANE", Defines.str((long) op.output().height() * op.output().width()));
        v.put("A_GATE", op.broadcast(0) ? "1" : "0");
        v.put("B_GATE", op.broadcast(1) ? "1" : "0");
        s.source("multiply", v);
        String own = s.own();
        long size = op.output().size();
        s.forward(Launches.perImage(s.prefix + "_forward", size, s.in(0, true), s.in(1, true), own, KernelArg.Scalar.BATCH),
                Launches.perImage(s.prefix + "_forward", size, s.in(0, false), s.in(1, false), own, KernelArg.Scalar.BATCH));
        for (int k = 0; k < 2; k++) {
            if (!s.needsInputGradient(k)) {
                continue;
            }
            String other = s.in(1 - k, true);
            if (op.broadcast(k)) {
                s.backward(Launches.perImage(s.prefix + "_backward_sums", op.output().channels(), other, s.gOut(), s.gIn(k),
                        KernelArg.Scalar.BATCH));
            } else {
                s.backward(Launches.perImage(s.prefix + "_backward", size, other, s.gOut(), s.gIn(k), op.broadcast(1 - k) ? 1 : 0,
                        KernelArg.Scalar.BATCH));
            }
        }
    }
}
