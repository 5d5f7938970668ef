package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.TrainedModel;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.io.PrintStream;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The mixin of verbs that run a network: {@code --backend} and {@code --device}. */
final class BackendOptions {
    /** Where a network runs. */
    enum Choice {
        JAVA, OPENCL, AUTO;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code java}, {@code opencl} or {@code auto}, in any case. */
    static final class ChoiceConverter extends Converters.Choices<Choice> {
        ChoiceConverter() {
            super(Choice.class);
        }
    }

    @Option(names = "--backend", paramLabel = "java|opencl|auto", converter = ChoiceConverter.class,
            description = "where the network runs (default: $KILN_BACKEND if set, else auto: OpenCL on a GPU if there is one, "
                    + "else java)")
    Choice backend;

    @Option(names = "--device", paramLabel = "N", converter = Converters.NonNegative.class,
            description = "OpenCL device index as 'kiln devices' lists them (default: $KILN_DEVICE if set, else the best)")
    int device = -1;

    /** Opens the backend for inference only ({@link TrainedModel#forInference()}: no optimiser state), saying which on {@code log}. */
    Backend openForInference(KilnModel model, PrintStream log) {
        return open(model, TrainedModel.forInference(), log);
    }

    /** Opens the backend {@code --backend} and {@code --device} choose, saying which on {@code log}. */
    Backend open(KilnModel model, OptimizerConfig optimizer, PrintStream log) {
        // null: Backends reads kiln.backend / KILN_BACKEND, else auto
        return Backends.open(model, backend == null ? null : backend.toString(), device, optimizer, log);
    }
}
