package dev.kiln.runtime.backend;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;

/** PLACEHOLDER of the skeleton: the trainer work replaces this class (same constructor). */
public final class JavaBackend implements Backend {
    public JavaBackend(KilnModel model, OptimizerConfig optimizer) {
        throw new UnsupportedOperationException("placeholder");
    }

    @Override public String description() { throw new UnsupportedOperationException(); }
    @Override public NetworkSpec spec() { throw new UnsupportedOperationException(); }
    @Override public void plan(int maxBatch) { throw new UnsupportedOperationException(); }
    @Override public void setParameters(float[] params) { throw new UnsupportedOperationException(); }
    @Override public void getParameters(float[] dst) { throw new UnsupportedOperationException(); }
    @Override public double trainStep(float[] input, int[] labels, float[] targets, int batch, double learningRate, long seed, float[] outputs) { throw new UnsupportedOperationException(); }
    @Override public void predict(float[] input, int batch, float[] outputs) { throw new UnsupportedOperationException(); }
    @Override public void layerOutput(int layerIndex, float[] input, int batch, float[] out) { throw new UnsupportedOperationException(); }
    @Override public void close() { }
}
