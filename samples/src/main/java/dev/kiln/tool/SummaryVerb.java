package dev.kiln.tool;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.opencl.OpenClProgram;
import java.util.List;

/** {@code kiln summary SPEC}: the Keras-style table, then the OpenCL kernel launches per forward and per training step. */
final class SummaryVerb implements Verb {
    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String description() {
        return "the layer table with output shapes, parameters, multiplies, receptive fields and kernel launches";
    }

    @Override
    public String synopsis() {
        return "summary SPEC [--classpath PATH]";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public int run(Args args, Session session) {
        KilnModel model = session.model(args.single("spec name"));
        session.out.print(model.summary());
        if (!model.summary().endsWith("\n")) {
            session.out.println();
        }
        OpenClProgram program = model.openCl();
        session.out.println("Kernel launches per forward: " + program.forwardLaunches());
        session.out.println("Kernel launches per training step: " + program.trainingStepLaunches());
        return 0;
    }
}
