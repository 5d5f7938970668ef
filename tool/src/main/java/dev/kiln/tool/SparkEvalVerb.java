package dev.kiln.tool;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.Evaluation;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kiln spark-eval SPEC --weights FILE}: {@code kiln eval}'s figures (the same confusion
 * matrix, loss and accuracy, for the same weights and images), computed by batch inference on
 * Apache Spark, locally or on a cluster whose executors read the test images themselves.
 */
@Command(name = "spark-eval", description = "test accuracy computed by batch inference on Apache Spark (local mode or a cluster)")
final class SparkEvalVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;
    @Mixin
    DataOption data;
    @Mixin
    SparkOptions spark;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        // a missing or mismatched checkpoint, or data that cannot be, fails here, before Spark starts
        Checkpoints.Loaded loaded = weights.load(model);
        Map<String, String> metadata = weights.metadata();
        ClusterData where = SparkData.of(data, model.spec(), metadata);
        try (ClusterSession cluster = spark.open(session, network, name())) {
            Evaluation e = cluster.evaluate(model, loaded, where);
            session.out.printf(Locale.ROOT, "%s on %s (%,d images), %s%n", model.spec().simpleName(), testSetName(where),
                    e.count(), cluster.description());
            session.out.print(e.confusionTable());
            session.out.printf(Locale.ROOT, "test loss: %.4f%n", e.loss());
            session.out.printf(Locale.ROOT, "test accuracy: %.4f%n", e.accuracy());
        }
        return 0;
    }

    /** The test set's name as the one-machine loaders give it: the folder's name and {@code /test}. */
    static String testSetName(ClusterData data) {
        String path = data.location().getPath();
        if (path == null || path.isEmpty()) {
            return data.location() + "/test";
        }
        java.nio.file.Path p = java.nio.file.Path.of(path);
        return (p.getFileName() == null ? path : p.getFileName().toString()) + "/test";
    }
}
