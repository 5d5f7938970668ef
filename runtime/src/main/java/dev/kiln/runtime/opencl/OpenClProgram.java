package dev.kiln.runtime.opencl;

/**
 * The OpenCL side of a generated model: the specialised program source and its launch plan.
 * Written by the processor's OpenCL writer as {@code FooOpenCl}; run by the OpenCL backend.
 */
public interface OpenClProgram {

    /** The complete program source, as written to {@code FooModel.cl}. */
    String source();

    /** Kernel launches in one forward pass (inference). */
    int forwardLaunches();

    /** Kernel launches in one training step: forward, loss, backward and the optimiser update. */
    int trainingStepLaunches();
}
