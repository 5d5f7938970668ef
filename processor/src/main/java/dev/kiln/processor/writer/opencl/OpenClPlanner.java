package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClBuffer;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.processor.writer.NameAllocator;
import dev.kiln.spec.LossCompatibility;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Op;
import dev.kiln.spec.Schedule;
import dev.kiln.spec.rewrite.Fold;
import dev.kiln.spec.rewrite.InferencePasses;
import dev.kiln.spec.rewrite.Rewrite;
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
 * output); flatten is a renamed buffer and inference skips dropout. An activation whose slope
 * its output does not determine (hard swish, SiLU, GELU) runs on its own instead
 * ({@link PreActivationStepPlan}: the kind writes {@code pre<l>}, the pre-activation). Buffer names: {@code a<l>}
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
    private final Map<String, OpenClBuffer> buffers = new LinkedHashMap<>();
    private final Map<Long, String> accumulateKernels = new HashMap<>();
    final List<OpenClLaunch> forwardTraining = new ArrayList<>();
    final List<OpenClLaunch> forwardInference = new ArrayList<>();
    /** Each step's inference launches, for the predict plan. */
    private final Map<Integer, List<OpenClLaunch>> inferenceByStep = new HashMap<>();
    private final NameAllocator names;

    private OpenClPlanner(NetworkSpec spec) {
        LossCompatibility.requireComputable(spec);
        this.spec = spec;
        this.schedule = Schedule.of(spec);
        List<Op> layers = spec.layers();
        this.last = layers.size() - 1;
        this.outputAct = LossCompatibility.lossAppliesActivation(spec.loss(), layers.get(last).activation());
        // kernel-name prefixes: legal, unique OpenCL identifiers that no built-in, keyword or macro can capture
        this.names = NameAllocator.forOpenCl(List.of("kiln_loss", "kiln", "kiln_sgd", "kiln_adam"));
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
                .append(spec).append(".\n * The prelude, then one specialised copy of a kernel template per layer; do not edit. */\n");
        source.append(KernelSources.prelude());
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
        List<OpenClLaunch> backward = new ArrayList<>();
        for (Schedule.Step step : schedule.steps()) {
            int l = step.index();
            boolean isLast = l == last;
            Activation own = isLast && outputAct ? Activation.NONE : step.op().activation();
            if (isLast || needsGradient(step.name())) {
                grad(step.name()); // allocates the output's gradient buffer
            }
            StepPlan s;
            if (own.derivativeFromOutput()) {
                s = new StepPlan(this, step, prefixes.get(l), KernelCodes.Act.of(own), isLast);
                kinds.get(l).plan(s);
            } else {
                // the slope needs the pre-activation: the kind writes it, activation.cl applies the activation
                String prefix = names.get(l + ":activation", step.name() + "_activation");
                PreActivationStepPlan p = new PreActivationStepPlan(this, step, prefixes.get(l), prefix, own, isLast);
                kinds.get(l).plan(p);
                p.applyActivation();
                s = p;
            }
            backward.addAll(0, s.backwardWithAccumulation()); // backward runs in reverse step order
        }
        Op lastLayer = spec.layers().get(last);
        // the loss folds the last activation's slope in where the output gives it; otherwise activation.cl does
        KernelCodes.Act lastAct = outputAct || !lastLayer.activation().derivativeFromOutput() ? KernelCodes.Act.NONE
                : KernelCodes.Act.of(lastLayer.activation());
        source.append(KernelTemplate.of("loss").instantiate("loss " + spec.loss(),
                lossDefines(KernelCodes.LossCode.of(spec.loss()), outSize, outputAct, lastAct)));
        source.append(KernelTemplate.of("optimizer").instantiate("optimiser update of " + params + " parameters",
                optimizerDefines(params)));
        String logits = outputAct ? "z" : act(lastLayer.name(), true);
        List<OpenClLaunch> training = new ArrayList<>(forwardTraining);
        training.add(Launches.perImage("kiln_loss_loss", 1, logits, act(lastLayer.name(), true), "labels", "targets", "loss",
                grad(lastLayer.name()), KernelArg.Scalar.BATCH));
        training.addAll(backward);
        List<OpenClLaunch> forward = new ArrayList<>(forwardInference);
        List<OpenClLaunch> predict = predict(InferencePasses.of(spec));
        if (outputAct) {
            OpenClLaunch output = Launches.perImage("kiln_loss_output", 1, "z", act(lastLayer.name(), true), KernelArg.Scalar.BATCH);
            forward.add(output);
            predict.add(output);
        }
        List<String> layerBuffers = new ArrayList<>();
        for (Op op : spec.layers()) {
            layerBuffers.add(act(op.name(), false));
        }
        OpenClLaunch sgd = Launches.fixed("kiln_sgd", params, "params", "grads", "velocity", KernelArg.Scalar.LR,
                KernelArg.Scalar.MOMENTUM, KernelArg.Scalar.WEIGHT_DECAY, KernelArg.Scalar.NESTEROV);
        OpenClLaunch adam = Launches.fixed("kiln_adam", params, "params", "grads", "adam_m", "adam_v", KernelArg.Scalar.LR,
                KernelArg.Scalar.BETA1, KernelArg.Scalar.BETA2, KernelArg.Scalar.EPS, KernelArg.Scalar.WEIGHT_DECAY,
                KernelArg.Scalar.BC1, KernelArg.Scalar.BC2);
        return new OpenClPlan(source.toString(), List.copyOf(buffers.values()), List.copyOf(forward), List.copyOf(predict),
                List.copyOf(training), sgd, adam, List.copyOf(layerBuffers), act(lastLayer.name(), true), params > 0);
    }

    /** Records step {@code index}'s inference launch. */
    void inference(int index, OpenClLaunch launch) {
        forwardInference.add(launch);
        inferenceByStep.computeIfAbsent(index, k -> new ArrayList<>()).add(launch);
    }

    /**
     * The inference rewrite's launches: each fold's kernel (the folded weights from today's parameters and
     * running statistics into {@code folded}), then each rewritten step in order: a kept one's inference
     * launches as forward has them, a folded one planned by its kind on the folded weights, writing where its
     * norm wrote. The same as the inference forward when the rewrite changes nothing.
     */
    private List<OpenClLaunch> predict(Rewrite rewrite) {
        List<OpenClLaunch> out = new ArrayList<>();
        if (rewrite.isIdentity()) {
            out.addAll(forwardInference);
            return out;
        }
        long at = 0;
        List<OpenClLaunch> steps = new ArrayList<>();
        for (int j = 0; j < rewrite.sources().size(); j++) {
            Rewrite.Source s = rewrite.sources().get(j);
            if (s instanceof Rewrite.Source.Kept k) {
                steps.addAll(inferenceByStep.getOrDefault(k.index(), List.of()));
                continue;
            }
            Fold fold = ((Rewrite.Source.Folded) s).fold();
            Op fused = rewrite.spec().layers().get(j);
            String prefix = names.get("fold:" + fold.layer(), fold.layerOp().name() + "_folded");
            source("fold", fold.layerOp().name() + " with " + fold.normOp().name() + " folded in: the weights",
                    FoldPlan.defines(prefix, fold, at));
            out.add(Launches.fixed(prefix + "_fold", fold.foldedSize(), "params", "state", "folded"));
            boolean isLast = fold.norm() == last;
            KernelCodes.Act act = isLast && outputAct ? KernelCodes.Act.NONE : KernelCodes.Act.of(fused.activation());
            String input = act(fold.layerOp().inputs().get(0), false);
            String output = isLast ? trainingOut(last) : act(fold.normOp().name(), false);
            KindPlans.of(fused).plan(new FoldedStepPlan(this, fused, fold, prefix, act, input, output, at, steps));
            at += fold.foldedSize();
        }
        buffer("folded", 0, at, false);
        out.addAll(steps);
        return out;
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
        buffers.putIfAbsent(name, new OpenClBuffer(name, perImage, fixed, integer));
    }

    private static Map<String, String> lossDefines(KernelCodes.LossCode lossCode, int size, boolean outputAct, KernelCodes.Act act) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", "kiln_loss");
        v.put("LOSS", lossCode.toString());
        v.put("SIZE", Defines.str(size));
        v.put("OUTPUT_ACT", outputAct ? "1" : "0");
        v.put("ACT", act.toString());
        return v;
    }

    private static Map<String, String> optimizerDefines(int count) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("PREFIX", "kiln");
        v.put("COUNT", Defines.str(count));
        return v;
    }
}
