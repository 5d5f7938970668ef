package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.Pool2dOp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code pool.cl}: max (keeping the argmax) or average pooling (PyTorch's divisor: the window within the padded
 * input, or with {@code countIncludePad = false} within the input), and the gathered input gradient. Ceil mode
 * is the op's output size.
 */
final class PoolPlan implements KindPlan {
    private final Pool2dOp op;
    private final boolean max;

    PoolPlan(Pool2dOp op, boolean max) {
        this.op = op;
        this.max = max;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("pool", defines(s.prefix, op, max));
        String own = s.own();
        long size = op.output().size();
        String forward = s.prefix + "_forward";
        if (max) {
            String arg = "arg" + s.index();
            s.buffer(arg, size, 0, true);
            s.forward(Launches.perImage(forward, size, s.in(0, true), own, arg, KernelArg.Scalar.BATCH),
                    Launches.perImage(forward, size, s.in(0, false), own, arg, KernelArg.Scalar.BATCH));
            if (s.needsInputGradient(0)) {
                s.backward(Launches.perImage(s.prefix + "_backward", op.input().size(), arg, s.gOut(), s.gIn(0),
                        KernelArg.Scalar.BATCH));
            }
        } else {
            s.forward(Launches.perImage(forward, size, s.in(0, true), own, KernelArg.Scalar.BATCH),
                    Launches.perImage(forward, size, s.in(0, false), own, KernelArg.Scalar.BATCH));
            if (s.needsInputGradient(0)) {
                s.backward(Launches.perImage(s.prefix + "_backward", op.input().size(), s.gOut(), s.gIn(0),
                        KernelArg.Scalar.BATCH));
            }
        }
    }

    private static Map<String, String> defines(String prefix, Pool2dOp l, boolean max) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("POOL_MAX", max ? "1" : "0");
        v.put("C", Defines.str(l.input().channels()));
        v.put("IH", Defines.str(l.input().height()));
        v.put("IW", Defines.str(l.input().width()));
        v.put("OH", Defines.str(l.output().height()));
        v.put("OW", Defines.str(l.output().width()));
        Defines.window(v, l.window());
        v.put("PB", Defines.str(l.window().padBottom()));
        v.put("PR", Defines.str(l.window().padRight()));
        v.put("COUNT_INCLUDE_PAD", l instanceof AvgPool2dOp a && !a.countIncludePad() ? "0" : "1");
        return v;
    }
}
