package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What {@code kiln spark-eval} runs: batch inference with {@link SparkClassifier} over the
 * Fashion-MNIST test set, in local mode or on a cluster, ending with the line {@code kiln eval}
 * ends with, {@code test accuracy: X}, so that the two compare.
 */
public final class SparkEval {
    private SparkEval() {
    }

    /**
     * @param specName  the network, by simple or qualified name
     * @param weights   its safetensors checkpoint
     * @param data      a directory with the Fashion-MNIST IDX files, or null for the installed ones
     * @param master    {@code local[2]}, {@code spark://host:7077}, {@code yarn}...
     * @param loader    the class loader that sees the network's classes (the tool's {@code --classpath})
     * @param jars      jars to ship to a cluster's executors besides the runtime's and the model's own, may be empty
     * @return the accuracy
     */
    public static double run(String specName, Path weights, Path data, String master, ClassLoader loader, List<String> jars,
                             PrintStream out) {
        KilnModel model = Models.find(specName, loader);
        if (!weights.toFile().isFile()) {
            throw new KilnException("--weights " + weights + ": no such file. Train first: ./kiln train "
                    + model.spec().simpleName() + ", then pass --weights runs/" + model.spec().simpleName() + "/best.safetensors");
        }
        Dataset test = FashionMnist.test(data);
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        // in local mode the executors are built now, under this loader, and so see the network's classes
        current.setContextClassLoader(loader);
        SparkSession.Builder builder = SparkSession.builder().appName("kiln spark-eval " + model.spec().simpleName())
                .master(master).config("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            builder.config("spark.ui.enabled", "false");
        }
        if (!master.startsWith("local")) {
            // a cluster's executors need the runtime and the network: ship their jars (a directory cannot be shipped)
            List<String> shipped = new ArrayList<>(jars);
            for (Class<?> c : List.of(KilnModel.class, dev.kiln.spec.NetworkSpec.class, model.getClass())) {
                java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source != null && source.getLocation().getPath().endsWith(".jar")) {
                    shipped.add(source.getLocation().getPath());
                }
            }
            builder.config("spark.jars", String.join(",", shipped.stream().distinct().toList()));
        }
        // a session the caller already runs (a test, a notebook) is used as it is, and left running
        boolean ours = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = builder.getOrCreate();
        try {
            if (ours) {
                spark.sparkContext().setLogLevel("WARN");
            }
            int size = test.shape().intSize();
            StructType schema = new StructType().add("label", DataTypes.IntegerType, false)
                    .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false);
            List<Row> rows = new ArrayList<>(test.size());
            for (int i = 0; i < test.size(); i++) {
                rows.add(RowFactory.create(test.labels()[i], Arrays.copyOfRange(test.images(), i * size, (i + 1) * size)));
            }
            int partitions = Math.max(2, spark.sparkContext().defaultParallelism());
            org.apache.spark.sql.Dataset<Row> images = spark.createDataFrame(rows, schema).repartition(partitions);
            long right = SparkClassifier.of(spark, model, weights).transform(images)
                    .filter("prediction = label").count();
            double accuracy = (double) right / test.size();
            out.printf(Locale.ROOT, "%s on %s (%,d images), Spark %s (%s, %d partitions, the Java pass on one thread per task)%n",
                    model.spec().simpleName(), test.name(), test.size(), spark.version(), master, partitions);
            out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
            return accuracy;
        } finally {
            if (ours) {
                spark.stop();
            }
            current.setContextClassLoader(before);
        }
    }

    /** The jars among the entries of a {@code --classpath} (directories cannot be shipped to a cluster). */
    public static List<String> jarsOf(String classpath) {
        List<String> jars = new ArrayList<>();
        if (classpath != null) {
            for (String part : classpath.split(File.pathSeparator)) {
                if (part.endsWith(".jar")) {
                    jars.add(Path.of(part).toAbsolutePath().toString());
                }
            }
        }
        return jars;
    }
}
