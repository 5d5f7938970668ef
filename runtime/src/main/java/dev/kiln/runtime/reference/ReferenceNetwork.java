package dev.kiln.runtime.reference;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.runtime.java.Dropouts;
import dev.kiln.runtime.augment.Augmentation;
import dev.kiln.runtime.augment.ReferenceAugment;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.Augment;
import dev.kiln.spec.AugmentOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.DenseOp;
import dev.kiln.spec.DropoutOp;
import dev.kiln.spec.FlattenOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.MaxPool2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.ParamSpec;
import dev.kiln.spec.Schedule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Naive, obviously-correct loops in double precision, one comment per loop; test support and the
 * benchmark baseline. Layouts are Kiln's (and PyTorch's): inputs {@code (N, C, H, W)} flat,
 * every layer output {@code (N, outputSize)} channel-major, parameters flat in
 * {@link NetworkSpec#params()} order. The per-kind loops live in {@code ReferenceConv},
 * {@code ReferencePool}, {@code ReferenceDense}, {@code ReferenceMerge}, {@code ReferenceBatchNorm},
 * {@code ReferenceActivations} and {@code ReferenceLosses}; this class runs them in the order of
 * the network's {@link Schedule}, sums the gradients of tensors read several times, and applies
 * dropout; augmentation layers run {@code dev.kiln.runtime.augment.ReferenceAugment} in training.
 *
 * <p>Stateless apart from the spec: every call allocates its own buffers, so one instance may be
 * shared between threads.
 */
public final class ReferenceNetwork {
    private final NetworkSpec spec;
    private final Schedule schedule;
    private final List<Op> layers;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int[] stateOffset;
    private final int[] weightSize;
    private final int[] biasSize;
    /** Layers whose batch norm uses its running statistics in training too (Keras' {@code trainable = False}). */
    private java.util.Set<String> frozen = java.util.Set.of();

    public ReferenceNetwork(NetworkSpec spec) {
        this.spec = spec;
        this.schedule = Schedule.of(spec);
        this.layers = spec.layers();
        this.weightOffset = new int[layers.size()];
        this.biasOffset = new int[layers.size()];
        this.stateOffset = new int[layers.size()];
        this.weightSize = new int[layers.size()];
        this.biasSize = new int[layers.size()];
        Arrays.fill(weightOffset, -1);
        Arrays.fill(biasOffset, -1);
        Arrays.fill(stateOffset, -1);
        for (ParamSpec p : spec.params()) {
            if (p.isBias()) {
                biasOffset[p.layerIndex()] = p.offset();
                biasSize[p.layerIndex()] = p.size();
            } else {
                weightOffset[p.layerIndex()] = p.offset();
                weightSize[p.layerIndex()] = p.size();
            }
        }
        for (ParamSpec p : spec.state()) {
            if (stateOffset[p.layerIndex()] < 0) {
                stateOffset[p.layerIndex()] = p.offset();
            }
        }
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
    public ReferenceNetwork withFrozen(java.util.Set<String> names) {
        ReferenceNetwork r = new ReferenceNetwork(spec);
        r.frozen = java.util.Set.copyOf(names);
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
            List<double[]> dxs = new ArrayList<>();
            for (Schedule.Read r : step.reads()) {
                dxs.add(new double[Math.toIntExact(batch * r.shape().size())]);
            }
            backwardLayer(i, layer, params, xs, dz, grads, dxs, batch, trace, seed, training);
            List<double[]> edxs = null;
            if (scaled) {
                double[] edy = dScale.getOrDefault(layer.name(), new double[dy.length]);
                double[] edz = edy;
                if (!activationDone && layer.activation() != Activation.NONE) {
                    edz = ReferenceScales.activationBackward(layer.activation(), trace.outputs[i], trace.outScale[i], dy, edy,
                            dz, batch, layer.output().intSize());
                }
                List<double[]> exs = inputs(step, new double[input.length], trace.outScale);
                edxs = backwardScale(i, layer, params, xs, exs, dz, edz, dxs, gradScales, batch, trace, seed, training);
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
     * kind-specific extra, and, when scales are asked for, their error scales.
     */
    private record Trace(double[][] pre, double[][] outputs, Object[] extra, double[][] preScale, double[][] outScale,
                         Object[] extraScale, double[] stateScale, ReferenceScales.Params scaleParams) {}

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
        Object[] extra = new Object[count];
        double[][] preScale = scaled ? new double[count][] : null;
        double[][] outScale = scaled ? new double[count][] : null;
        Object[] extraScale = new Object[count];
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
            extra[i] = forwardLayer(i, layer, params, state, xs, z, batch, training, seed);
            double[] y = z;
            if (layer.activation() != Activation.NONE) {
                y = new double[batch * size];
                ReferenceActivations.forward(layer.activation(), z, y, batch, size);
            }
            pre[i] = z;
            outputs[i] = y;
            if (scaled) {
                double[] ez = new double[z.length];
                extraScale[i] = forwardScale(i, layer, params, state, stateScale, scaleParams, xs,
                        inputs(step, new double[input.length], outScale), z, ez, extra[i], batch, training, seed);
                preScale[i] = ez;
                outScale[i] = layer.activation() == Activation.NONE ? ez
                        : ReferenceScales.activationForward(layer.activation(), z, ez, y, batch, size);
            }
        }
        return new Trace(pre, outputs, extra, preScale, outScale, extraScale, stateScale, scaleParams);
    }

    /** Each kind's forward error scale, in one table: writes the pre-activation's scale ez; returns what backward needs (or null). */
    private Object forwardScale(int i, Op layer, double[] params, double[] state, double[] stateScale,
                                ReferenceScales.Params p, List<double[]> xs, List<double[]> exs, double[] z, double[] ez,
                                Object extra, int batch, boolean training, long seed) {
        double[] x = xs.get(0);
        double[] ex = exs.get(0);
        return layer.accept(new Op.Visitor<Object>() {
            @Override
            public Object conv(Conv2dOp op) {
                copy(ReferenceScales.weightedForward((pp, xx, zz) -> ReferenceConv.forward(op, pp, weightOffset[i],
                        biasOffset[i], xx, zz, batch), p, x, ex, z.length));
                return null;
            }

            @Override
            public Object maxPool(MaxPool2dOp op) {
                // the largest scale in the window: the maximum moves no more than its inputs do
                ReferencePool.maxForward(op, ex, ez, new int[z.length], batch);
                return null;
            }

            @Override
            public Object avgPool(AvgPool2dOp op) {
                double[] own = new double[z.length];
                ReferencePool.avgForward(op, ex, ez, batch);
                ReferencePool.avgForward(op, ReferenceScales.abs(x), own, batch);
                copy(ReferenceScales.plusScaled(ez, Math.sqrt((double) op.window().kernelH() * op.window().kernelW()), own));
                return null;
            }

            @Override
            public Object flatten(FlattenOp op) {
                System.arraycopy(ex, 0, ez, 0, ez.length);
                return null;
            }

            @Override
            public Object dense(DenseOp op) {
                copy(ReferenceScales.weightedForward((pp, xx, zz) -> ReferenceDense.forward(op, pp, weightOffset[i],
                        biasOffset[i], xx, zz, batch), p, x, ex, z.length));
                return null;
            }

            @Override
            public Object dropout(DropoutOp op) {
                ReferenceNetwork.dropout(i, op.rate(), ex, ez, ez.length, training, seed);
                copy(ReferenceScales.plus(ez, ReferenceScales.abs(z)));
                return null;
            }

            @Override
            public Object add(AddOp op) {
                double root = Math.sqrt(xs.size());
                // each input, each element: its scale and its share of the additions' rounding
                for (int k = 0; k < xs.size(); k++) {
                    for (int e = 0; e < ez.length; e++) {
                        ez[e] += exs.get(k)[e] + root * Math.abs(xs.get(k)[e]);
                    }
                }
                return null;
            }

            @Override
            public Object concat(ConcatOp op) {
                ReferenceMerge.concatForward(op, exs, ez, batch);
                return null;
            }

            @Override
            public Object batchNorm(BatchNormOp op) {
                return ReferenceScales.batchNormForward(op, params, weightOffset[i], biasOffset[i],
                        (ReferenceBatchNorm.Statistics) extra, state, stateOffset[i], stateScale, x, ex, ez, batch,
                        training && !frozen.contains(op.name()));
            }

            @Override
            public Object globalAvgPool(GlobalAvgPool2dOp op) {
                double[] own = new double[z.length];
                ReferenceMerge.globalAvgForward(op, ex, ez, batch);
                ReferenceMerge.globalAvgForward(op, ReferenceScales.abs(x), own, batch);
                copy(ReferenceScales.plusScaled(ez, Math.sqrt((double) op.input().height() * op.input().width()), own));
                return null;
            }

            @Override
            public Object augment(AugmentOp op) {
                if (!training) {
                    System.arraycopy(ex, 0, ez, 0, ez.length);
                } else {
                    copy(ReferenceScales.plus(augmentBound(ex, x, op.input().height() + op.input().width(), batch),
                            ReferenceScales.abs(z)));
                }
                return null;
            }

            private void copy(double[] scale) {
                System.arraycopy(scale, 0, ez, 0, ez.length);
            }
        });
    }

    /** Each kind's backward error scale, in one table: writes the parameter gradients' scales, returns each input gradient's. */
    private List<double[]> backwardScale(int i, Op layer, double[] params, List<double[]> xs, List<double[]> exs, double[] dz, double[] edz,
                                         List<double[]> dxs, double[] gradScales, int batch, Trace trace, long seed,
                                         boolean training) {
        double[] x = xs.get(0);
        double[] ex = exs.get(0);
        double[] dx = dxs.get(0);
        ReferenceScales.Params p = trace.scaleParams;
        List<double[]> edxs = new ArrayList<>();
        for (double[] d : dxs) {
            edxs.add(new double[d.length]);
        }
        double[] edx = edxs.get(0);
        layer.accept(new Op.Visitor<Void>() {
            @Override
            public Void conv(Conv2dOp op) {
                copy(ReferenceScales.weightedBackward((pp, xx, dd, gg, dxx) -> ReferenceConv.backward(op, pp, weightOffset[i],
                        biasOffset[i], xx, dd, gg, dxx, batch), p, x, ex, dz, edz, gradScales, weightOffset[i], weightSize[i],
                        biasOffset[i], biasSize[i]));
                return null;
            }

            @Override
            public Void maxPool(MaxPool2dOp op) {
                double[] own = new double[edx.length];
                ReferencePool.maxBackward(op, edz, (int[]) trace.extra[i], edx, batch);
                // overlapping windows add into one element
                ReferencePool.maxBackward(op, ReferenceScales.abs(dz), (int[]) trace.extra[i], own, batch);
                copy(ReferenceScales.plus(edx, own));
                return null;
            }

            @Override
            public Void avgPool(AvgPool2dOp op) {
                double[] own = new double[edx.length];
                ReferencePool.avgBackward(op, edz, edx, batch);
                ReferencePool.avgBackward(op, ReferenceScales.abs(dz), own, batch);
                copy(ReferenceScales.plusScaled(edx, Math.sqrt((double) op.window().kernelH() * op.window().kernelW()), own));
                return null;
            }

            @Override
            public Void flatten(FlattenOp op) {
                System.arraycopy(edz, 0, edx, 0, edx.length);
                return null;
            }

            @Override
            public Void dense(DenseOp op) {
                copy(ReferenceScales.weightedBackward((pp, xx, dd, gg, dxx) -> ReferenceDense.backward(op, pp, weightOffset[i],
                        biasOffset[i], xx, dd, gg, dxx, batch), p, x, ex, dz, edz, gradScales, weightOffset[i], weightSize[i],
                        biasOffset[i], biasSize[i]));
                return null;
            }

            @Override
            public Void dropout(DropoutOp op) {
                ReferenceNetwork.dropout(i, op.rate(), edz, edx, edx.length, training, seed);
                copy(ReferenceScales.plus(edx, ReferenceScales.abs(dx)));
                return null;
            }

            @Override
            public Void add(AddOp op) {
                // each input receives the whole gradient
                for (double[] d : edxs) {
                    System.arraycopy(edz, 0, d, 0, d.length);
                }
                return null;
            }

            @Override
            public Void concat(ConcatOp op) {
                for (int k = 0; k < edxs.size(); k++) {
                    ReferenceMerge.concatBackward(op, k, edz, edxs.get(k), batch);
                }
                return null;
            }

            @Override
            public Void batchNorm(BatchNormOp op) {
                copy(ReferenceScales.batchNormBackward(op, params, weightOffset[i],
                        biasOffset[i], (ReferenceBatchNorm.Statistics) trace.extra[i],
                        (ReferenceScales.BatchNormScales) trace.extraScale[i], x, ex, dz, edz, gradScales, batch,
                        training && !frozen.contains(op.name())));
                return null;
            }

            @Override
            public Void globalAvgPool(GlobalAvgPool2dOp op) {
                double[] own = new double[edx.length];
                ReferenceMerge.globalAvgBackward(op, edz, edx, batch);
                ReferenceMerge.globalAvgBackward(op, ReferenceScales.abs(dz), own, batch);
                copy(ReferenceScales.plus(edx, own));
                return null;
            }

            @Override
            public Void augment(AugmentOp op) {
                if (!training) {
                    System.arraycopy(edz, 0, edx, 0, edx.length);
                } else {
                    copy(ReferenceScales.plus(augmentBound(edz, dz, op.input().height() + op.input().width(), batch),
                            ReferenceScales.abs(dx)));
                }
                return null;
            }

            private void copy(double[] scale) {
                System.arraycopy(scale, 0, edx, 0, edx.length);
            }
        });
        return edxs;
    }

    /** Each kind's forward, in one table: writes the pre-activation z; returns what backward needs (or null). */
    private Object forwardLayer(int i, Op layer, double[] params, double[] state, List<double[]> xs, double[] z, int batch,
                                boolean training, long seed) {
        double[] x = xs.get(0);
        return layer.accept(new Op.Visitor<Object>() {
            @Override
            public Object conv(Conv2dOp op) {
                ReferenceConv.forward(op, params, weightOffset[i], biasOffset[i], x, z, batch);
                return null;
            }

            @Override
            public Object maxPool(MaxPool2dOp op) {
                int[] argmax = new int[z.length];
                ReferencePool.maxForward(op, x, z, argmax, batch);
                return argmax;
            }

            @Override
            public Object avgPool(AvgPool2dOp op) {
                ReferencePool.avgForward(op, x, z, batch);
                return null;
            }

            @Override
            public Object flatten(FlattenOp op) {
                System.arraycopy(x, 0, z, 0, z.length);
                return null;
            }

            @Override
            public Object dense(DenseOp op) {
                ReferenceDense.forward(op, params, weightOffset[i], biasOffset[i], x, z, batch);
                return null;
            }

            @Override
            public Object dropout(DropoutOp op) {
                ReferenceNetwork.dropout(i, op.rate(), x, z, z.length, training, seed);
                return null;
            }

            @Override
            public Object add(AddOp op) {
                ReferenceMerge.addForward(xs, z);
                return null;
            }

            @Override
            public Object concat(ConcatOp op) {
                ReferenceMerge.concatForward(op, xs, z, batch);
                return null;
            }

            @Override
            public Object batchNorm(BatchNormOp op) {
                return ReferenceBatchNorm.forward(op, params, weightOffset[i], biasOffset[i], state, stateOffset[i], x, z, batch,
                        training && !frozen.contains(op.name()));
            }

            @Override
            public Object globalAvgPool(GlobalAvgPool2dOp op) {
                ReferenceMerge.globalAvgForward(op, x, z, batch);
                return null;
            }

            @Override
            public Object augment(AugmentOp op) {
                if (!training) {
                    System.arraycopy(x, 0, z, 0, z.length);
                } else {
                    ReferenceAugment.apply(augmentation(op.transform()), x, z, batch, op.input().channels(), op.input().height(),
                            op.input().width(), seed, i);
                }
                return null;
            }
        });
    }

    /**
     * An error scale through an augmentation, per image: every output element is a combination of the image's
     * elements whose coefficients' magnitudes sum to at most 3 (interpolation weights sum to at most 1; contrast
     * {@code f x + (1 - f) mean} with {@code 0 <= f < 2} gives {@code |f| + |1 - f| <= 3}), so three times the image's
     * largest scale bounds what the input's own error becomes. The sampling coordinates are computed in float:
     * a coordinate of magnitude up to {@code height + width} off by its rounding moves an interpolated value by
     * up to that many roundings of the image's largest value, which the second term bounds.
     */
    private static double[] augmentBound(double[] scale, double[] values, int extent, int batch) {
        double[] bound = new double[scale.length];
        int per = scale.length / batch;
        for (int n = 0; n < batch; n++) {
            double maxScale = 0;
            double maxValue = 0;
            for (int j = n * per; j < (n + 1) * per; j++) {
                maxScale = Math.max(maxScale, scale[j]);
                maxValue = Math.max(maxValue, Math.abs(values[j]));
            }
            java.util.Arrays.fill(bound, n * per, (n + 1) * per, 3 * maxScale + 3.0 * extent * maxValue);
        }
        return bound;
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

    /** The reference's description of a spec's augmentation transform. */
    static Augmentation augmentation(Augment t) {
        if (t instanceof Augment.Flip f) {
            return new Augmentation.Flip(Augmentation.FlipMode.valueOf(f.mode().name()));
        }
        if (t instanceof Augment.Translation tr) {
            return new Augmentation.Translation(tr.height(), tr.width(), Augmentation.Fill.valueOf(tr.fill().name()));
        }
        if (t instanceof Augment.Rotation r) {
            return new Augmentation.Rotation(r.degrees(), Augmentation.Fill.valueOf(r.fill().name()));
        }
        if (t instanceof Augment.Zoom z) {
            return new Augmentation.Zoom(z.value(), Augmentation.Fill.valueOf(z.fill().name()));
        }
        return new Augmentation.Contrast(((Augment.Contrast) t).value());
    }

    /** Each kind's backward, in one table: adds parameter gradients, assigns each input's gradient. */
    private void backwardLayer(int i, Op layer, double[] params, List<double[]> xs, double[] dz, double[] grads,
                               List<double[]> dxs, int batch, Trace trace, long seed, boolean training) {
        double[] x = xs.get(0);
        double[] dx = dxs.get(0);
        layer.accept(new Op.Visitor<Void>() {
            @Override
            public Void conv(Conv2dOp op) {
                ReferenceConv.backward(op, params, weightOffset[i], biasOffset[i], x, dz, grads, dx, batch);
                return null;
            }

            @Override
            public Void maxPool(MaxPool2dOp op) {
                ReferencePool.maxBackward(op, dz, (int[]) trace.extra[i], dx, batch);
                return null;
            }

            @Override
            public Void avgPool(AvgPool2dOp op) {
                ReferencePool.avgBackward(op, dz, dx, batch);
                return null;
            }

            @Override
            public Void flatten(FlattenOp op) {
                System.arraycopy(dz, 0, dx, 0, dx.length);
                return null;
            }

            @Override
            public Void dense(DenseOp op) {
                ReferenceDense.backward(op, params, weightOffset[i], biasOffset[i], x, dz, grads, dx, batch);
                return null;
            }

            @Override
            public Void dropout(DropoutOp op) {
                ReferenceNetwork.dropout(i, op.rate(), dz, dx, dx.length, training, seed);
                return null;
            }

            @Override
            public Void add(AddOp op) {
                // each input receives the whole gradient
                for (double[] d : dxs) {
                    System.arraycopy(dz, 0, d, 0, d.length);
                }
                return null;
            }

            @Override
            public Void concat(ConcatOp op) {
                for (int k = 0; k < dxs.size(); k++) {
                    ReferenceMerge.concatBackward(op, k, dz, dxs.get(k), batch);
                }
                return null;
            }

            @Override
            public Void batchNorm(BatchNormOp op) {
                ReferenceBatchNorm.backward(op, params, weightOffset[i], biasOffset[i], (ReferenceBatchNorm.Statistics) trace.extra[i],
                        x, dz, grads, dx, batch, training && !frozen.contains(op.name()));
                return null;
            }

            @Override
            public Void globalAvgPool(GlobalAvgPool2dOp op) {
                ReferenceMerge.globalAvgBackward(op, dz, dx, batch);
                return null;
            }

            @Override
            public Void augment(AugmentOp op) {
                if (!training) {
                    System.arraycopy(dz, 0, dx, 0, dx.length);
                } else {
                    ReferenceAugment.backward(augmentation(op.transform()), dz, dx, batch, op.input().channels(),
                            op.input().height(), op.input().width(), seed, i);
                }
                return null;
            }
        });
    }
}
