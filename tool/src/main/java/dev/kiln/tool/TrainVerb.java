package dev.kiln.tool;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.io.InitReport;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FineTune;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ProgressBar;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.TrainListener;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln train SPEC}: trains on the spec's {@link Recipe}, writes the best weights, the
 * history CSV and {@code report.html} to {@code --out} ({@link RunDirectory}), and ends with
 * {@code test accuracy: 0.xxxx} for a classifier, or the learned kernel for the edge detector.
 */
@Command(name = "train", description = "train on the spec's data or an image folder; write best weights, history CSV and "
        + "report.html to --out")
final class TrainVerb extends Verb {
    @Mixin
    ModelOptions network;

    @Mixin
    TrainOptions training;

    @Mixin
    RunOptions run;

    @Mixin
    DataOption data;

    @Option(names = "--train-images", paramLabel = "N", converter = Converters.Positive.class,
            description = "train on at most N images (a seeded choice; default all)")
    int trainImages;

    @Mixin
    TransferOptions transfer;

    @Mixin
    BackendOptions backends;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        FineTune fineTune = transfer.fineTune();
        // Unknown layers fail now, before the data is read.
        fineTune.groups(spec);
        try (RunDirectory output = run.open(spec)) {
            DataLoading.Prepared prepared = DataLoading.load(spec, data.options(trainImages), true, Map.of(), training.seed(),
                    session.out);
            Recipe recipe = prepared.work();
            DataLoading.checkClasses(spec, recipe.task(), prepared.train(), session.out);
            TrainConfig config = training.config(recipe, output.dir(), fineTune);
            try (Backend backend = backends.open(model, config.optimizer(), session.out)) {
                boolean terminal = session.out == System.out && System.console() != null;
                StepRecorder steps = new StepRecorder();
                TrainListener initReport = new TrainListener() {
                    @Override
                    public void onInitFrom(Path file, InitReport report) {
                        session.out.println(report.describe(file.toString()));
                    }
                };
                Trainer trainer = new Trainer(backend, recipe.task(), config).listen(initReport)
                        .listen(new ProgressBar(session.out, terminal)).listen(steps);
                if (output.resumeState() != null) {
                    trainer.resumeFrom(output.resumeState());
                }
                output.replaceEarlier();
                try (CtrlC ctrlC = CtrlC.stopping(trainer)) {
                    History history = trainer.fit(prepared.train());
                    float[] params = new float[spec.parameterCount()];
                    backend.getParameters(params);
                    Evaluation evaluation = history.interrupted() ? null
                            : Evaluation.evaluate(backend, prepared.test(), recipe.task());
                    return output.finish(session.out, model, backend.description(), recipe, config, history, steps, evaluation,
                            params, ctrlC.exitStatus());
                }
            }
        }
    }
}
