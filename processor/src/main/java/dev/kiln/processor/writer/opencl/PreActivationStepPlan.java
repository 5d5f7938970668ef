package dev.kiln.processor.writer.opencl;

import dev.kiln.dsl.Activation;
import dev.kiln.opencl.KernelArg;
import dev.kiln.opencl.OpenClLaunch;
import dev.kiln.spec.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A step whose activation's slope its output does not determine (hard swish, SiLU, GELU): its kind is planned
 * without the activation, writing the pre-activation into {@code pre<l>}; {@code activation.cl} then applies the
 * activation into the layer's output buffer, and in backward first turns the output's gradient into the
 * pre-activation's in place, so that the kind's backward kernels read it as they read a gradient without an
 * activation.
 */
final class PreActivationStepPlan extends StepPlan {
    private final Activation activation;
    private final String activationPrefix;
    private OpenClLaunch slope;

    PreActivationStepPlan(OpenClPlanner planner, Schedule.Step step, String prefix, String activationPrefix, Activation activation,
                          boolean doutIsDz) {
        super(planner, step, prefix, KernelCodes.Act.NONE, doutIsDz);
        this.activation = activation;
        this.activationPrefix = activationPrefix;
    }

    /** The pre-activation, where the kind writes (and its backward reads) what it calls its output. */
    @Override
    String own() {
        String name = "pre" + index();
        buffer(name, op().output().size(), 0, false);
        return name;
    }

    @Override
    String out() {
        return own();
    }

    /** After the kind's plan: the activation's template instance and its launches, from the pre-activation to the output. */
    void applyActivation() {
        long size = op().output().size();
        planner.source("activation", op().name() + " " + op().kind().displayName() + " " + activation + " on its own",
                Map.of("PREFIX", activationPrefix, "SIZE", Defines.str(size), "ACT", KernelCodes.Act.of(activation).toString()));
        String output = super.own();
        OpenClLaunch forward = Launches.perImage(activationPrefix + "_forward", size, own(), output, KernelArg.Scalar.BATCH);
        forward(forward, forward);
        slope = Launches.perImage(activationPrefix + "_backward", size, own(), gOut(), KernelArg.Scalar.BATCH);
    }

    /** The slope first, then the kind's backward and the accumulations. */
    @Override
    List<OpenClLaunch> backwardWithAccumulation() {
        List<OpenClLaunch> all = new ArrayList<>();
        all.add(slope);
        all.addAll(super.backwardWithAccumulation());
        return all;
    }
}
