package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.DenseOp;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code dense.cl}: one work item per output (bias and activation fused), the weight gradient, the input gradient. */
final class DensePlan implements KindPlan {
    private final DenseOp op;

    DensePlan(DenseOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("dense", defines(s.prefix, op, s.paramOffset("weight"), s.act, s.doutIsDz));
        String own = s.own();
        long size = op.output().size();
        s.forward(Launches.perImage(s.prefix + "_forward", size, s.params(), s.in(0, true), s.out(), KernelArg.Scalar.BATCH),
                Launches.perImage(s.prefix + "_forward", size, s.params(), s.in(0, false), s.out(), KernelArg.Scalar.BATCH));
        s.backward(Launches.parameterGradient(s.index(), s.prefix + "_backward_params", op.parameterCount(), s.in(0, true), own, s.gOut(), "grads",
                KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward_input", op.input().size(), "params", own, s.gOut(), s.gIn(0),
                    KernelArg.Scalar.BATCH));
        }
    }

    private static Map<String, String> defines(String prefix, DenseOp l, int weightOffset, KernelCodes.Act act, boolean doutIsDz) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("IN", Defines.str(l.input().intSize()));
        v.put("UNITS", Defines.str(l.units()));
        v.put("HAS_BIAS", l.bias() ? "1" : "0");
        v.put("ACT", act.toString());
        v.put("W_OFF", Defines.str(weightOffset));
        v.put("B_OFF", Defines.str(Math.addExact(weightOffset, Math.toIntExact(l.weightCount()))));
        v.put("DOUT_IS_DZ", doutIsDz ? "1" : "0");
        return v;
    }
}
