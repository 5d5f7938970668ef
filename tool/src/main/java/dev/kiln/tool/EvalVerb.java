package dev.kiln.tool;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.TrainedModel;
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

    @Mixin
    OverwriteOption overwrite;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        if (confusion != null) {
            overwrite.claim("--confusion", confusion);
        }
        weights.load(model); // a missing or mismatched file fails before the data is read
        DataOptions options = data.options(0);
        DataLoading.Prepared prepared = DataLoading.load(model.spec(), options, false, weights.metadata(), 0, session.out);
        Recipe work = prepared.work();
        Dataset test = prepared.test();
        try (TrainedModel trained = weights.open(model, backends, options, session.out)) {
            Evaluation e = trained.evaluate(test, work.task());
            session.out.printf(Locale.ROOT, "%s on %s (%,d images), %s%n", model.spec().simpleName(), test.name(), e.count(),
                    trained.backend().description());
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
