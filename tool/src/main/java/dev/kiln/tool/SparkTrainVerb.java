package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.cluster.ClusterTraining;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FineTune;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.ProgressBar;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.samples.Recipe;
import dev.kiln.spec.NetworkSpec;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln spark-train SPEC --master URL}: {@code kiln train} on Apache Spark: the same options
 * ({@link TrainOptions}, {@link RunOptions}), the same run directory ({@link RunDirectory}: best and
 * last state with the optimiser's, history, report; {@code --resume} after an interruption or a
 * driver crash), the same epoch lines and last lines. Each of the cluster's cores trains a part of
 * the data, read by the executors themselves, for {@code --average-every} steps; then parameters,
 * optimiser state and running statistics are averaged (docs/SPARK.md).
 */
@Command(name = "spark-train", description = "data-parallel training on Apache Spark (local mode or a cluster); writes the "
        + "run directory train writes")
final class SparkTrainVerb extends Verb {
    /** Local steps between averagings by default; docs/SPARK.md has the measurements behind it. */
    static final int DEFAULT_AVERAGE_EVERY = 32;

    @Mixin
    ModelOptions network;

    @Mixin
    TrainOptions training;

    @Mixin
    RunOptions run;

    @Mixin
    DataOption data;

    @Mixin
    SparkOptions spark;

    @Option(names = "--partitions", paramLabel = "N", converter = Converters.Positive.class,
            description = "how many tasks train at once, each on its part of the data (default: one per core of the cluster)")
    int partitions;

    @Option(names = "--average-every", paramLabel = "STEPS", converter = Converters.Positive.class,
            description = "optimiser steps each task takes between two averagings of parameters, optimiser state and running "
                    + "statistics (default " + DEFAULT_AVERAGE_EVERY + "; 1 averages after every step)")
    int averageEvery = DEFAULT_AVERAGE_EVERY;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        NetworkSpec spec = model.spec();
        ClusterData where = SparkData.of(data, spec, Map.of());
        try (RunDirectory output = run.open(spec);
             ClusterSession cluster = spark.open(session, network, name())) {
            Recipe recipe = recipe(spec, cluster.holdsIdxFiles(where), where);
            TrainConfig config = training.config(recipe, output.dir(), FineTune.NONE);
            ClusterTraining trainer = cluster.training(model, where, config,
                    new ClusterSession.Distribution(partitions, averageEvery));
            boolean terminal = session.out == System.out && System.console() != null;
            StepRecorder steps = new StepRecorder();
            trainer.listen(new ProgressBar(session.out, terminal)).listen(steps);
            if (output.resumeState() != null) {
                trainer.resumeFrom(output.resumeState());
            }
            output.replaceEarlier();
            try (CtrlC ctrlC = CtrlC.stopping(trainer::requestStop)) {
                History history = trainer.fit();
                Checkpoints.Loaded weights = trainer.weights();
                Evaluation evaluation = history.interrupted() ? null : trainer.test();
                return output.finish(session.out, model, trainer.description(), recipe, config, history, steps, evaluation,
                        weights.params(), ctrlC.exitStatus());
            }
        }
    }

    /** {@code kiln train}'s defaults: the network's recipe for IDX data, an image folder's otherwise. */
    private static Recipe recipe(NetworkSpec spec, boolean idx, ClusterData where) {
        if (idx) {
            Recipe r = Recipe.of(spec);
            if (r.task().kind() != Task.Kind.CLASSIFICATION) {
                throw new KilnException(spec.simpleName() + " learns " + r.data() + "; spark-train trains classifiers with"
                        + " softmax cross-entropy");
            }
            return r;
        }
        return new Recipe("image folder " + where.location(), Task.classification(), DataLoading.IMAGE_EPOCHS, 64, 1e-3,
                "adam", 0.1, d -> {
                    throw new KilnException("the executors read the pictures");
                }, d -> {
                    throw new KilnException("the executors read the pictures");
                });
    }
}
