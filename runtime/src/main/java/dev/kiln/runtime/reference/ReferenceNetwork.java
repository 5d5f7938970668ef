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
    /** Layers whose batch norm uses its running statistics in training too (Keras' {@code trainable = False}). */
    private java.util.Set<String> frozen = java.util.Set.of();

    public ReferenceNetwork(NetworkSpec spec) {
        this.spec = spec;
        this.schedule = Schedule.of(spec);
        this.layers = spec.layers();
        this.weightOffset = new int[layers.size()];
        this.biasOffset = new int[layers.size()];
        this.stateOffset = new int[layers.size()];
        Arrays.fill(weightOffset, -1);
        Arrays.fill(biasOffset, -1);
        Arrays.fill(stateOffset, -1);
        for (ParamSpec p : spec.params()) {
            if (p.isBias()) {
                biasOffset[p.layerIndex()] = p.offset();
            } else {
                weightOffset[p.layerIndex()] = p.offset();
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
        return run(params, initialState(), input, batch, training, seed).outputs;
    }

    /**
     * As {@link #forward(double[], double[], int, boolean, long)} with the running statistics
     * {@code state} ({@link NetworkSpec#state()} layout), which a training forward updates in place.
     */
    public double[][] forward(double[] params, double[] state, double[] input, int batch, boolean training, long seed) {
        return run(params, state, input, batch, training, seed).outputs;
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
        Trace trace = run(params, state, input, batch, training, seed);
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
            for (int k = 0; k < dxs.size(); k++) {
                String tensor = step.reads().get(k).tensor();
                double[] sum = dTensor.get(tensor);
                if (sum == null) {
                    dTensor.put(tensor, dxs.get(k));
                } else {
                    // a tensor read several times: its gradient is the sum of its readers'
                    for (int e = 0; e < sum.length; e++) {
                        sum[e] += dxs.get(k)[e];
                    }
                }
            }
        }
        double[] dInput = dTensor.getOrDefault(Op.INPUT, new double[Math.toIntExact(batch * spec.input().size())]);
        return new Gradients(loss, grads, dInput, trace.outputs, state);
    }

    /**
     * @param loss    the mean loss over the batch
     * @param params  the loss's gradient with respect to every parameter, {@link NetworkSpec#params()} layout
     * @param input   the loss's gradient with respect to the input batch, {@code (N, C, H, W)}
     * @param outputs every layer's output from the forward pass, as {@link #forward} returns them
     * @param state   the running statistics after the forward pass ({@link NetworkSpec#state()} layout)
     */
    public record Gradients(double loss, double[] params, double[] input, double[][] outputs, double[] state) {}

    /** What the forward pass keeps for the backward pass: per layer its pre-activation, output and kind-specific extra. */
    private record Trace(double[][] pre, double[][] outputs, Object[] extra) {}

    private static List<double[]> inputs(Schedule.Step step, double[] input, double[][] outputs) {
        List<double[]> xs = new ArrayList<>();
        for (Schedule.Read r : step.reads()) {
            xs.add(r.isInput() ? input : outputs[r.producer()]);
        }
        return xs;
    }

    private Trace run(double[] params, double[] state, double[] input, int batch, boolean training, long seed) {
        ReferenceChecks.forwardArguments(spec, params, input, batch);
        if (state.length != spec.stateCount()) {
            throw new IllegalArgumentException(spec.simpleName() + ": the state holds " + spec.stateCount() + " values, not "
                    + state.length);
        }
        int count = layers.size();
        double[][] pre = new double[count][];
        double[][] outputs = new double[count][];
        Object[] extra = new Object[count];
        // each step, first to last
        for (int i = 0; i < count; i++) {
            Schedule.Step step = schedule.steps().get(i);
            Op layer = step.op();
            int size = layer.output().intSize();
            double[] z = new double[batch * size];
            extra[i] = forwardLayer(i, layer, params, state, inputs(step, input, outputs), z, batch, training, seed);
            double[] y = z;
            if (layer.activation() != Activation.NONE) {
                y = new double[batch * size];
                ReferenceActivations.forward(layer.activation(), z, y, batch, size);
            }
            pre[i] = z;
            outputs[i] = y;
        }
        return new Trace(pre, outputs, extra);
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
