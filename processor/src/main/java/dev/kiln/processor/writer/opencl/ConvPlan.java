package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.PaddingMode;
import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.Window;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code conv.cl}: a tiled forward (bias and activation fused), the weight gradient, the input gradient; grouped or not. */
final class ConvPlan implements KindPlan {
    private final Conv2dOp op;

    ConvPlan(Conv2dOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("conv", defines(s.prefix, op, s.paramOffset("weight"), s.act, s.doutIsDz));
        String own = s.own();
        long[] global = {(long) op.output().height() * op.output().width(), op.filters(), 1};
        s.forward(new OpenClLaunch(s.prefix + "_forward", global, true, true, Launches.args(s.params(), s.in(0, true), s.out())),
                new OpenClLaunch(s.prefix + "_forward", global, true, true, Launches.args(s.params(), s.in(0, false), s.out())));
        s.backward(Launches.parameterGradient(s.index(), s.prefix + "_backward_params", op.parameterCount(), s.in(0, true), own, s.gOut(), "grads",
                KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward_input", op.input().size(), "params", own, s.gOut(), s.gIn(0),
                    KernelArg.Scalar.BATCH));
        }
    }

    /** Reals of weights a conv work-group stages in local memory: 16 KiB, half the minimum OpenCL guarantees. */
    static final int LOCAL_WEIGHT_REALS = 4096;

    private static Map<String, String> defines(String prefix, Conv2dOp l, int weightOffset, KernelCodes.Act act, boolean doutIsDz) {
        Window w = l.window();
        int area = w.kernelH() * w.kernelW();
        int icTile = Math.min(l.groupChannels(), Math.max(1, LOCAL_WEIGHT_REALS / area));
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("IC", Defines.str(l.input().channels()));
        v.put("IH", Defines.str(l.input().height()));
        v.put("IW", Defines.str(l.input().width()));
        v.put("OC", Defines.str(l.filters()));
        v.put("OH", Defines.str(l.output().height()));
        v.put("OW", Defines.str(l.output().width()));
        Defines.window(v, w);
        v.put("REPLICATE", l.paddingMode() == PaddingMode.REPLICATE ? "1" : "0");
        v.put("HAS_BIAS", l.bias() ? "1" : "0");
        v.put("ACT", act.toString());
        v.put("W_OFF", Defines.str(weightOffset));
        v.put("B_OFF", Defines.str(Math.addExact(weightOffset, Math.toIntExact(l.weightCount()))));
        v.put("DOUT_IS_DZ", doutIsDz ? "1" : "0");
        v.put("GROUPS", Defines.str(l.groups()));
        v.put("IC_TILE", Defines.str(icTile));
        v.put("LOCAL_WEIGHTS", area <= LOCAL_WEIGHT_REALS ? "1" : "0");
        return v;
    }
}
