package dev.kiln.processor.writer.opencl;

import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.spec.Op;
import dev.kiln.spec.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one op's {@link KindPlan} sees and adds to: the buffers its kernels read and write (as
 * the {@link Schedule} and the aliasing of views decide them), and the lists its launches go to.
 * Gradient accumulation is handled here: an accumulating read's gradient goes to a part buffer,
 * and an {@code accumulate.cl} launch adds it after the kind's own backward launches.
 */
class StepPlan {
    final OpenClPlanner planner;
    final Schedule.Step step;
    final String prefix;
    /** The activation code this op's kernel applies (NONE for the last layer when the loss applies it). */
    final KernelCodes.Act act;
    /** Whether the incoming gradient is already with respect to the pre-activation (the last layer). */
    final boolean doutIsDz;
    final List<OpenClLaunch> backward = new ArrayList<>();
    private final List<OpenClLaunch> accumulations = new ArrayList<>();

    StepPlan(OpenClPlanner planner, Schedule.Step step, String prefix, KernelCodes.Act act, boolean doutIsDz) {
        this.planner = planner;
        this.step = step;
        this.prefix = prefix;
        this.act = act;
        this.doutIsDz = doutIsDz;
    }

    Op op() {
        return step.op();
    }

    int index() {
        return step.index();
    }

    /** {@code c1 Conv2d (1, 28, 28) -> (6, 28, 28)}, the template instance's title. */
    String title() {
        return op().name() + " " + op().kind().displayName() + " " + op().inputShapes() + " -> " + op().output();
    }

    void source(String family, Map<String, String> values) {
        planner.source(family, title(), values);
    }

    /** The buffer the op's parameters are read from: the flat parameters (the folded weights for a folded layer). */
    String params() {
        return "params";
    }

    /** The buffer holding input {@code k} in training or at inference. */
    String in(int k, boolean training) {
        return planner.act(step.reads().get(k).tensor(), training);
    }

    /** Where this op writes its output in training ({@code z} for the last layer's logits). */
    String out() {
        return planner.trainingOut(step.index());
    }

    /** This op's own output buffer ({@code a<l>}), allocated on first use. */
    String own() {
        String name = "a" + index();
        planner.buffer(name, op().output().size(), 0, false);
        return name;
    }

    /** The gradient with respect to this op's output (the pre-activation's after the loss, for the last layer). */
    String gOut() {
        return planner.grad(op().name());
    }

    /** Whether backward must produce the gradient with respect to input {@code k}. */
    boolean needsInputGradient(int k) {
        return planner.needsGradient(step.reads().get(k).tensor());
    }

    /**
     * The buffer input {@code k}'s backward kernel assigns: the tensor's gradient, or for an
     * accumulating read a part buffer that is then added into it.
     */
    String gIn(int k) {
        Schedule.Read r = step.reads().get(k);
        String target = planner.grad(r.tensor());
        if (!r.accumulates()) {
            return target;
        }
        String part = "part" + index() + "_" + k;
        planner.buffer(part, r.shape().size(), 0, false);
        accumulations.add(Launches.perImage(planner.accumulateKernel(r.shape().size()), r.shape().size(), part, target,
                KernelArg.Scalar.BATCH));
        return part;
    }

    void buffer(String name, long perImage, long fixed, boolean integer) {
        planner.buffer(name, perImage, fixed, integer);
    }

    void forward(OpenClLaunch training, OpenClLaunch inference) {
        forwardTrainingOnly(training);
        if (inference != null) {
            forwardInferenceOnly(inference);
        }
    }

    void forwardTrainingOnly(OpenClLaunch training) {
        planner.forwardTraining.add(training);
    }

    void forwardInferenceOnly(OpenClLaunch inference) {
        planner.inference(index(), inference);
    }

    /** The {@code accumulate.cl} copy kernel for tensors of {@code size} elements per image. */
    String copyKernel(long size) {
        return planner.copyKernel(size);
    }

    int layerCount() {
        return planner.spec.layers().size();
    }

    int stateCount() {
        return planner.spec.stateCount();
    }

    void backward(OpenClLaunch launch) {
        backward.add(launch);
    }

    int paramOffset(String suffix) {
        return planner.spec.param(op().name() + "." + suffix).offset();
    }

    int stateOffset(String suffix) {
        return planner.spec.state().stream().filter(p -> p.name().equals(op().name() + "." + suffix)).findFirst()
                .orElseThrow().offset();
    }

    /** The kind's backward launches followed by the accumulations its reads need. */
    List<OpenClLaunch> backwardWithAccumulation() {
        List<OpenClLaunch> all = new ArrayList<>(backward);
        all.addAll(accumulations);
        return all;
    }
}
