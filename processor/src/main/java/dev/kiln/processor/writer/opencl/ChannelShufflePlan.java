package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.spec.ChannelShuffleOp;
import java.util.Map;

/** {@code shuffle.cl}: one gather launch each way. */
final class ChannelShufflePlan implements KindPlan {
    private final ChannelShuffleOp op;

    ChannelShufflePlan(ChannelShuffleOp op) {
        this.op = op;
    }

    @Override
    public void plan(StepPlan s) {
        s.source("shuffle", Map.of("PREFIX", s.prefix, "C", Defines.str(op.input().channels()), "PLANE",
                Defines.str((long) op.input().height() * op.input().width()), "GROUPS", Defines.str(op.groups())));
        String own = s.own();
        long size = op.output().size();
        s.forward(Launches.perImage(s.prefix + "_forward", size, s.in(0, true), own, KernelArg.Scalar.BATCH),
                Launches.perImage(s.prefix + "_forward", size, s.in(0, false), own, KernelArg.Scalar.BATCH));
        if (s.needsInputGradient(0)) {
            s.backward(Launches.perImage(s.prefix + "_backward", size, s.gOut(), s.gIn(0), KernelArg.Scalar.BATCH));
        }
    }
}
