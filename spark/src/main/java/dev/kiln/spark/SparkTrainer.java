package dev.kiln.spark;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.data.Split;
import dev.kiln.runtime.data.image.ImageDecoder;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Data-parallel training of a classifier on the rows of a Spark {@code Dataset<Row>}, for programs
 * that hold their images in a DataFrame: images in a column of bytes (PNG, JPEG, BMP, GIF, decoded on
 * the executors and kept as bytes) or of pixel arrays, integer labels in another. It builds a
 * {@link SparkTraining} (local steps and averaging; see there) on the rows' partitions:
 *
 * <pre>{@code
 * SparkTraining run = SparkTrainer.of(spark, model, TrainConfig.defaults().withEpochs(3)).averageEvery(32)
 *         .training(rows, "image", "label");
 * History history = run.fit();
 * Checkpoints.Loaded weights = run.weights();
 * }</pre>
 *
 * <p>The images are numbered in partition order, as one machine would read the rows, and
 * {@link TrainConfig#validationFraction()} holds out the same images {@link dev.kiln.runtime.train.Trainer#fit(Dataset)}
 * would; each partition trains on the rest of its rows. A row that cannot be used fails the run, named.
 */
public final class SparkTrainer {
    /** Local steps between averagings when the caller does not choose. */
    public static final int DEFAULT_AVERAGE_EVERY = 32;

    private final SparkSession spark;
    private final KilnModel model;
    private final TrainConfig config;
    private int averageEvery = DEFAULT_AVERAGE_EVERY;
    private Resize resize = Resize.STRETCH;
    private List<String> classNames;

    private SparkTrainer(SparkSession spark, KilnModel model, TrainConfig config) {
        this.spark = spark;
        this.model = model;
        this.config = config;
    }

    /** A trainer of {@code model} with {@code config} (its epochs, batch, rates, optimiser, seed, validation, patience, checkpoint directory). */
    public static SparkTrainer of(SparkSession spark, KilnModel model, TrainConfig config) {
        return new SparkTrainer(spark, model, config);
    }

    /** Local optimiser steps each partition takes between two averagings (default {@value #DEFAULT_AVERAGE_EVERY}). */
    public SparkTrainer averageEvery(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("averaging needs at least 1 step between averagings, not " + k);
        }
        this.averageEvery = k;
        return this;
    }

    /** How image bytes of another size reach the network's input size (default {@link Resize#STRETCH}). */
    public SparkTrainer resize(Resize mode) {
        this.resize = mode;
        return this;
    }

    /** The classes' names, in label order, for checkpoints and reports (default {@code class 0}, {@code class 1}...). */
    public SparkTrainer classNames(List<String> names) {
        this.classNames = List.copyOf(names);
        return this;
    }

    /**
     * A training run on the rows of {@code data}: images in {@code imageColumn} (bytes or pixel arrays, as
     * {@link SparkClassifier} reads them), class indices in the integer {@code labelColumn}. Nothing runs until
     * {@link SparkTraining#fit()}.
     */
    public SparkTraining training(org.apache.spark.sql.Dataset<Row> data, String imageColumn, String labelColumn) {
        NetworkSpec spec = model.spec();
        StructType schema = data.schema();
        RowImages.Column image = RowImages.Column.of(schema, imageColumn, spec.simpleName(), spec.input());
        int label = RowImages.index(schema, labelColumn, "label");
        List<String> names = classNames != null ? classNames
                : IntStream.range(0, spec.output().intSize()).mapToObj(c -> "class " + c).toList();
        JavaRDD<Shard> all = data.toJavaRDD().mapPartitions(new ToShard(spec.qualifiedName(), image, label, resize, names))
                .persist(StorageLevel.MEMORY_ONLY());
        List<int[]> counted = all.map(s -> new int[] {s.partition(), s.size()}).collect();
        int partitions = all.getNumPartitions();
        int[] first = new int[partitions + 1];
        for (int[] c : counted) {
            first[c[0] + 1] = c[1];
        }
        for (int p = 0; p < partitions; p++) {
            first[p + 1] += first[p];
        }
        int n = first[partitions];
        JavaRDD<Shard> train = all;
        JavaRDD<Shard> validation = null;
        if (config.validationFraction() > 0) {
            int[][] split = Split.trainValidationIndices("the rows", n, config.validationFraction(), config.seed());
            train = all.map(new Keep(first, split[0])).persist(StorageLevel.MEMORY_ONLY());
            if (split[1].length > 0) {
                validation = all.map(new Keep(first, split[1])).persist(StorageLevel.MEMORY_ONLY());
            }
        }
        String master = spark.sparkContext().master();
        return new SparkTraining(spark, model, config, averageEvery,
                new SparkTraining.TrainingSets(train, validation, null, names, Map.of()), "Spark " + master);
    }

    /** The images of a shard whose global numbers (partition order) are in {@code keep}. */
    private record Keep(int[] first, int[] keep) implements Function<Shard, Shard> {
        @Override
        public Shard call(Shard s) {
            int lo = first[s.partition()];
            int hi = lo + s.size();
            int from = lowerBound(keep, lo);
            int to = lowerBound(keep, hi);
            int[] local = new int[to - from];
            for (int i = from; i < to; i++) {
                local[i - from] = keep[i] - lo;
            }
            return new Shard(s.partition(), s.data().subset(s.data().name(), local));
        }

        private static int lowerBound(int[] sorted, int value) {
            int i = Arrays.binarySearch(sorted, value);
            return i >= 0 ? i : -i - 1;
        }
    }

    /** Rows of one partition to one {@link Shard}: bytes decoded and kept as bytes, pixel arrays as floats. */
    private record ToShard(String modelName, RowImages.Column image, int label, Resize resize, List<String> names)
            implements FlatMapFunction<Iterator<Row>, Shard> {
        @Override
        public Iterator<Shard> call(Iterator<Row> rows) {
            NetworkSpec spec = Models.find(modelName).spec();
            Shape shape = spec.input();
            int classes = spec.output().intSize();
            int size = shape.intSize();
            int partition = TaskContext.getPartitionId();
            ImageDecoder decoder = image.bytes() ? new ImageDecoder(shape.channels(), shape.height(), shape.width(), resize) : null;
            RowImages pixels = image.bytes() ? null : new RowImages(image, spec.simpleName(), shape, resize, Normalization.NONE);
            byte[] bytes = image.bytes() ? new byte[1024 * size] : null;
            float[] floats = image.bytes() ? null : new float[1024 * size];
            List<Integer> labels = new ArrayList<>();
            int count = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                try {
                    if (image.bytes()) {
                        if (count * size == bytes.length) {
                            bytes = Arrays.copyOf(bytes, bytes.length * 2);
                        }
                        if (row.isNullAt(image.index())) {
                            throw new KilnException("the image is null");
                        }
                        decoder.decodeInto((byte[]) row.get(image.index()), "the image", bytes, count * size);
                    } else {
                        if (count * size == floats.length) {
                            floats = Arrays.copyOf(floats, floats.length * 2);
                        }
                        pixels.read(row, floats, count * size);
                    }
                    if (row.isNullAt(label)) {
                        throw new KilnException("the label is null");
                    }
                    int c = ((Number) row.get(label)).intValue();
                    if (c < 0 || c >= classes) {
                        throw new KilnException("the label is " + c + ", outside [0, " + classes + ")");
                    }
                    labels.add(c);
                } catch (RuntimeException e) {
                    throw new BadRowException("training row " + count + " of partition " + partition + ": " + e.getMessage(), e);
                }
                count++;
            }
            int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
            String name = "rows/partition-" + partition;
            Dataset data = image.bytes()
                    ? Dataset.ofBytes(name, shape, Arrays.copyOf(bytes, count * size), l, names, Normalization.NONE, Map.of())
                    : new Dataset(name, shape, Arrays.copyOf(floats, count * size), l, names);
            return List.of(new Shard(partition, data)).iterator();
        }
    }
}
