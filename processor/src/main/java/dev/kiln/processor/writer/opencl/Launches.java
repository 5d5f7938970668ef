package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClLaunch;
import java.util.ArrayList;
import java.util.List;

/**
 * The planner's shorthand for {@link OpenClLaunch}es: arguments given as a String (a buffer of the
 * plan), an Integer (a constant) or a {@link KernelArg} (itself).
 */
final class Launches {
    private Launches() {
    }

    /** The parameter gradient of layer {@code layer}, one work item per parameter (skipped while it is frozen). */
    static OpenClLaunch parameterGradient(int layer, String kernel, long items, Object... args) {
        return new OpenClLaunch(kernel, new long[] {items}, false, false, args(args), layer);
    }

    /** {@code items} work items per image of the batch. */
    static OpenClLaunch perImage(String kernel, long items, Object... args) {
        return new OpenClLaunch(kernel, new long[] {items}, true, false, args(args));
    }

    /** {@code items} work items, whatever the batch. */
    static OpenClLaunch fixed(String kernel, long items, Object... args) {
        return new OpenClLaunch(kernel, new long[] {items}, false, false, args(args));
    }

    /** The typed arguments. */
    static List<KernelArg> args(Object... args) {
        List<KernelArg> out = new ArrayList<>();
        for (Object a : args) {
            if (a instanceof KernelArg k) {
                out.add(k);
            } else if (a instanceof String s) {
                out.add(KernelArg.buffer(s));
            } else if (a instanceof Integer i) {
                out.add(KernelArg.constant(i));
            } else {
                throw new IllegalArgumentException("not a kernel argument: " + a);
            }
        }
        return List.copyOf(out);
    }
}
