package dev.kiln.processor.writer.opencl;

/** One op kind's OpenCL plan: its template instance, buffers and launches, next to nothing else. */
interface KindPlan {

    /** Adds the op's template instance, buffers and launches through {@code s}. */
    void plan(StepPlan s);
}
