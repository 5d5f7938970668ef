package dev.kiln.runtime.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.runtime.java.Dropouts;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Naive, obviously-correct loops in double precision, one comment per loop; test support and the
 * benchmark baseline. Layouts are Kiln's (and PyTorch's): inputs {@code (N, C, H, W)} flat,
 * every layer output {@code (N, outputSize)} channel-major, parameters flat in
 * {@link NetworkSpec#params()} order. The per-kind loops live in {@code ReferenceConv},
 * {@code ReferencePool}, {@code ReferenceDense}, {@code ReferenceActivations} and
 * {@code ReferenceLosses}; this class chains them and applies dropout.
 *
 * <p>Stateless apart from the spec: every call allocates its own buffers, so one instance may be
 * shared between threads.
 */
public final class ReferenceNetwork {
    private final NetworkSpec spec;
    private final List<LayerSpec> layers;
    private final int[] weightOffset;
    private final int[] biasOffset;

    public ReferenceNetwork(NetworkSpec spec) {
        this.spec = spec;
        this.layers = spec.layers();
        this.weightOffset = new int[layers.size()];
        this.biasOffset = new int[layers.size()];
        Arrays.fill(weightOffset, -1);
        Arrays.fill(biasOffset, -1);
        for (ParamSpec p : spec.params()) {
            if (p.isBias()) {
                biasOffset[p.layerIndex()] = p.offset();
            } else {
                weightOffset[p.layerIndex()] = p.offset();
            }
        }
        ReferenceChecks.check(spec);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** outputs[i] = layer i's output after its activation, batch x outputSize(i). */
    public double[][] forward(double[] params, double[] input, int batch, boolean training, long seed) {
        return run(params, input, batch, training, seed).outputs;
    }

    /**
     * Mean loss over the batch of an output (the last layer's output, as forward returns it).
     * {@code labels} holds class indices for softmax cross-entropy; {@code targets} holds
     * {@code batch x outputSize} values for binary cross-entropy (0 or 1; labels are used when it
     * is null) and mean squared error.
     */
    public double loss(double[] output, int[] labels, double[] targets, int batch) {
        int size = spec.output().intSize();
        double[] t = ReferenceChecks.targets(spec, labels, targets, batch);
        return ReferenceLosses.lossOfOutput(spec.loss(), lastLayer().activation(), output, labels, t, batch, size);
    }

    /**
     * Forward, loss and backward: parameter gradients (flat, params() layout) and the input gradient.
     * The loss here is computed from the last pre-activation (log-sum-exp, the logit form of binary
     * cross-entropy), which equals {@link #loss} wherever that is finite.
     */
    public Gradients gradients(double[] params, double[] input, int batch, int[] labels, double[] targets,
                               boolean training, long seed) {
        Trace trace = run(params, input, batch, training, seed);
        int last = layers.size() - 1;
        int size = spec.output().intSize();
        double[] t = ReferenceChecks.targets(spec, labels, targets, batch);
        Loss lossKind = spec.loss();
        double loss = ReferenceLosses.loss(lossKind, trace.pre[last], trace.outputs[last], labels, t, batch, size);
        double[] lossGrad = ReferenceLosses.gradient(lossKind, trace.pre[last], trace.outputs[last], labels, t, batch,
                size);

        double[] grads = new double[spec.parameterCount()];
        double[] dy = lossGrad;
        // each layer, last to first
        for (int i = last; i >= 0; i--) {
            LayerSpec layer = layers.get(i);
            boolean activationDone = i == last && ReferenceLosses.gradientIsPreActivation(lossKind);
            double[] dz = dy;
            if (!activationDone && layer.activation() != Activation.NONE) {
                dz = new double[dy.length];
                ReferenceActivations.backward(layer.activation(), trace.pre[i], trace.outputs[i], dy, dz, batch,
                        layer.output().intSize());
            }
            double[] x = i == 0 ? input : trace.outputs[i - 1];
            double[] dx = new double[Math.toIntExact(batch * layer.input().size())];
            backwardLayer(i, layer, params, x, dz, grads, dx, batch, trace, seed, training);
            dy = dx;
        }
        return new Gradients(loss, grads, dy, trace.outputs);
    }

    /**
     * @param loss    the mean loss over the batch
     * @param params  the loss's gradient with respect to every parameter, {@link NetworkSpec#params()} layout
     * @param input   the loss's gradient with respect to the input batch, {@code (N, C, H, W)}
     * @param outputs every layer's output from the forward pass, as {@link #forward} returns them
     */
    public record Gradients(double loss, double[] params, double[] input, double[][] outputs) {}

    private LayerSpec lastLayer() {
        return layers.get(layers.size() - 1);
    }

    /** What the forward pass keeps for the backward pass. */
    private record Trace(double[][] pre, double[][] outputs, int[][] argmax) {}

    private Trace run(double[] params, double[] input, int batch, boolean training, long seed) {
        ReferenceChecks.forwardArguments(spec, params, input, batch);
        int count = layers.size();
        double[][] pre = new double[count][];
        double[][] outputs = new double[count][];
        int[][] argmax = new int[count][];
        double[] x = input;
        // each layer, first to last
        for (int i = 0; i < count; i++) {
            LayerSpec layer = layers.get(i);
            int size = layer.output().intSize();
            double[] z = new double[batch * size];
            switch (layer.kind()) {
                case CONV2D -> ReferenceConv.forward(layer, params, weightOffset[i], biasOffset[i], x, z, batch);
                case DENSE -> ReferenceDense.forward(layer, params, weightOffset[i], biasOffset[i], x, z, batch);
                case MAX_POOL2D -> {
                    argmax[i] = new int[batch * size];
                    ReferencePool.maxForward(layer, x, z, argmax[i], batch);
                }
                case AVG_POOL2D -> ReferencePool.avgForward(layer, x, z, batch);
                case FLATTEN -> System.arraycopy(x, 0, z, 0, batch * size);
                case DROPOUT -> dropout(i, layer.rate(), x, z, batch * size, training, seed);
            }
            double[] y = z;
            if (layer.activation() != Activation.NONE) {
                y = new double[batch * size];
                ReferenceActivations.forward(layer.activation(), z, y, batch, size);
            }
            pre[i] = z;
            outputs[i] = y;
            x = y;
        }
        return new Trace(pre, outputs, argmax);
    }

    /**
     * Inverted dropout of layer {@code index}: dropped elements become 0, kept ones are scaled by
     * {@code 1 / (1 - rate)}. Linear, so the backward pass is the same mask applied to the gradient.
     */
    private static void dropout(int index, double rate, double[] x, double[] y, int elements, boolean training,
                                long seed) {
        double scale = 1 / (1 - rate);
        // each element of the (N, size) batch buffer
        for (int e = 0; e < elements; e++) {
            if (!training) {
                y[e] = x[e];
            } else {
                y[e] = Dropouts.dropped(seed, index, e, rate) ? 0 : x[e] * scale;
            }
        }
    }

    private void backwardLayer(int i, LayerSpec layer, double[] params, double[] x, double[] dz, double[] grads,
                               double[] dx, int batch, Trace trace, long seed, boolean training) {
        switch (layer.kind()) {
            case CONV2D -> ReferenceConv.backward(layer, params, weightOffset[i], biasOffset[i], x, dz, grads, dx, batch);
            case DENSE -> ReferenceDense.backward(layer, params, weightOffset[i], biasOffset[i], x, dz, grads, dx, batch);
            case MAX_POOL2D -> ReferencePool.maxBackward(layer, dz, trace.argmax[i], dx, batch);
            case AVG_POOL2D -> ReferencePool.avgBackward(layer, dz, dx, batch);
            case FLATTEN -> System.arraycopy(dz, 0, dx, 0, dx.length);
            case DROPOUT -> dropout(i, layer.rate(), dz, dx, dx.length, training, seed);
        }
    }
}
