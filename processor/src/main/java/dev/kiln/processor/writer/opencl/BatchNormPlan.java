package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.BatchNormOp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code batchnorm.cl}: in training a statistics launch (one work item per feature, the whole
 * batch) before the per-element normalisation, which reads the running statistics at inference;
 * backward is a per-feature sums launch then the per-element input gradient. The {@code frozen}
 * buffer (one int per layer, written by the backend) makes a frozen layer use its running
 * statistics in training.
 */
final class BatchNormPlan implements KindPlan {
    private final BatchNormOp op;

    BatchNormPlan(BatchNormOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        int f = op.features();
        int rm = s.stateOffset("running_mean");
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", s.prefix);
        v.put("LAYER", Integer.toString(s.index()));
        v.put("F", Integer.toString(f));
        v.put("S", Integer.toString(op.spatial()));
        v.put("W_OFF", Integer.toString(s.paramOffset("weight")));
        v.put("B_OFF", Integer.toString(s.paramOffset("bias")));
        v.put("RM", Integer.toString(rm));
        v.put("RV", Integer.toString(rm + f));
        v.put("NBT", Integer.toString(rm + 2 * f));
        v.put("EPS", Defines.floatLiteral((float) op.eps()));
        v.put("MOMENTUM", Defines.floatLiteral((float) op.momentum()));
        v.put("ACT", s.act.toString());
        v.put("DOUT_IS_DZ", s.doutIsDz ? "1" : "0");
        s.source("batchnorm", v);
        String own = s.own();
        String stats = "bnstats" + s.index();
        String sums = "bnsums" + s.index();
        s.buffer(stats, 0, 2L * f, false);
        s.buffer(sums, 0, 2L * f, false);
        s.buffer("state", 0, s.stateCount(), false);
        s.buffer("frozen", 0, s.layerCount(), true);
        long size = op.output().size();
        s.forwardTrainingOnly(Launches.fixed(s.prefix + "_statistics", f, s.in(0, true), stats, "state", "frozen",
                KernelArg.Scalar.BATCH));
        s.forward(Launches.perImage(s.prefix + "_forward", size, "params", s.in(0, true), stats, "state", own, 1,
                        KernelArg.Scalar.BATCH),
                Launches.perImage(s.prefix + "_forward", size, "params", s.in(0, false), stats, "state", own, 0,
                        KernelArg.Scalar.BATCH));
        s.backward(Launches.fixed(s.prefix + "_backward_sums", f, s.in(0, true), own, s.gOut(), stats, sums, "grads",
                "frozen", KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward_input", size, "params", s.in(0, true), s.gOut(), stats, sums,
                    s.gIn(0), KernelArg.Scalar.BATCH));
        }
    }
}
