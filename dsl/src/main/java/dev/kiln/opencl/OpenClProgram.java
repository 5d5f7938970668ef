package dev.kiln.opencl;

import java.util.List;

/**
 * The OpenCL side of a generated model: the specialised program source and its launch plan.
 * Written by the processor's OpenCL writer as {@code FooOpenCl}; run by the OpenCL backend.
 *
 * <p>The plans name buffers ({@link #buffers()}) and the per-step scalars listed in
 * {@link OpenClLaunch}; the backend binds them. A training step is {@link #trainingPlan()}
 * followed by one optimiser launch ({@link #sgdUpdate()} or {@link #adamUpdate()}), which is
 * skipped for a network without parameters.
 */
public interface OpenClProgram {

    /** The complete program source, as written to {@code FooModel.cl}. */
    String source();

    /** Kernel launches in one forward pass (inference). */
    int forwardLaunches();

    /** Kernel launches in one training step: forward, loss, backward and the optimiser update. */
    int trainingStepLaunches();

    /** Every buffer the plans name, with its size. */
    List<OpenClBuffer> buffers();

    /** Inference: the input batch in {@code input}, each layer's output in {@link #layerBuffers()}. */
    List<OpenClLaunch> forwardPlan();

    /**
     * Inference that needs only the output: the network's inference rewrite (each batch norm folded into the
     * layer before it, the folded weights computed first from {@code params} and {@code state}), leaving the
     * last layer's output where {@link #forwardPlan()} does; the other layers' buffers are not all written.
     * {@link #forwardPlan()} for a program without such a rewrite.
     */
    default List<OpenClLaunch> predictPlan() {
        return forwardPlan();
    }

    /** Training: forward with dropout, the loss with its gradient, and backward into {@code grads} (assigned). */
    List<OpenClLaunch> trainingPlan();

    /** The SGD update of every parameter: {@code params}, {@code grads}, {@code velocity}. */
    OpenClLaunch sgdUpdate();

    /** The Adam update of every parameter: {@code params}, {@code grads}, {@code adam_m}, {@code adam_v}. */
    OpenClLaunch adamUpdate();

    /** The buffer holding each layer's output after {@link #forwardPlan()} (flatten and dropout share their input's). */
    List<String> layerBuffers();

    /** The buffer holding the last layer's output after {@link #trainingPlan()}. */
    String trainingOutputBuffer();
}
