package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.spec.AddOp;
import java.util.Map;

/**
 * {@code add.cl}: k addends in k - 1 launches (partial sums, then the sum with the activation
 * fused); backward is one launch per input, each assigning the pre-activation gradient.
 */
final class AddPlan implements KindPlan {
    private final AddOp op;

    AddPlan(AddOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("add", Map.of("PREFIX", s.prefix, "SIZE", Long.toString(op.output().size()), "ACT", s.act.toString(),
                "DOUT_IS_DZ", s.doutIsDz ? "1" : "0"));
        String own = s.own();
        long size = op.output().size();
        int k = op.inputs().size();
        for (boolean training : new boolean[] {true, false}) {
            String acc = s.in(0, training);
            for (int i = 1; i < k; i++) {
                String kernel = s.prefix + (i == k - 1 ? "_forward" : "_partial");
                OpenClLaunch l = Launches.perImage(kernel, size, acc, s.in(i, training), own, KernelArg.Scalar.BATCH);
                if (training) {
                    s.forwardTrainingOnly(l);
                } else {
                    s.forwardInferenceOnly(l);
                }
                acc = own;
            }
        }
        for (int i = 0; i < k; i++) {
            if (s.needsInputGradient(i)) {
                s.backward(Launches.perImage(s.prefix + "_backward_input", size, own, s.gOut(), s.gIn(i), KernelArg.Scalar.BATCH));
            }
        }
    }
}
