package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.viz.ConfusionMatrixPicture;
import dev.kiln.runtime.viz.Pngs;
import dev.kiln.samples.Recipe;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln eval SPEC --weights FILE}: loss, confusion matrix and accuracy on the test set. */
@Command(name = "eval", description = "test accuracy and confusion matrix of trained weights")
final class EvalVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;
    @Mixin
    DataOption data;
    @Mixin
    BackendOptions backends;

    @Option(names = "--confusion", paramLabel = "FILE.png", description = "also draw the confusion matrix to this PNG")
    Path confusion;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        Checkpoints.Loaded loaded = weights.load(model);
        DataLoading.Prepared prepared = DataLoading.load(model.spec(), data.options(0), false, weights.metadata(), 0,
                session.out);
        Recipe work = prepared.work();
        Dataset test = prepared.test();
        try (Backend backend = backends.open(model, OptimizerConfig.adam().build(), session.out)) {
            backend.setParameters(loaded.params());
            backend.setState(loaded.state());
            Evaluation e = Evaluation.evaluate(backend, test, work.task());
            session.out.printf(Locale.ROOT, "%s on %s (%,d images), %s%n", model.spec().simpleName(), test.name(), e.count(),
                    backend.description());
            if (!work.task().hasAccuracy()) {
                session.out.printf(Locale.ROOT, "test loss: %.6f%n", e.loss());
                return 0;
            }
            session.out.print(e.confusionTable());
            if (confusion != null) {
                Pngs.write(ConfusionMatrixPicture.render(e.confusion(), e.classNames()), confusion);
                session.out.println("wrote " + confusion);
            }
            session.out.printf(Locale.ROOT, "test loss: %.4f%n", e.loss());
            session.out.printf(Locale.ROOT, "test accuracy: %.4f%n", e.accuracy());
        }
        return 0;
    }
}
