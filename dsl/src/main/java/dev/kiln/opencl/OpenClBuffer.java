package dev.kiln.opencl;

/**
 * A device buffer a plan names, sized {@code perImage x maxBatch + fixed} elements of 4 bytes.
 *
 * @param name     the name plans use, e.g. {@code params}, {@code a0}, {@code g3}
 * @param perImage elements per image of the batch (activations, their gradients, inputs)
 * @param fixed    elements independent of the batch (parameters, gradients, optimiser state)
 * @param integer  whether it holds ints (labels, argmax positions) rather than floats
 */
public record OpenClBuffer(String name, long perImage, long fixed, boolean integer) {

    /** Elements for batches of up to {@code maxBatch} images, at least one (OpenCL has no empty buffers). */
    public long elements(int maxBatch) {
        return Math.max(1, Math.addExact(Math.multiplyExact(perImage, maxBatch), fixed));
    }
}
