package dev.kiln.tool;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.io.Checkpoints;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln spark-predict SPEC --weights FILE --data PICTURES --out DIR}: classifies every picture
 * below {@code PICTURES} on Apache Spark (or the test images of an IDX folder, with their labels) and
 * writes one CSV line per picture into {@code DIR}: its path, the predicted class's index and name,
 * its probability and the likeliest classes.
 */
@Command(name = "spark-predict", description = "classify a folder of pictures on Apache Spark; write one CSV line per picture")
final class SparkPredictVerb extends Verb {
    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;
    @Mixin
    DataOption data;
    @Mixin
    SparkOptions spark;

    @Option(names = "--out", paramLabel = "DIR|URI", required = true,
            description = "the folder the CSV files go to (Spark writes one per partition), on storage the executors write to")
    String out;

    @Option(names = "--overwrite", description = "replace --out if it exists (without it, kiln refuses)")
    boolean overwrite;

    @Option(names = "--top", paramLabel = "K", converter = Converters.Positive.class,
            description = "how many of the likeliest classes each line lists (default 3)")
    int top = 3;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        Checkpoints.Loaded loaded = weights.load(model);
        Map<String, String> metadata = weights.metadata();
        ClusterData pictures = SparkData.of(data, model.spec(), metadata);
        List<String> names = DataOptions.checkpointClasses(metadata);
        if (pictures.classNames() != null) {
            names = pictures.classNames();
        }
        URI target = ClusterData.location(out);
        try (ClusterSession cluster = spark.open(session, network, name())) {
            ClusterSession.Predictions p = cluster.predict(model, loaded, pictures, names, top, target, overwrite);
            session.out.printf(Locale.ROOT, "%s: classified %,d pictures (%,d unreadable ones skipped) on %s; wrote %s%n",
                    model.spec().simpleName(), p.pictures(), p.skipped(), cluster.description(), p.out());
            if (!Double.isNaN(p.accuracy())) {
                session.out.printf(Locale.ROOT, "test accuracy: %.4f%n", p.accuracy());
            }
        }
        return 0;
    }
}
