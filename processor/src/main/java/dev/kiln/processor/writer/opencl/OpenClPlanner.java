package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Loss;
import dev.kiln.spec.LayerKind;
import dev.kiln.spec.LayerSpec;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plans one network's OpenCL program: a specialised copy of each layer's template, the buffers,
 * and the launches of inference and of a training step.
 *
 * <p>Fusions: a conv or dense kernel adds the bias and applies the activation; the loss kernel
 * applies the output's softmax or sigmoid and writes the gradient with respect to the last
 * pre-activation; backward kernels fold the activation derivative in (taken from the layer's
 * output); flatten is a renamed buffer and inference skips dropout. Buffer names: {@code a<l>}
 * layer l's output, {@code g<l>} the gradient with respect to it, {@code arg<l>} a max pool's
 * argmax, {@code z} the last layer's logits when the loss kernel applies its activation.
 */
final class OpenClPlanner {
    private static final Set<String> OPENCL_WORDS = Set.of("global", "local", "constant", "private", "kernel",
            "read_only", "write_only", "read_write", "uniform", "pipe", "real");

    private final NetworkSpec spec;
    private final List<LayerSpec> layers;
    private final int last;
    private final boolean outputAct;
    private final List<String> prefixes = new ArrayList<>();

    private OpenClPlanner(NetworkSpec spec) {
        this.spec = spec;
        this.layers = spec.layers();
        this.last = layers.size() - 1;
        LayerSpec out = layers.get(last);
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY && out.activation() != Activation.NONE
                && out.activation() != Activation.SOFTMAX) {
            throw new IllegalArgumentException(spec.simpleName() + ": softmax cross-entropy needs the last layer "
                    + out.name() + " to produce logits (NONE) or probabilities (SOFTMAX), not " + out.activation());
        }
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY && out.activation() != Activation.NONE
                && out.activation() != Activation.SIGMOID) {
            throw new IllegalArgumentException(spec.simpleName() + ": binary cross-entropy needs the last layer "
                    + out.name() + " to produce a logit (NONE) or a probability (SIGMOID), not " + out.activation());
        }
        this.outputAct = out.activation() == Activation.SOFTMAX
                || (spec.loss() == Loss.BINARY_CROSS_ENTROPY && out.activation() == Activation.SIGMOID);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            String name = layers.get(i).name();
            String p = safe(name) ? name : "layer_" + name;
            while (!used.add(p)) {
                p = p + "_" + i;
            }
            prefixes.add(p);
        }
    }

    static OpenClPlan plan(NetworkSpec spec) {
        return new OpenClPlanner(spec).plan();
    }

    /**
     * Whether a layer name can prefix kernel names as it is: the prefix goes through the
     * preprocessor, so it must not be a macro the compiler or the templates define (those are
     * upper case, start with {@code __}, {@code cl_} or {@code kiln}, or are address-space words).
     */
    private static boolean safe(String name) {
        return !name.equals(name.toUpperCase(Locale.ROOT)) && !name.startsWith("__") && !name.startsWith("cl_")
                && !name.toLowerCase(Locale.ROOT).startsWith("kiln") && !OPENCL_WORDS.contains(name);
    }

    private OpenClPlan plan() {
        StringBuilder source = new StringBuilder();
        source.append("/* ").append(spec.qualifiedName()).append(": the OpenCL program Kiln generated for ")
                .append(spec).append(".\n * One specialised copy of a kernel template per layer; do not edit. */\n");
        List<PlannedLaunch> forwardTrain = new ArrayList<>();
        List<PlannedLaunch> forwardInfer = new ArrayList<>();
        List<PlannedLaunch> backward = new ArrayList<>();
        Map<String, PlannedBuffer> buffers = new LinkedHashMap<>();
        int outSize = spec.output().intSize();
        int params = spec.parameterCount();
        buffer(buffers, "input", spec.input().intSize(), 0, false);
        buffer(buffers, "labels", 1, 0, true);
        buffer(buffers, "targets", outSize, 0, false);
        buffer(buffers, "loss", 1, 0, false);
        for (String name : List.of("params", "grads", "velocity", "adam_m", "adam_v")) {
            buffer(buffers, name, 0, params, false);
        }
        if (outputAct) {
            buffer(buffers, "z", outSize, 0, false);
        }
        for (int l = 0; l <= last; l++) {
            LayerSpec layer = layers.get(l);
            String p = prefixes.get(l);
            int size = layer.output().intSize();
            int inSize = layer.input().intSize();
            String title = layer.name() + " " + layer.kind().displayName() + " " + layer.input() + " -> " + layer.output();
            boolean isLast = l == last;
            int act = isLast && outputAct ? 0 : TemplateValues.activationCode(layer.activation());
            String in = trainAct(l - 1);
            String inInfer = inferAct(l - 1);
            String out = isLast && outputAct ? "z" : trainAct(l);
            String gOut = grad(l);
            String gIn = l > 0 ? grad(l - 1) : null;
            boolean needIn = l > 0 && paramsBefore(l);
            List<PlannedLaunch> bw = new ArrayList<>(); // this layer's backward, parameters before input
            if (isLast || (layer.kind() != LayerKind.FLATTEN && paramsBefore(l + 1))) {
                buffer(buffers, gOut, size, 0, false);
            }
            switch (layer.kind()) {
                case CONV2D -> {
                    source.append(KernelTemplate.of("conv").instantiate(title,
                            TemplateValues.conv(p, layer, weightOffset(l), act, isLast)));
                    buffer(buffers, "a" + l, size, 0, false);
                    long[] global = {(long) layer.output().height() * layer.output().width(), layer.units(), 1};
                    forwardTrain.add(new PlannedLaunch(p + "_forward", global, true, true, List.of("params", in, out)));
                    forwardInfer.add(new PlannedLaunch(p + "_forward", global, true, true, List.of("params", inInfer, out)));
                    bw.add(PlannedLaunch.fixed(p + "_backward_params", layer.parameterCount(), in, trainAct(l), gOut, "grads", "batch"));
                    if (needIn) {
                        bw.add(PlannedLaunch.perImage(p + "_backward_input", inSize, "params", trainAct(l), gOut, gIn, "batch"));
                    }
                }
                case DENSE -> {
                    source.append(KernelTemplate.of("dense").instantiate(title,
                            TemplateValues.dense(p, layer, weightOffset(l), act, isLast)));
                    buffer(buffers, "a" + l, size, 0, false);
                    forwardTrain.add(PlannedLaunch.perImage(p + "_forward", size, "params", in, out, "batch"));
                    forwardInfer.add(PlannedLaunch.perImage(p + "_forward", size, "params", inInfer, out, "batch"));
                    bw.add(PlannedLaunch.fixed(p + "_backward_params", layer.parameterCount(), in, trainAct(l), gOut, "grads", "batch"));
                    if (needIn) {
                        bw.add(PlannedLaunch.perImage(p + "_backward_input", inSize, "params", trainAct(l), gOut, gIn, "batch"));
                    }
                }
                case MAX_POOL2D, AVG_POOL2D -> {
                    boolean max = layer.kind() == LayerKind.MAX_POOL2D;
                    source.append(KernelTemplate.of("pool").instantiate(title, TemplateValues.pool(p, layer)));
                    buffer(buffers, "a" + l, size, 0, false);
                    if (max) {
                        buffer(buffers, "arg" + l, size, 0, true);
                        forwardTrain.add(PlannedLaunch.perImage(p + "_forward", size, in, "a" + l, "arg" + l, "batch"));
                        forwardInfer.add(PlannedLaunch.perImage(p + "_forward", size, inInfer, "a" + l, "arg" + l, "batch"));
                        if (needIn) {
                            bw.add(PlannedLaunch.perImage(p + "_backward", inSize, "arg" + l, gOut, gIn, "batch"));
                        }
                    } else {
                        forwardTrain.add(PlannedLaunch.perImage(p + "_forward", size, in, "a" + l, "batch"));
                        forwardInfer.add(PlannedLaunch.perImage(p + "_forward", size, inInfer, "a" + l, "batch"));
                        if (needIn) {
                            bw.add(PlannedLaunch.perImage(p + "_backward", inSize, gOut, gIn, "batch"));
                        }
                    }
                }
                case DROPOUT -> {
                    source.append(KernelTemplate.of("dropout").instantiate(title, TemplateValues.dropout(p, layer, l)));
                    buffer(buffers, "a" + l, size, 0, false);
                    forwardTrain.add(PlannedLaunch.perImage(p + "_forward", size, in, "a" + l, "batch", "seed_lo", "seed_hi"));
                    if (needIn) {
                        bw.add(PlannedLaunch.perImage(p + "_backward", size, gOut, gIn, "batch", "seed_lo", "seed_hi"));
                    }
                }
                case FLATTEN -> {
                    // a renamed buffer: (C, H, W) channel-major already is the flat order
                }
            }
            backward.addAll(0, bw); // backward runs in reverse layer order
        }
        int lossCode = switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> 1;
            case BINARY_CROSS_ENTROPY -> 2;
            case MEAN_SQUARED_ERROR -> 3;
        };
        int lastAct = outputAct ? 0 : TemplateValues.activationCode(layers.get(last).activation());
        source.append(KernelTemplate.of("loss").instantiate("loss " + spec.loss(),
                TemplateValues.loss(lossCode, outSize, outputAct, lastAct)));
        source.append(KernelTemplate.of("optimizer").instantiate("optimiser update of " + params + " parameters",
                TemplateValues.optimizer(params)));
        String logits = outputAct ? "z" : trainAct(last);
        List<PlannedLaunch> training = new ArrayList<>(forwardTrain);
        training.add(PlannedLaunch.perImage("kiln_loss_loss", 1, logits, trainAct(last), "labels", "targets", "loss",
                grad(last), "batch"));
        training.addAll(backward);
        List<PlannedLaunch> forward = new ArrayList<>(forwardInfer);
        if (outputAct) {
            forward.add(PlannedLaunch.perImage("kiln_loss_output", 1, "z", trainAct(last), "batch"));
        }
        List<String> layerBuffers = new ArrayList<>();
        for (int l = 0; l <= last; l++) {
            layerBuffers.add(inferAct(l));
        }
        PlannedLaunch sgd = PlannedLaunch.fixed("kiln_sgd", params, "params", "grads", "velocity", "lr", "momentum",
                "weight_decay", "nesterov");
        PlannedLaunch adam = PlannedLaunch.fixed("kiln_adam", params, "params", "grads", "adam_m", "adam_v", "lr",
                "beta1", "beta2", "eps", "weight_decay", "bc1", "bc2");
        return new OpenClPlan(source.toString(), List.copyOf(buffers.values()), List.copyOf(forward),
                List.copyOf(training), sgd, adam, List.copyOf(layerBuffers), trainAct(last), params > 0);
    }

    /** Layer l's output in training: flatten renames its input. */
    private String trainAct(int l) {
        if (l < 0) {
            return "input";
        }
        return layers.get(l).kind() == LayerKind.FLATTEN ? trainAct(l - 1) : "a" + l;
    }

    /** Layer l's output at inference: flatten renames its input and dropout is the identity. */
    private String inferAct(int l) {
        if (l < 0) {
            return "input";
        }
        LayerKind k = layers.get(l).kind();
        return k == LayerKind.FLATTEN || k == LayerKind.DROPOUT ? inferAct(l - 1) : "a" + l;
    }

    /** The gradient with respect to layer l's output (for the last layer: its pre-activation). */
    private String grad(int l) {
        return layers.get(l).kind() == LayerKind.FLATTEN && l > 0 ? grad(l - 1) : "g" + l;
    }

    /** Whether any layer before {@code l} has parameters, so that a gradient must reach its output. */
    private boolean paramsBefore(int l) {
        for (int i = 0; i < l && i < layers.size(); i++) {
            if (layers.get(i).kind().hasParameters()) {
                return true;
            }
        }
        return false;
    }

    private int weightOffset(int l) {
        for (ParamSpec p : spec.params()) {
            if (p.layerIndex() == l && !p.isBias()) {
                return p.offset();
            }
        }
        throw new IllegalStateException(spec.simpleName() + ": layer " + layers.get(l).name() + " has no weight");
    }

    private static void buffer(Map<String, PlannedBuffer> buffers, String name, long perImage, long fixed, boolean integer) {
        buffers.putIfAbsent(name, new PlannedBuffer(name, perImage, fixed, integer));
    }
}
