package dev.kiln.runtime.train;

import dev.kiln.runtime.Backend;
import dev.kiln.spec.NetworkSpec;

/**
 * A test backend whose outputs are its inputs, so that evaluation and feature maps can be checked
 * against values computed by hand. The spec's input and output sizes must be equal; every layer's
 * output is the input's first {@code size} values.
 */
final class IdentityBackend implements Backend {
    private final NetworkSpec spec;
    int plannedBatch;
    int predictCalls;

    IdentityBackend(NetworkSpec spec) {
        this.spec = spec;
    }

    @Override public String description() { return "identity (test)"; }
    @Override public NetworkSpec spec() { return spec; }
    @Override public void plan(int maxBatch) { plannedBatch = Math.max(plannedBatch, maxBatch); }
    @Override public void setParameters(float[] params) { }
    @Override public void getParameters(float[] dst) { }

    @Override
    public double trainStep(float[] input, int[] labels, float[] targets, int batch, double learningRate, long seed,
                            float[] outputs) {
        throw new UnsupportedOperationException("the identity backend does not train");
    }

    @Override
    public void predict(float[] input, int batch, float[] outputs) {
        predictCalls++;
        copy(input, batch, spec.output().intSize(), outputs);
    }

    @Override
    public void layerOutput(int layerIndex, float[] input, int batch, float[] out) {
        copy(input, batch, spec.layers().get(layerIndex).output().intSize(), out);
    }

    private void copy(float[] input, int batch, int size, float[] out) {
        int in = spec.input().intSize();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(input, b * in, out, b * size, size);
        }
    }

    @Override public void close() { }

    @Override
    public void setOptimizer(dev.kiln.runtime.optim.OptimizerConfig optimizer) {
        // plain gradient steps whatever the optimiser: this backend checks the trainer's wiring only
    }

}
