package dev.kiln.processor.writer.opencl;

import dev.kiln.processor.writer.NameAllocator;
import dev.kiln.spec.LossCompatibility;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans one network's OpenCL program from its {@link Schedule}: for each step, its kind's
 * {@link KindPlan} (looked up in {@link KindPlans}) adds a specialised copy of its template, its
 * buffers and its launches; this class adds what is not a layer's (the loss, the optimiser, the
 * accumulation kernels) and names the buffers.
 *
 * <p>Fusions: a conv, dense, add or batch-norm kernel applies the activation; the loss kernel
 * applies the output's softmax or sigmoid and writes the gradient with respect to the last
 * pre-activation; backward kernels fold the activation derivative in (taken from the layer's
 * output); flatten is a renamed buffer and inference skips dropout. Buffer names: {@code a<l>}
 * layer l's output, {@code g<b>} the schedule's gradient buffer b, {@code part<l>_<k>} a reader's
 * share of an accumulated gradient, {@code arg<l>} a max pool's argmax, {@code bnstats<l>} and
 * {@code bnsums<l>} a batch norm's per-feature statistics and sums, {@code state} the running
 * statistics, {@code z} the last layer's logits when the loss kernel applies its activation.
 */
final class OpenClPlanner {
    final NetworkSpec spec;
    private final Schedule schedule;
    private final List<KindPlan> kinds = new ArrayList<>();
    private final int last;
    private final boolean outputAct;
    private final List<String> prefixes = new ArrayList<>();
    private final StringBuilder source = new StringBuilder();
    private final Map<String, PlannedBuffer> buffers = new LinkedHashMap<>();
    private final Map<Long, String> accumulateKernels = new HashMap<>();
    final List<PlannedLaunch> forwardTraining = new ArrayList<>();
    final List<PlannedLaunch> forwardInference = new ArrayList<>();

    private OpenClPlanner(NetworkSpec spec) {
        LossCompatibility.requireComputable(spec);
        this.spec = spec;
        this.schedule = Schedule.of(spec);
        List<Op> layers = spec.layers();
        this.last = layers.size() - 1;
        this.outputAct = LossCompatibility.lossAppliesActivation(spec.loss(), layers.get(last).activation());
        // kernel-name prefixes: legal, unique OpenCL identifiers that no built-in, keyword or macro can capture
        NameAllocator names = NameAllocator.forOpenCl(List.of("kiln_loss", "kiln", "kiln_sgd", "kiln_adam"));
        for (int i = 0; i < layers.size(); i++) {
            kinds.add(KindPlans.of(layers.get(i)));
            prefixes.add(names.get(Integer.toString(i), layers.get(i).name()));
        }
    }

    static OpenClPlan plan(NetworkSpec spec) {
        return new OpenClPlanner(spec).plan();
    }

