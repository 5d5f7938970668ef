package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.cluster.ClusterData;
import dev.kiln.runtime.cluster.ClusterSession;
import dev.kiln.runtime.io.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Batch prediction into CSV files: what {@code kiln spark-predict} runs, and the example job for
 * {@code spark-submit} (the spark module's jar with everything but Spark inside,
 * {@code spark/target/kiln-spark-0.1.0-SNAPSHOT.jar}; the networks' jar with {@code --jars}):
 *
 * <pre>
 * spark-submit --class dev.kiln.spark.SparkPredict --master spark://HOST:7077 \
 *     --jars samples/target/samples-0.1.0-SNAPSHOT.jar spark/target/kiln-spark-0.1.0-SNAPSHOT.jar \
 *     LeNet5 hdfs:///models/best.safetensors hdfs:///pictures/ hdfs:///predictions/
 * </pre>
 *
 * Arguments: {@code SPEC CHECKPOINT PICTURES OUT [--top K] [--master URL]} ({@code --master} for a run
 * without spark-submit, e.g. {@code scripts/spark-local}). {@code PICTURES} is a folder (any URI
 * Hadoop reads) whose pictures, at any depth, are read and decoded on the executors, or a folder of
 * IDX files, whose test images are classified with their labels. The checkpoint may be a local path
 * or any URI Hadoop reads; its class names, resize mode and normalisation apply. One CSV line per
 * picture: its path, its label (IDX data), the predicted class's index and name, its probability and
 * the {@code K} likeliest classes as JSON.
 */
public final class SparkPredict {
    private SparkPredict() {
    }

    public static void main(String[] args) throws IOException {
        List<String> words = new ArrayList<>(Arrays.asList(args));
        int top = 3;
        int t = words.indexOf("--top");
        if (t >= 0 && t + 1 < words.size()) {
            top = Integer.parseInt(words.get(t + 1));
            words.subList(t, t + 2).clear();
        }
        String master = null;
        int m = words.indexOf("--master");
        if (m >= 0 && m + 1 < words.size()) {
            master = words.get(m + 1);
            words.subList(m, m + 2).clear();
        }
        if (words.size() != 4) {
            System.err.println("usage: SparkPredict SPEC CHECKPOINT PICTURES OUT [--top K] [--master URL]");
            System.exit(2);
        }
        SparkSession.Builder builder = SparkSession.builder().appName("kiln SparkPredict " + words.get(0));
        if (master != null) {
            builder.master(master); // spark-submit sets it otherwise
        }
        SparkSession spark = builder.getOrCreate();
        try {
            SparkCluster cluster = SparkCluster.of(spark);
            KilnModel model = Models.find(words.get(0));
            Path checkpoint = local(cluster.files(), ClusterData.location(words.get(1)));
            Checkpoints.Loaded weights = Checkpoints.loadAll(checkpoint, model.spec());
            java.util.Map<String, String> metadata = Checkpoints.metadata(checkpoint);
            ClusterData pictures = ClusterData.at(ClusterData.location(words.get(2)));
            String resize = metadata.get("kiln.resize");
            String normalize = metadata.get(dev.kiln.runtime.data.Dataset.METADATA_NORMALIZE);
            pictures = new ClusterData(pictures.location(),
                    resize == null ? pictures.resize() : dev.kiln.runtime.data.image.Resize.parse(resize),
                    normalize == null ? pictures.normalization() : dev.kiln.runtime.data.Normalization.parse(normalize),
                    pictures.testSplit(), true, null, null);
            ClusterSession.Predictions p = predict(cluster, model, weights, pictures, Checkpoints.classNames(metadata), top,
                    ClusterData.location(words.get(3)), false);
            System.out.println(summary(model, p));
        } finally {
            spark.stop();
        }
    }

    /** {@code LeNet5: classified 10,000 pictures (0 unreadable ones skipped); wrote URI}, and the accuracy for labelled ones. */
    public static String summary(KilnModel model, ClusterSession.Predictions p) {
        String s = String.format(Locale.ROOT, "%s: classified %,d pictures (%,d unreadable ones skipped); wrote %s",
                model.spec().simpleName(), p.pictures(), p.skipped(), p.out());
        return Double.isNaN(p.accuracy()) ? s : s + String.format(Locale.ROOT, "%ntest accuracy: %.4f", p.accuracy());
    }

    /** A checkpoint given as a URI, copied to a local file (the driver reads it with the runtime's reader). */
    private static Path local(HadoopFiles files, URI uri) throws IOException {
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        Path copy = Files.createTempFile("kiln-checkpoint", ".safetensors");
        copy.toFile().deleteOnExit();
        try (InputStream in = files.open(uri)) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    static ClusterSession.Predictions predict(SparkCluster cluster, KilnModel model, Checkpoints.Loaded weights,
                                              ClusterData pictures, List<String> classNames, int topK, URI out,
                                              boolean overwrite) {
        SparkSession spark = cluster.spark();
        if (!overwrite && cluster.files().status(out) != null) {
            throw new KilnException("--out " + out + " already exists; add --overwrite to replace it, or choose another folder");
        }
        if (!cluster.files().isDirectory(pictures.location())) {
            throw new KilnException("--data " + pictures.location() + ": no such folder (it must be readable from the driver"
                    + " and from every executor)");
        }
        int outputs = model.spec().output().intSize();
        List<String> names = classNames.size() == (model.spec().loss() == dev.kiln.dsl.Loss.BINARY_CROSS_ENTROPY ? 2 : outputs)
                ? classNames : java.util.stream.IntStream.range(0, Math.max(outputs, 2)).mapToObj(c -> "class " + c).toList();
        boolean idx = DataPlan.holdsIdx(cluster.files(), pictures.location());
        org.apache.spark.sql.Dataset<Row> images;
        JavaRDD<Shard> shards = null;
        if (idx) {
            DataPlan.Listing test = DataPlan.list(cluster.files(), pictures, model.spec(), DataPlan.Part.TEST);
            shards = cluster.shards(test, cluster.defaultPartitions());
            StructType schema = new StructType().add("path", DataTypes.StringType, false)
                    .add("label", DataTypes.IntegerType, false)
                    .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false);
            int[][] ids = cluster.partitionsOf(test, shards.getNumPartitions()).stream().map(DataPlan.ShardPlan::sourceIndex)
                    .toArray(int[][]::new);
            String file = ((DataPlan.IdxImages) test.source()).file().toString();
            images = spark.createDataFrame(shards.flatMap(new ShardRows(file, ids)).rdd(), schema);
        } else {
            images = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                    .load(pictures.location().toString()).select("path", "content")
                    .filter(functions.not(functions.col("path").rlike("/\\.[^/]*$")));
        }
        SparkClassifier classifier = SparkClassifier.of(spark, model, weights).imageColumn(idx ? "image" : "content")
                .idColumn("path").topK(Math.min(topK, names.size())).resize(pictures.resize())
                .normalization(pictures.normalization()).badRows(pictures.skipBad() ? BadRows.SKIP : BadRows.FAIL);
        Column nameOf = functions.element_at(functions.array(names.stream().map(functions::lit).toArray(Column[]::new)),
                functions.col(SparkClassifier.PREDICTION).plus(1));
        org.apache.spark.sql.Dataset<Row> predicted = classifier.transform(images)
                .withColumn("class", nameOf)
                .withColumn("top", functions.to_json(functions.col(SparkClassifier.TOP_K)))
                .selectExpr(idx ? new String[] {"path", "label", "prediction", "class", "probability", "top"}
                        : new String[] {"path", "prediction", "class", "probability", "top"})
                .cache();
        try {
            predicted.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).option("header", "true")
                    .csv(out.toString());
            long count = predicted.count();
            double accuracy = Double.NaN;
            if (idx) {
                accuracy = count == 0 ? Double.NaN : (double) predicted.filter("prediction = label").count() / count;
            }
            return new ClusterSession.Predictions(count, classifier.skippedRows(), out, accuracy);
        } finally {
            predicted.unpersist();
            if (shards != null) {
                shards.unpersist(false);
            }
        }
    }

    /**
     * A shard's images as rows: a name ({@code FILE#INDEX}, the index in the IDX file, {@code ids[partition]}), the label and
     * the pixels (floats, as the network takes them).
     */
    private record ShardRows(String file, int[][] ids) implements FlatMapFunction<Shard, Row> {
        @Override
        public Iterator<Row> call(Shard shard) {
            int size = shard.data().shape().intSize();
            List<Row> rows = new ArrayList<>(shard.size());
            for (int i = 0; i < shard.size(); i++) {
                float[] pixels = new float[size];
                shard.data().copyImage(i, pixels, 0);
                rows.add(RowFactory.create(file + "#" + ids[shard.partition()][i], shard.data().labels()[i], pixels));
            }
            return rows.iterator();
        }
    }
}
