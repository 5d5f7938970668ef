package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln spark-eval SPEC --weights FILE}: {@code kiln eval}'s accuracy, computed by batch
 * inference on Apache Spark (the {@code spark} module's {@code dev.kiln.spark.SparkEval}). Spark is
 * not on the tool's usual class path: {@code ./kiln} adds the spark module and Spark's jars for
 * this verb only, and the verb finds them by name, so the other verbs start without them.
 */
@Command(name = "spark-eval", description = "test accuracy computed by batch inference on Apache Spark (local mode or a cluster)")
final class SparkEvalVerb extends Verb {
    static final String ENGINE = "dev.kiln.spark.SparkEval";

    @Mixin
    ModelOptions network;
    @Mixin
    WeightsOption weights;
    @Mixin
    DataOption data;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
            description = "Spark's master: local[N] (default local[2]), spark://HOST:7077, yarn...")
    String master;

    @Override
    int run(Session session) throws Exception {
        KilnModel model = network.model();
        weights.load(model); // a missing or mismatched checkpoint fails here, before Spark starts
        Class<?> engine;
        try {
            engine = Class.forName(ENGINE);
        } catch (ClassNotFoundException e) {
            throw new KilnException("spark-eval needs Kiln's spark module and Apache Spark on the class path; "
                    + "run it through ./kiln, which adds them for this verb");
        }
        Method run = engine.getMethod("run", String.class, Path.class, Path.class, String.class, ClassLoader.class,
                List.class, PrintStream.class);
        List<?> jars = (List<?>) engine.getMethod("jarsOf", String.class).invoke(null, network.classpath);
        try {
            run.invoke(null, model.spec().qualifiedName(), weights.file, data.dir, master, network.loader(), jars,
                    session.out);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
        return 0;
    }
}
