package dev.kiln.processor.writer.opencl;

import java.util.ArrayList;
import java.util.List;

/**
 * A launch as the planner decides it; written into {@code FooOpenCl} as the runtime's
 * {@code OpenClLaunch} with the same fields and meaning (the processor does not depend on the runtime).
 * {@code gradientOfLayer} is the layer whose parameter gradient the launch computes (so a frozen
 * layer's can be skipped), or -1.
 */
record PlannedLaunch(String kernel, long[] global, boolean perImage, boolean tiled, List<KernelArg> args,
                     int gradientOfLayer) {

    PlannedLaunch(String kernel, long[] global, boolean perImage, boolean tiled, List<KernelArg> args) {
        this(kernel, global, perImage, tiled, args, -1);
    }

    /** The parameter gradient of layer {@code layer}, one work item per parameter. */
    static PlannedLaunch parameterGradient(int layer, String kernel, long items, Object... args) {
        return new PlannedLaunch(kernel, new long[] {items}, false, false, typed(args), layer);
    }

    /** Args: a String names a buffer, an Integer is a constant, a {@link KernelArg} stands for itself. */
    static PlannedLaunch perImage(String kernel, long items, Object... args) {
        return new PlannedLaunch(kernel, new long[] {items}, true, false, typed(args));
    }

    static PlannedLaunch fixed(String kernel, long items, Object... args) {
        return new PlannedLaunch(kernel, new long[] {items}, false, false, typed(args));
    }

    static List<KernelArg> typed(Object... args) {
        List<KernelArg> out = new ArrayList<>();
        for (Object a : args) {
            out.add(KernelArg.of(a));
        }
        return List.copyOf(out);
    }
}
