package dev.kiln.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Naive, obviously-correct loops in double precision, one comment per loop; test support and the
 * benchmark baseline. Layouts are Kiln's (and PyTorch's): inputs {@code (N, C, H, W)} flat,
 * every layer output {@code (N, outputSize)} channel-major, parameters flat in
 * {@link NetworkSpec#params()} order. Each kind's loops live in its own class ({@code ReferenceConv},
 * {@code ReferenceMaxPool}, ...), which {@code ReferenceKinds} picks per op; activations and losses are
 * {@code ReferenceActivations} and {@code ReferenceLosses}. This class runs the ops in the order of the
 * network's {@link Schedule}, applies and differentiates their activations, and sums the gradients
 * of tensors read several times.
 *
 * <p>Stateless apart from the spec: every call allocates its own buffers, so one instance may be
 * shared between threads.
 */
public final class ReferenceNetwork {
    private final NetworkSpec spec;
    private final Schedule schedule;
    private final List<Op> layers;
    private final LayerCall.Offsets offsets;
    /** Layers whose batch norm uses its running statistics in training too (Keras' {@code trainable = False}). */
    private Set<String> frozen = Set.of();

    public ReferenceNetwork(NetworkSpec spec) {
        this.spec = spec;
        this.schedule = Schedule.of(spec);
        this.layers = spec.layers();
        this.offsets = new LayerCall.Offsets(spec);
        ReferenceChecks.check(spec);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /**
     * This network with the layers {@code names} frozen: a frozen batch-norm layer normalises with
     * its running statistics in training too, does not update them, and differentiates that (as
     * Keras' {@code trainable = False}). Every gradient is still computed; what a backend skips for a
     * frozen layer is compared against this.
     */
    public ReferenceNetwork withFrozen(Set<String> names) {
        ReferenceNetwork r = new ReferenceNetwork(spec);
        r.frozen = Set.copyOf(names);
        return r;
    }

    /** A fresh network's running statistics, widened: {@link NetworkSpec#initialState()}. */
    public double[] initialState() {
        return Floats.widen(spec.initialState(), spec.stateCount());
    }

    /** outputs[i] = layer i's output after its activation, batch x outputSize(i); running statistics as a fresh network's. */
    public double[][] forward(double[] params, double[] input, int batch, boolean training, long seed) {
        return run(params, initialState(), input, batch, training, seed, false).outputs;
    }

    /**
     * As {@link #forward(double[], double[], int, boolean, long)} with the running statistics
     * {@code state} ({@link NetworkSpec#state()} layout), which a training forward updates in place.
     */
    public double[][] forward(double[] params, double[] state, double[] input, int batch, boolean training, long seed) {
        return run(params, state, input, batch, training, seed, false).outputs;
    }

    /**
     * As {@link #forward(double[], double[], double[], int, boolean, long)}, with every output
     * element's error scale ({@link ErrorBound}): how far a float computation of it may stray.
     */
    public ScaledOutputs forwardWithScales(double[] params, double[] state, double[] input, int batch, boolean training,
                                           long seed) {
        Trace trace = run(params, state, input, batch, training, seed, true);
        return new ScaledOutputs(trace.outputs, trace.outScale);
    }

    /** Every layer's output ({@link #forward} layout) and each element's error scale ({@link ErrorBound}). */
    public record ScaledOutputs(double[][] outputs, double[][] scales) {}

    /**
     * Mean loss over the batch of an output (the last layer's output, as forward returns it).
     * {@code labels} holds class indices for softmax cross-entropy; {@code targets} holds
     * {@code batch x outputSize} values for binary cross-entropy (0 or 1; labels are used when it
     * is null) and mean squared error.
     */
    public double loss(double[] output, int[] labels, double[] targets, int batch) {
        int size = spec.output().intSize();
        double[] t = ReferenceChecks.targets(spec, labels, targets, batch);
        return ReferenceLosses.lossOfOutput(spec.loss(), spec.outputLayer().activation(), output, labels, t, batch, size);
    }

    /**
     * Forward, loss and backward: parameter gradients (flat, params() layout) and the input gradient.
     * The loss here is computed from the last pre-activation (log-sum-exp, the logit form of binary
     * cross-entropy), which equals {@link #loss} wherever that is finite. Running statistics start
     * as a fresh network's.
     */
    public Gradients gradients(double[] params, double[] input, int batch, int[] labels, double[] targets,
                               boolean training, long seed) {
        return gradients(params, initialState(), input, batch, labels, targets, training, seed);
    }

    /** As above with the running statistics {@code state}, which a training forward updates in place. */
    public Gradients gradients(double[] params, double[] state, double[] input, int batch, int[] labels, double[] targets,
                               boolean training, long seed) {
        return gradients(params, state, input, batch, labels, targets, training, seed, false);
    }

    /**
     * As {@link #gradients(double[], double[], double[], int, int[], double[], boolean, long)},
     * with the error scale ({@link ErrorBound}) of every output, gradient and running statistic
     * in {@link Gradients#scales()}. Several times slower: the weighted layers' loops run again
     * on absolute values, squares and ones.
     */
    public Gradients gradientsWithScales(double[] params, double[] state, double[] input, int batch, int[] labels,
                                         double[] targets, boolean training, long seed) {
        return gradients(params, state, input, batch, labels, targets, training, seed, true);
    }

    private Gradients gradients(double[] params, double[] state, double[] input, int batch, int[] labels, double[] targets,
                                boolean training, long seed, boolean scaled) {
        Trace trace = run(params, state, input, batch, training, seed, scaled);
        int last = layers.size() - 1;
        int size = spec.output().intSize();
        double[] t = ReferenceChecks.targets(spec, labels, targets, batch);
        Loss lossKind = spec.loss();
        double loss = ReferenceLosses.loss(lossKind, trace.pre[last], trace.outputs[last], labels, t, batch, size);
        double[] lossGrad = ReferenceLosses.gradient(lossKind, trace.pre[last], trace.outputs[last], labels, t, batch,
                size);

        double[] grads = new double[spec.parameterCount()];
        // the gradient with respect to each tensor, summed over its readers
        Map<String, double[]> dTensor = new HashMap<>();
        dTensor.put(layers.get(last).name(), lossGrad);
        double[] gradScales = scaled ? new double[spec.parameterCount()] : null;
        Map<String, double[]> dScale = new HashMap<>();
        if (scaled) {
            dScale.put(layers.get(last).name(), ReferenceScales.lossGradient(lossKind, trace.pre[last], trace.preScale[last],
                    trace.outputs[last], trace.outScale[last], t, lossGrad, batch, size));
        }
        // each step, last to first
        for (int i = last; i >= 0; i--) {
            Schedule.Step step = schedule.steps().get(i);
            Op layer = step.op();
            double[] dy = dTensor.get(layer.name());
            if (dy == null) {
                dy = new double[Math.toIntExact(batch * layer.output().size())];
            }
            boolean activationDone = i == last && ReferenceLosses.gradientIsPreActivation(lossKind);
            double[] dz = dy;
            if (!activationDone && layer.activation() != Activation.NONE) {
                dz = new double[dy.length];
                ReferenceActivations.backward(layer.activation(), trace.pre[i], trace.outputs[i], dy, dz, batch,
                        layer.output().intSize());
            }
            List<double[]> xs = inputs(step, input, trace.outputs);
            List<double[]> dxs = zeros(step, batch);
            ReferenceLayer kind = trace.layers[i];
            kind.backward(xs, dz, grads, dxs);
            List<double[]> edxs = null;
            if (scaled) {
                double[] edy = dScale.getOrDefault(layer.name(), new double[dy.length]);
                double[] edz = edy;
                if (!activationDone && layer.activation() != Activation.NONE) {
                    edz = ReferenceScales.activationBackward(layer.activation(), trace.pre[i], trace.preScale[i],
                            trace.outputs[i], trace.outScale[i], dy, edy, dz, batch, layer.output().intSize());
                }
                List<double[]> exs = inputs(step, new double[input.length], trace.outScale);
                edxs = zeros(step, batch);
                kind.backwardScale(xs, exs, dz, edz, dxs, gradScales, edxs);
            }
            for (int k = 0; k < dxs.size(); k++) {
                String tensor = step.reads().get(k).tensor();
                double[] sum = dTensor.get(tensor);
                if (sum == null) {
                    dTensor.put(tensor, dxs.get(k));
                    if (scaled) {
                        dScale.put(tensor, edxs.get(k));
                    }
                } else {
                    // a tensor read several times: its gradient is the sum of its readers'
                    for (int e = 0; e < sum.length; e++) {
                        sum[e] += dxs.get(k)[e];
                    }
                    if (scaled) {
                        double[] sumScale = dScale.get(tensor);
                        // each element: both scales and the addition's rounding
                        for (int e = 0; e < sum.length; e++) {
                            sumScale[e] += edxs.get(k)[e] + Math.abs(sum[e]);
                        }
                    }
                }
            }
        }
        int inputLength = Math.toIntExact(batch * spec.input().size());
        double[] dInput = dTensor.getOrDefault(Op.INPUT, new double[inputLength]);
        Scales scales = scaled ? new Scales(trace.outScale, gradScales, dScale.getOrDefault(Op.INPUT, new double[inputLength]),
                trace.stateScale) : null;
        return new Gradients(loss, grads, dInput, trace.outputs, state, scales);
    }

    /**
     * What one forward and backward pass of the reference gives: the loss and every gradient, in double.
     *
     * @param loss    the mean loss over the batch
     * @param params  the loss's gradient with respect to every parameter, {@link NetworkSpec#params()} layout
     * @param input   the loss's gradient with respect to the input batch, {@code (N, C, H, W)}
     * @param outputs every layer's output from the forward pass, as {@link #forward} returns them
     * @param state   the running statistics after the forward pass ({@link NetworkSpec#state()} layout)
     */
    public record Gradients(double loss, double[] params, double[] input, double[][] outputs, double[] state,
                            Scales scales) {
        public Gradients(double loss, double[] params, double[] input, double[][] outputs, double[] state) {
            this(loss, params, input, outputs, state, null);
        }
    }

    /**
     * The error scales ({@link ErrorBound}) of a {@link Gradients}' arrays, element by element in
     * the same layouts; the loss has none (it is compared on its own).
     *
     * @param outputs every layer's output
     * @param params  every parameter gradient
     * @param input   the input gradient
     * @param state   the running statistics after the forward pass
     */
    public record Scales(double[][] outputs, double[] params, double[] input, double[] state) {}

    /**
     * What the forward pass keeps for the backward pass: per layer its pre-activation, output and
     * reference (which keeps what its backward needs), and, when scales are asked for, their error scales.
     */
    private record Trace(double[][] pre, double[][] outputs, ReferenceLayer[] layers, double[][] preScale,
                         double[][] outScale, double[] stateScale) {}

    /** One zero array per input of {@code step}, sized for its gradient. */
    private static List<double[]> zeros(Schedule.Step step, int batch) {
        List<double[]> out = new ArrayList<>();
        for (Schedule.Read r : step.reads()) {
            out.add(new double[Math.toIntExact(batch * r.shape().size())]);
        }
        return out;
    }

    private static List<double[]> inputs(Schedule.Step step, double[] input, double[][] outputs) {
        List<double[]> xs = new ArrayList<>();
        for (Schedule.Read r : step.reads()) {
            xs.add(r.isInput() ? input : outputs[r.producer()]);
        }
        return xs;
    }

    private Trace run(double[] params, double[] state, double[] input, int batch, boolean training, long seed,
                      boolean scaled) {
        ReferenceChecks.forwardArguments(spec, params, input, batch);
        if (state.length != spec.stateCount()) {
            throw new IllegalArgumentException(spec.simpleName() + ": the state holds " + spec.stateCount() + " values, not "
                    + state.length);
        }
        int count = layers.size();
        double[][] pre = new double[count][];
        double[][] outputs = new double[count][];
        ReferenceLayer[] kinds = new ReferenceLayer[count];
        double[][] preScale = scaled ? new double[count][] : null;
        double[][] outScale = scaled ? new double[count][] : null;
        // the running statistics before the step are floats, exact: scale 0
        double[] stateScale = scaled ? new double[state.length] : null;
        ReferenceScales.Params scaleParams = scaled ? ReferenceScales.Params.of(spec, params) : null;
        // each step, first to last
        for (int i = 0; i < count; i++) {
            Schedule.Step step = schedule.steps().get(i);
            Op layer = step.op();
            int size = layer.output().intSize();
            double[] z = new double[batch * size];
            List<double[]> xs = inputs(step, input, outputs);
            kinds[i] = ReferenceKinds.of(layer, LayerCall.of(offsets, i, params, state, stateScale, scaleParams, batch,
                    training, seed, frozen));
            kinds[i].forward(xs, z);
            double[] y = z;
            if (layer.activation() != Activation.NONE) {
                y = new double[batch * size];
                ReferenceActivations.forward(layer.activation(), z, y, batch, size);
            }
            pre[i] = z;
            outputs[i] = y;
            if (scaled) {
                double[] ez = new double[z.length];
                kinds[i].forwardScale(xs, inputs(step, new double[input.length], outScale), z, ez);
                preScale[i] = ez;
                outScale[i] = layer.activation() == Activation.NONE ? ez
                        : ReferenceScales.activationForward(layer.activation(), z, ez, y, batch, size);
            }
        }
        return new Trace(pre, outputs, kinds, preScale, outScale, stateScale);
    }
}
