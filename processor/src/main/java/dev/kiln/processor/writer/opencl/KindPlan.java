package dev.kiln.processor.writer.opencl;

/** One op kind's OpenCL plan: its template instance, buffers and launches, next to nothing else. */
interface KindPlan {

    /** Whether the op's output is its input's buffer under another name (flatten; dropout at inference). */
    default boolean aliasesInput(boolean training) {
        return false;
    }

    /** Adds the op's template instance, buffers and launches through {@code s}. */
    void plan(StepPlan s);
}