    private OpenClPlan plan() {
        source.append("/* ").append(spec.qualifiedName()).append(": the OpenCL program Kiln generated for ")
                .append(spec).append(".\n * One specialised copy of a kernel template per layer; do not edit. */\n");
        int outSize = spec.output().intSize();
        int params = spec.parameterCount();
        buffer("input", spec.input().intSize(), 0, false);
        buffer("labels", 1, 0, true);
        buffer("targets", outSize, 0, false);
        buffer("loss", 1, 0, false);
        for (String name : List.of("params", "grads", "velocity", "adam_m", "adam_v")) {
            buffer(name, 0, params, false);
        }
        if (outputAct) {
            buffer("z", outSize, 0, false);
        }
        List<PlannedLaunch> backward = new ArrayList<>();
        for (Schedule.Step step : schedule.steps()) {
            int l = step.index();
            boolean isLast = l == last;
            KernelCodes.Act act = isLast && outputAct ? KernelCodes.Act.NONE : KernelCodes.Act.of(step.op().activation());
            if (isLast || needsGradient(step.name())) {
                grad(step.name()); // allocates the output's gradient buffer
            }
            StepPlan s = new StepPlan(this, step, prefixes.get(l), act, isLast);
            kinds.get(l).plan(s);
            backward.addAll(0, s.backwardWithAccumulation()); // backward runs in reverse step order
        }
        Op lastLayer = spec.layers().get(last);
        KernelCodes.Act lastAct = outputAct ? KernelCodes.Act.NONE : KernelCodes.Act.of(lastLayer.activation());
        source.append(KernelTemplate.of("loss").instantiate("loss " + spec.loss(),
                TemplateValues.loss(KernelCodes.LossCode.of(spec.loss()), outSize, outputAct, lastAct)));
        source.append(KernelTemplate.of("optimizer").instantiate("optimiser update of " + params + " parameters",
                TemplateValues.optimizer(params)));
        String logits = outputAct ? "z" : act(lastLayer.name(), true);
        List<PlannedLaunch> training = new ArrayList<>(forwardTraining);
        training.add(PlannedLaunch.perImage("kiln_loss_loss", 1, logits, act(lastLayer.name(), true), "labels", "targets", "loss",
                grad(lastLayer.name()), KernelArg.Scalar.BATCH));
        training.addAll(backward);
        List<PlannedLaunch> forward = new ArrayList<>(forwardInference);
        if (outputAct) {
            forward.add(PlannedLaunch.perImage("kiln_loss_output", 1, "z", act(lastLayer.name(), true), KernelArg.Scalar.BATCH));
        }
        List<String> layerBuffers = new ArrayList<>();
        for (Op op : spec.layers()) {
            layerBuffers.add(act(op.name(), false));
        }
        PlannedLaunch sgd = PlannedLaunch.fixed("kiln_sgd", params, "params", "grads", "velocity", KernelArg.Scalar.LR,
                KernelArg.Scalar.MOMENTUM, KernelArg.Scalar.WEIGHT_DECAY, KernelArg.Scalar.NESTEROV);
        PlannedLaunch adam = PlannedLaunch.fixed("kiln_adam", params, "params", "grads", "adam_m", "adam_v", KernelArg.Scalar.LR,
                KernelArg.Scalar.BETA1, KernelArg.Scalar.BETA2, KernelArg.Scalar.EPS, KernelArg.Scalar.WEIGHT_DECAY,
                KernelArg.Scalar.BC1, KernelArg.Scalar.BC2);
        return new OpenClPlan(source.toString(), List.copyOf(buffers.values()), List.copyOf(forward),
                List.copyOf(training), sgd, adam, List.copyOf(layerBuffers), act(lastLayer.name(), true), params > 0);
    }

    void source(String family, String title, Map<String, String> values) {
        source.append(KernelTemplate.of(family).instantiate(title, values));
    }

    /** The buffer holding {@code tensor} in training or at inference: views ({@link Op#isView}) share their input's. */
    String act(String tensor, boolean training) {
        int p = spec.producer(tensor);
        if (p < 0) {
            return "input";
        }
        if (spec.layers().get(p).isView(training)) {
            return act(spec.layers().get(p).inputs().get(0), training);
        }
        return "a" + p;
    }

    /** Where step {@code l} writes its output in training: {@code z} for the logits the loss kernel reads. */
    String trainingOut(int l) {
        return l == last && outputAct ? "z" : "a" + l;
    }

    /** The schedule's gradient buffer of {@code tensor}, allocated at its largest size on first use. */
    String grad(String tensor) {
        int b = schedule.gradientBuffer(tensor);
        String name = "g" + b;
        buffer(name, schedule.gradientBufferSizes().get(b), 0, false);
        return name;
    }

    boolean needsGradient(String tensor) {
        return schedule.needsGradient(tensor);
    }

    /** The {@code accumulate.cl} instance for tensors of {@code size} elements per image: its add kernel. */
    String accumulateKernel(long size) {
        return accumulatePrefix(size) + "_add";
    }

    String copyKernel(long size) {
        return accumulatePrefix(size) + "_copy";
    }

    private String accumulatePrefix(long size) {
        return accumulateKernels.computeIfAbsent(size, s -> {
            String prefix = "kiln_accumulate" + s; // kiln_ names are never a layer's: the allocator refuses that prefix
            source("accumulate", "gradient accumulation of " + s + " elements per image",
                    Map.of("PREFIX", prefix, "SIZE", Long.toString(s)));
            return prefix;
        });
    }

    void buffer(String name, long perImage, long fixed, boolean integer) {
        buffers.putIfAbsent(name, new PlannedBuffer(name, perImage, fixed, integer));
    }
}
