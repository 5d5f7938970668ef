package dev.kiln.tool;

import dev.kiln.runtime.KilnException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code kiln spark-eval SPEC --weights FILE}: {@code kiln eval}'s accuracy, computed by batch
 * inference on Apache Spark (the {@code spark} module's {@code dev.kiln.spark.SparkEval}). Spark is
 * not on the tool's usual class path: {@code ./kiln} adds the spark module and Spark's jars for
 * this verb only, and the verb finds them by name, so the other verbs start without them.
 */
final class SparkEvalVerb implements Verb {
    static final String ENGINE = "dev.kiln.spark.SparkEval";

    @Override
    public String name() {
        return "spark-eval";
    }

    @Override
    public String description() {
        return "test accuracy computed on Apache Spark (local mode or a cluster)";
    }

    @Override
    public String synopsis() {
        return "spark-eval SPEC --weights FILE [--data DIR] [--master local[2]] [options]";
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.value("weights", "FILE", "a safetensors file written by kiln train"),
                Option.value("data", "DIR", "a directory with the Fashion-MNIST IDX files"),
                Option.value("master", "URL", "Spark's master: local[N] (the default, local[2]), spark://HOST:7077, yarn..."));
    }

    @Override
    public int run(Args args, Session session) throws Exception {
        String spec = args.single("spec name");
        Path weights = Path.of(args.required("weights", "a safetensors file written by kiln train, e.g. runs/"
                + spec + "/best.safetensors"));
        Path data = args.path("data", null);
        String master = args.string("master", "local[2]");
        String classpath = args.string("classpath", null);
        Class<?> engine;
        try {
            engine = Class.forName(ENGINE);
        } catch (ClassNotFoundException e) {
            throw new KilnException("spark-eval needs Kiln's spark module and Apache Spark on the class path; "
                    + "run it through ./kiln, which adds them for this verb");
        }
        ClassLoader loader = session.loader();
        Method run = engine.getMethod("run", String.class, Path.class, Path.class, String.class, ClassLoader.class,
                List.class, PrintStream.class);
        List<?> jars = (List<?>) engine.getMethod("jarsOf", String.class).invoke(null, classpath);
        try {
            run.invoke(null, spec, weights, data, master, loader, jars, session.out);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
        return 0;
    }
}
