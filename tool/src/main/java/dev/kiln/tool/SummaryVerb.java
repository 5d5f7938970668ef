package dev.kiln.tool;

import dev.kiln.opencl.OpenClProgram;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.MemoryEstimate;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.samples.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kiln summary SPEC}: the Keras-style table, then the OpenCL kernel launches per forward and per training step. */
@Command(name = "summary", description = "the layer table with output shapes, parameters, multiplies, receptive fields "
        + "and kernel launches")
final class SummaryVerb extends Verb {
    @Mixin
    ModelOptions network;

    @picocli.CommandLine.Option(names = "--memory", description = "also what inference takes, beside training, and the activations"
            + " per image")
    boolean memory;

    @picocli.CommandLine.Option(names = "--batch", paramLabel = "N", description = "the batch the memory lines are for (default: the"
            + " network's training recipe, else 64)")
    Integer batchOption;

    @Override
    int run(Session session) {
        KilnModel model = network.model();
        session.out.print(model.summary());
        if (!model.summary().endsWith("\n")) {
            session.out.println();
        }
        OpenClProgram program = model.openCl();
        session.out.println("Kernel launches per forward: " + program.forwardLaunches());
        session.out.println("Kernel launches per training step: " + program.trainingStepLaunches());
        int batch = 64;
        String optimizer = "adam";
        double momentum = 0;
        try {
            Recipe work = Recipe.of(model.spec());
            batch = work.batch();
            optimizer = work.optimizer();
            momentum = work.momentum();
        } catch (KilnException noData) {
            // a network kiln has no data for: Keras' defaults
        }
        if (batchOption != null) {
            if (batchOption < 1) {
                throw new UsageException("--batch must be at least 1, got " + batchOption);
            }
            batch = batchOption;
        }
        MemoryEstimate training = MemoryEstimate.of(model.spec(), batch, optimizer.equals("sgd")
                ? OptimizerConfig.sgd().momentum(momentum).build() : OptimizerConfig.adam().build());
        session.out.println("Memory to train (batch " + batch + ", " + optimizer + "): " + training.describe());
        if (memory) {
            MemoryEstimate.Inference inference = MemoryEstimate.inference(model.spec(), batch);
            session.out.println("Memory to infer (batch " + batch + "): " + inference.describe());
        }
        return 0;
    }
}
