package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.viz.ConfusionMatrixPicture;
import dev.kiln.runtime.viz.Pngs;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code kiln eval SPEC --weights FILE}: loss, confusion matrix and accuracy on the test set. */
final class EvalVerb implements Verb {
    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String description() {
        return "test accuracy and confusion matrix of trained weights";
    }

    @Override
    public String synopsis() {
        return "eval SPEC --weights FILE [--data DIR] [--confusion FILE.png] [options]";
    }

    @Override
    public List<Option> options() {
        return Options.concat(List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train"),
                Option.value("confusion", "FILE.png", "also draw the confusion matrix to this PNG")),
                DataOptions.TEST_OPTIONS);
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        KilnModel model = session.model(args.single("spec name"));
        float[] weights = session.weights(model);
        DataLoading.Prepared data = DataLoading.load(model.spec(), DataOptions.from(args), false,
                session.weightsMetadata(), 0, session.out);
        Workload work = data.work();
        Dataset test = data.test();
        try (Backend backend = session.backend(model, OptimizerConfig.adam())) {
            backend.setParameters(weights);
            Evaluation e = Evaluation.evaluate(backend, test, work.task());
            session.out.printf(Locale.ROOT, "%s on %s (%,d images), %s%n", model.spec().simpleName(), test.name(), e.count(),
                    backend.description());
            if (!work.task().hasAccuracy()) {
                session.out.printf(Locale.ROOT, "test loss: %.6f%n", e.loss());
                return 0;
            }
            session.out.print(e.confusionTable());
            if (args.has("confusion")) {
                Path file = args.path("confusion", null);
                Pngs.write(ConfusionMatrixPicture.render(e.confusion(), e.classNames()), file);
                session.out.println("wrote " + file);
            }
            session.out.printf(Locale.ROOT, "test loss: %.4f%n", e.loss());
            session.out.printf(Locale.ROOT, "test accuracy: %.4f%n", e.accuracy());
        }
        return 0;
    }
}
