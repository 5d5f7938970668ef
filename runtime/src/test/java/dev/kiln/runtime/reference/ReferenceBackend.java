package dev.kiln.runtime.reference;

import dev.kiln.reference.Floats;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.optim.Optimizer;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;

/**
 * The reference wrapped as a Backend (float API, double inside), with the Java Optimizer: the
 * naive baseline. Parameters are kept as floats (as the other backends keep them) and widened to
 * double for each pass; gradients are rounded to float before the optimiser step. It allocates
 * per step and uses one thread: it is meant to be slow and obviously right.
 */
public final class ReferenceBackend implements Backend {
    private final NetworkSpec spec;
    private final ReferenceNetwork network;
    private Optimizer optimizer;
    /** Per-tensor learning-rate factors; null: one rate for all. */
    private ParamGroups groups;
    private final float[] params;
    private final float[] grads;
    /** The running statistics, kept in double: a training step updates them as PyTorch does. */
    private final double[] state;
    private int plannedBatch;

    public ReferenceBackend(NetworkSpec spec, OptimizerConfig optimizer) {
        this.spec = spec;
        this.network = new ReferenceNetwork(spec);
        this.optimizer = new Optimizer(optimizer, spec.parameterCount());
        this.params = new float[spec.parameterCount()];
        this.grads = new float[spec.parameterCount()];
        this.state = network.initialState();
    }

    @Override
    public void setState(float[] source) {
        if (source.length != spec.stateCount()) {
            throw new IllegalArgumentException(spec.simpleName() + ": the state must hold " + spec.stateCount() + " values, not "
                    + source.length);
        }
        System.arraycopy(Floats.widen(source, source.length), 0, state, 0, state.length);
    }

    @Override
    public void getState(float[] dst) {
        Floats.narrow(state, dst, state.length);
    }

    @Override
    public String description() {
        return "reference (double precision, naive loops, 1 thread)";
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    /** Records the largest batch; the reference allocates per call, so nothing is planned. */
    @Override
    public void plan(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException(spec.simpleName() + ": plan for a batch of at least 1 image, not " + maxBatch);
        }
        plannedBatch = maxBatch;
    }

    @Override
    public void setParameters(float[] source) {
        requireLength("parameters", source.length);
        System.arraycopy(source, 0, params, 0, params.length);
        optimizer.reset();
    }

    @Override
    public void setParamGroups(ParamGroups newGroups) {
        this.groups = newGroups == null || newGroups.isUniform() ? null : newGroups;
    }

    @Override
    public void getParameters(float[] dst) {
        requireLength("the parameter destination", dst.length);
        System.arraycopy(params, 0, dst, 0, params.length);
    }

    @Override
    public double trainStep(float[] input, int[] labels, float[] targets, int batch, double learningRate, long seed,
                            float[] outputs) {
        checkBatch(batch);
        double[] t = targets == null ? null : Floats.widen(targets, batch * outputSize());
        ReferenceNetwork.Gradients g = network.gradients(Floats.widen(params, params.length), state,
                Floats.widen(input, inputLength(batch)), batch, labels, t, true, seed);
        // each parameter: the gradient rounded to float
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (float) g.params()[i];
        }
        if (outputs != null) {
            Floats.narrow(g.outputs()[g.outputs().length - 1], outputs, batch * outputSize());
        }
        if (groups == null) {
            optimizer.step(params, grads, learningRate);
        } else {
            optimizer.step(params, grads, learningRate, groups.ranges());
        }
        return g.loss();
    }

    @Override
    public void predict(float[] input, int batch, float[] outputs) {
        layerOutput(spec.layers().size() - 1, input, batch, outputs);
    }

    @Override
    public void layerOutput(int layerIndex, float[] input, int batch, float[] out) {
        checkBatch(batch);
        if (layerIndex < 0 || layerIndex >= spec.layers().size()) {
            throw new IllegalArgumentException(spec.simpleName() + ": layer index " + layerIndex + " is outside [0, "
                    + (spec.layers().size() - 1) + "]");
        }
        double[][] outputs = network.forward(Floats.widen(params, params.length), state.clone(),
                Floats.widen(input, inputLength(batch)), batch, false, 0);
        Floats.narrow(outputs[layerIndex], out, outputs[layerIndex].length);
    }

    /** Nothing to release. */
    @Override
    public void close() {
    }

    private int outputSize() {
        return spec.output().intSize();
    }

    private int inputLength(int batch) {
        return Math.toIntExact(batch * spec.input().size());
    }

    private void checkBatch(int batch) {
        if (batch < 1 || (plannedBatch > 0 && batch > plannedBatch)) {
            throw new IllegalArgumentException(spec.simpleName() + ": a batch of " + batch + " images, but the backend"
                    + " was planned for 1 to " + plannedBatch);
        }
    }

    private void requireLength(String what, int length) {
        if (length != spec.parameterCount()) {
            throw new IllegalArgumentException(spec.simpleName() + ": " + what + " must hold " + spec.parameterCount()
                    + " values, not " + length);
        }
    }

    @Override
    public OptimizerState optimizerState() {
        return optimizer.state();
    }

    @Override
    public void setOptimizerState(OptimizerState state) {
        optimizer.restore(state);
    }


    @Override
    public void setOptimizer(OptimizerConfig config) {
        optimizer = new Optimizer(config, spec.parameterCount());
    }

}
