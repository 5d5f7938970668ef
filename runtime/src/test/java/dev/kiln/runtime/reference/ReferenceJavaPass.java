package dev.kiln.runtime.reference;

import dev.kiln.reference.Floats;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.runtime.java.JavaPass;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;

/**
 * The reference behind the {@link JavaPass} interface (float arrays outside, double inside): a
 * stand-in for a generated {@code FooJavaPass} in tests of code that drives a pass (backends,
 * trainers), and the subject that shows {@link PassComparison} working. Not fast, and it
 * allocates on every call.
 */
public final class ReferenceJavaPass implements JavaPass {
    private final NetworkSpec spec;
    private ReferenceNetwork network;
    /** Per parameter: whether its layer is frozen (setFrozen), so backward leaves its gradient alone. */
    private boolean[] frozenParams;
    private int plannedBatch;
    private double[] params;
    private double[] input;
    private int batch;
    private boolean training;
    private long seed;
    private float[][] outputs;
    private int[] labels;
    private double[] targets;
    private final float[] state;
    /** The state the last forward started from, which backward's re-run of the forward needs. */
    private double[] stateBefore;

    public ReferenceJavaPass(NetworkSpec spec) {
        this.spec = spec;
        this.network = new ReferenceNetwork(spec);
        this.state = spec.initialState();
    }

    @Override
    public float[] state() {
        return state;
    }

    @Override
    public void plan(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException(spec.simpleName() + ": plan for a batch of at least 1 image, not " + maxBatch);
        }
        plannedBatch = maxBatch;
    }

    @Override
    public int plannedBatch() {
        return plannedBatch;
    }

    @Override
    public void forward(float[] params, float[] input, int batch, boolean training, long seed) {
        if (batch < 1 || batch > plannedBatch) {
            throw new IllegalArgumentException(spec.simpleName() + ": a batch of " + batch + " images, but the pass"
                    + " was planned for 1 to " + plannedBatch);
        }
        this.params = Floats.widen(params, params.length);
        this.input = Floats.widen(input, Math.toIntExact(batch * spec.input().size()));
        this.batch = batch;
        this.training = training;
        this.seed = seed;
        this.stateBefore = Floats.widen(state, state.length);
        double[] after = stateBefore.clone();
        double[][] out = network.forward(this.params, after, this.input, batch, training, seed);
        Floats.narrow(after, state, state.length);
        outputs = new float[out.length][];
        // each layer
        for (int i = 0; i < out.length; i++) {
            outputs[i] = Floats.narrow(out[i]);
        }
    }

    @Override
    public float[] layerOutput(int index) {
        requireForward();
        return outputs[index];
    }

    @Override
    public float[] output() {
        requireForward();
        return outputs[outputs.length - 1];
    }

    @Override
    public double loss(int[] labels, float[] targets, int batch) {
        requireForward();
        if (batch != this.batch) {
            throw new IllegalArgumentException(spec.simpleName() + ": the loss of " + batch + " images, but the last"
                    + " forward ran " + this.batch);
        }
        this.labels = labels;
        this.targets = targets == null ? null : Floats.widen(targets, batch * spec.output().intSize());
        return network.gradients(params, stateBefore.clone(), input, batch, labels, this.targets, training, seed).loss();
    }

    @Override
    public void backward(float[] params, float[] grads, float[] inputGrad, int batch) {
        requireForward();
        ReferenceNetwork.Gradients g = network.gradients(Floats.widen(params, params.length), stateBefore.clone(), input, batch, labels,
                targets, training, seed);
        // each parameter: add, as the gradient policy says
        for (int i = 0; i < grads.length; i++) {
            if (frozenParams == null || !frozenParams[i]) {
                grads[i] += (float) g.params()[i];
            }
        }
        if (inputGrad != null) {
            // each input element: assign
            for (int i = 0; i < g.input().length; i++) {
                inputGrad[i] = (float) g.input()[i];
            }
        }
    }

    @Override
    public void setFrozen(boolean[] layers) {
        if (layers.length != spec.layers().size()) {
            throw new IllegalArgumentException(spec.simpleName() + ": one flag per layer (" + spec.layers().size() + "), not "
                    + layers.length);
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        frozenParams = new boolean[spec.parameterCount()];
        for (int l = 0; l < layers.length; l++) {
            if (layers[l]) {
                names.add(spec.layers().get(l).name());
            }
        }
        for (ParamSpec p : spec.params()) {
            if (layers[p.layerIndex()]) {
                java.util.Arrays.fill(frozenParams, p.offset(), p.offset() + p.size(), true);
            }
        }
        network = new ReferenceNetwork(spec).withFrozen(names);
    }

    private void requireForward() {
        if (outputs == null) {
            throw new IllegalStateException(spec.simpleName() + ": call forward first");
        }
    }
}
