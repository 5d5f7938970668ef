package dev.kiln.processor.writer.opencl;

import java.util.List;

/**
 * A launch as the planner decides it; written into {@code FooOpenCl} as the runtime's
 * {@code OpenClLaunch} with the same fields and meaning (the processor does not depend on the runtime).
 */
record PlannedLaunch(String kernel, long[] global, boolean perImage, boolean tiled, List<String> args) {

    static PlannedLaunch perImage(String kernel, long items, String... args) {
        return new PlannedLaunch(kernel, new long[] {items}, true, false, List.of(args));
    }

    static PlannedLaunch fixed(String kernel, long items, String... args) {
        return new PlannedLaunch(kernel, new long[] {items}, false, false, List.of(args));
    }
}
