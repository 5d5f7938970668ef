package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;

/**
 * Flatten is a view: {@code (C, H, W)} channel-major already is the flat order, so its output is
 * its input's buffer and, where the schedule lets the two gradients share a buffer, so is its
 * gradient. Only when its input has other readers does backward copy (or add) the gradient.
 */
final class FlattenPlan implements KindPlan {

    @Override
    public void plan(StepPlan s) {
        if (s.needsInputGradient(0)) {
            String gIn = s.gIn(0);
            if (!gIn.equals(s.gOut())) {
                long size = s.op().output().size();
                s.backward(Launches.perImage(s.copyKernel(size), size, s.gOut(), gIn, KernelArg.Scalar.BATCH));
            }
        }
    }
}
