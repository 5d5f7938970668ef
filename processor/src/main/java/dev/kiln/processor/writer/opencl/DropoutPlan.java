package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.DropoutOp;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code dropout.cl}: the hashed mask in training (the Java backend's exactly); the identity, a renamed buffer, at inference. */
final class DropoutPlan implements KindPlan {
    private final DropoutOp op;

    DropoutPlan(DropoutOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("dropout", defines(s.prefix, op, s.index()));
        long size = op.output().size();
        s.forwardTrainingOnly(Launches.perImage(s.prefix + "_forward", size, s.in(0, true), s.own(), KernelArg.Scalar.BATCH,
                KernelArg.Scalar.SEED_LO, KernelArg.Scalar.SEED_HI));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward", size, s.gOut(), s.gIn(0), KernelArg.Scalar.BATCH,
                    KernelArg.Scalar.SEED_LO, KernelArg.Scalar.SEED_HI));
        }
    }

    /** Threshold and scale exactly as {@code dev.kiln.spec.Dropouts} and the Java backend compute them. */
    private static Map<String, String> defines(String prefix, DropoutOp l, int layerIndex) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", prefix);
        v.put("LAYER", layerIndex + "u");
        v.put("SIZE", Defines.str(l.output().intSize()));
        v.put("THRESHOLD", Math.round(l.rate() * (1 << 24)) + "u");
        v.put("SCALE", Defines.floatLiteral((float) (1.0 / (1.0 - l.rate()))));
        return v;
    }
}
