package dev.kiln.spark;

import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The example job: classifies a folder of pictures (or the Fashion-MNIST test set) with a Kiln
 * model and a checkpoint, and writes one CSV line per picture: its path, the predicted class, its
 * probability and the three likeliest classes.
 *
 * <pre>
 * spark-submit --class dev.kiln.spark.SparkPredict --master spark://HOST:7077 \
 *     --jars dsl.jar,runtime.jar,my-networks.jar kiln-spark.jar \
 *     LeNet5 hdfs:///models/best.safetensors hdfs:///pictures/ hdfs:///predictions/
 * </pre>
 *
 * Arguments: {@code SPEC CHECKPOINT (PICTURE_DIR | fashion-mnist) OUT_DIR [--master URL]}. Pictures
 * are read with Spark's {@code binaryFile} source (every file under the folder, recursively) and
 * decoded on the executors; unreadable files are skipped and counted. The checkpoint is read by the
 * driver, so it is a local path there (spark-submit's {@code --files} puts it beside the driver).
 */
public final class SparkPredict {
    private SparkPredict() {
    }

    public static void main(String[] args) {
        List<String> words = new ArrayList<>(Arrays.asList(args));
        String master = null;
        int m = words.indexOf("--master");
        if (m >= 0 && m + 1 < words.size()) {
            master = words.get(m + 1);
            words.subList(m, m + 2).clear();
        }
        if (words.size() != 4) {
            System.err.println("usage: SparkPredict SPEC CHECKPOINT (PICTURE_DIR | fashion-mnist) OUT_DIR [--master URL]");
            System.exit(2);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("kiln SparkPredict " + words.get(0));
        if (master != null) {
            builder.master(master);
        }
        SparkSession spark = builder.getOrCreate();
        try {
            run(spark, words.get(0), Path.of(words.get(1)), words.get(2), words.get(3));
        } finally {
            spark.stop();
        }
    }

    static void run(SparkSession spark, String specName, Path checkpoint, String pictures, String out) {
        KilnModel model = Models.find(specName);
        org.apache.spark.sql.Dataset<Row> images;
        boolean labelled = pictures.equals("fashion-mnist");
        if (labelled) {
            images = fashionMnistTest(spark);
        } else {
            images = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(pictures)
                    .select("path", "content");
        }
        SparkClassifier classifier = SparkClassifier.of(spark, model, checkpoint)
                .imageColumn(labelled ? "image" : "content").idColumn("path").topK(3).badRows(BadRows.SKIP);
        org.apache.spark.sql.Dataset<Row> predicted = classifier.transform(images)
                .withColumn("top_3", functions.to_json(functions.col(SparkClassifier.TOP_K)))
                .selectExpr(labelled ? new String[] {"path", "label", "prediction", "probability", "top_3"}
                        : new String[] {"path", "prediction", "probability", "top_3"})
                .cache();
        predicted.write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(out);
        long count = predicted.count();
        System.out.printf(Locale.ROOT, "%s: classified %,d pictures (%,d unreadable ones skipped); wrote %s%n",
                model.spec().simpleName(), count, classifier.skippedRows(), out);
        if (labelled) {
            long right = predicted.filter("prediction = label").count();
            System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", (double) right / count);
        }
        predicted.show(5, false);
    }

    /** The installed Fashion-MNIST test set as rows {@code path} (its index), {@code label}, {@code image} (pixels). */
    private static org.apache.spark.sql.Dataset<Row> fashionMnistTest(SparkSession spark) {
        Dataset test = FashionMnist.test(null);
        int size = test.shape().intSize();
        StructType schema = new StructType().add("path", DataTypes.StringType, false)
                .add("label", DataTypes.IntegerType, false)
                .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        List<Row> rows = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            rows.add(RowFactory.create("fashion-mnist/test/" + i, test.labels()[i],
                    Arrays.copyOfRange(test.images(), i * size, (i + 1) * size)));
        }
        return spark.createDataFrame(rows, schema).repartition(Math.max(2, spark.sparkContext().defaultParallelism()));
    }
}
