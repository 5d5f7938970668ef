package dev.kiln.spark;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.image.Resize;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.spec.NetworkSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training of a classifier on Spark. The training set stays on the
 * executors as one cached {@link Shard} per partition. Every step the driver broadcasts the
 * parameters; each shard computes, with the generated Java pass on its task's thread, the gradient
 * of its part of the global batch ({@link JavaBackend#gradient}); {@code treeAggregate} sums the
 * parts weighted by their image counts; the driver divides by the batch size and applies one
 * optimiser update ({@link JavaBackend#applyGradient}), the same update {@link Trainer} applies.
 *
 * <p>The global batches are the single-machine {@link Trainer}'s: images are numbered in partition
 * order, every epoch is shuffled with the trainer's generator and seed, and the learning-rate
 * schedule is the trainer's. The result equals single-machine training with the same batch up to
 * the order in which floating-point gradients are summed (bit for bit with one partition). Dropout
 * masks are drawn per shard, so networks with dropout differ from the single-machine run in which
 * elements are dropped (not in the rate).
 *
 * <p>With {@link #averageEvery(int) averaging every k steps} each shard instead takes k local
 * optimiser steps on its parts of the next k global batches, from the broadcast parameters with a
 * fresh optimiser state, and the driver averages the shards' parameters (weighted by images):
 * k times fewer rounds of communication, at some cost in accuracy (docs/SPARK.md has the figures).
 *
 * <p>Validation, early stopping and checkpoints are left to the caller, who gets the parameters back.
 */
public final class SparkTrainer {
    private final SparkSession spark;
    private final KilnModel model;
    private final NetworkSpec spec;
    private final TrainConfig config;
    private int averageEvery;
    private Resize resize = Resize.STRETCH;
    private Fault fault;
    private StepListener listener;

    /** A test's way to make a task fail: called in every step's task with the step, partition and attempt. */
    interface Fault extends Serializable {
        void inject(long step, int partition, int attempt);
    }

    /** Told about every optimiser step (or averaging round) on the driver. */
    @FunctionalInterface
    public interface StepListener {
        void onStep(int epoch, long step, double meanLoss, StepTime time);
    }

    /**
     * Where one step's wall time went, in nanoseconds: {@code broadcast} on the driver (reading the
     * parameters and broadcasting them), {@code compute} (the slowest shard's forward and backward),
     * {@code aggregate} (the rest of the Spark job: scheduling the tasks, fetching the broadcast,
     * sending the partial sums back and adding them up) and {@code apply} (the optimiser update on the driver).
     */
    public record StepTime(long broadcast, long compute, long aggregate, long apply) {
        public long total() {
            return broadcast + compute + aggregate + apply;
        }
    }

    /**
     * The trained parameters, each epoch's figures, and the mean split of an exchange's time. An
     * exchange is one broadcast and one aggregation: every step, or every k steps when averaging;
     * {@code steps} counts exchanges.
     */
    public record Result(float[] parameters, History history, StepTime meanStep, long steps) {
        /** {@code broadcast 1.2 ms, compute 20.1 ms, aggregate 5.3 ms, apply 0.4 ms per exchange (235 exchanges)} */
        public String timeSplit() {
            return String.format(Locale.ROOT, "broadcast %.2f ms, compute %.2f ms, aggregate %.2f ms, apply %.2f ms per"
                    + " exchange (%d exchanges)", meanStep.broadcast() * 1e-6, meanStep.compute() * 1e-6,
                    meanStep.aggregate() * 1e-6, meanStep.apply() * 1e-6, steps);
        }
    }

    private SparkTrainer(SparkSession spark, KilnModel model, TrainConfig config) {
        this.spark = spark;
        this.model = model;
        this.spec = model.spec();
        this.config = config;
        if (spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + "; Spark training takes"
                    + " softmax cross-entropy classifiers with integer labels");
        }
    }

    /**
     * A trainer of {@code model} with {@code config}'s epochs, batch, learning rate, schedule,
     * optimiser and seed ({@code config.initialize()} false starts from {@link #fit(Dataset, String, String, float[])}'s
     * parameters). Its validation fraction, patience and checkpoint directory are not used.
     */
    public static SparkTrainer of(SparkSession spark, KilnModel model, TrainConfig config) {
        return new SparkTrainer(spark, model, config);
    }

    /** Parameter averaging every {@code k} local steps instead of a gradient sum every step; 0 (the default) for the latter. */
    public SparkTrainer averageEvery(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("averaging every k steps needs k >= 1, or 0 for none; not " + k);
        }
        this.averageEvery = k;
        return this;
    }

    /** How image bytes of another size reach the network's input size (default {@link Resize#STRETCH}). */
    public SparkTrainer resize(Resize mode) {
        this.resize = mode;
        return this;
    }

    public SparkTrainer listen(StepListener l) {
        this.listener = l;
        return this;
    }

    SparkTrainer fault(Fault f) {
        this.fault = f;
        return this;
    }

    /** Trains from fresh weights drawn with the config's seed. */
    public Result fit(Dataset<Row> data, String imageColumn, String labelColumn) {
        return fit(data, imageColumn, labelColumn, null);
    }

    /**
     * Trains on the rows of {@code data}: images in {@code imageColumn} (bytes or pixel arrays, as
     * {@link SparkClassifier} reads them), class indices in the integer {@code labelColumn}. Every row
     * must be usable: a bad one fails the run naming it. Starts from {@code start} when it is not null.
     */
    public Result fit(Dataset<Row> data, String imageColumn, String labelColumn, float[] start) {
        StructType schema = data.schema();
        RowImages.Column image = RowImages.Column.of(schema, imageColumn, spec.simpleName(), spec.input());
        int label = RowImages.index(schema, labelColumn, "label");
        JavaRDD<Shard> shards = data.toJavaRDD()
                .mapPartitions(new ToShard(spec.qualifiedName(), image, label, resize))
                .persist(StorageLevel.MEMORY_ONLY());
        ExecutorModels.Key key = new ExecutorModels.Key(spec.qualifiedName(), "training " + UUID.randomUUID());
        try {
            return run(shards, key, start);
        } finally {
            shards.foreachPartition(ignored -> ExecutorModels.forget(key));
            shards.unpersist(false);
        }
    }

    private Result run(JavaRDD<Shard> shards, ExecutorModels.Key key, float[] start) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<int[]> sizes = shards.map(s -> new int[] {s.partition(), s.size()}).collect();
        int partitions = shards.getNumPartitions();
        int[] first = new int[partitions + 1];
        for (int[] s : sizes) {
            first[s[0] + 1] = s[1];
        }
        for (int p = 0; p < partitions; p++) {
            first[p + 1] += first[p];
        }
        int n = first[partitions];
        if (n == 0) {
            throw new KilnException("the training set is empty");
        }
        int batch = Math.min(config.batch(), n);
        int fullSteps = (n + batch - 1) / batch;
        int steps = config.maxStepsPerEpoch() > 0 ? Math.min(fullSteps, config.maxStepsPerEpoch()) : fullSteps;
        long totalSteps = (long) steps * config.epochs();

        JavaBackend driver = new JavaBackend(model, config.optimizer());
        if (start != null) {
            driver.setParameters(start);
        } else if (config.initialize()) {
            driver.setParameters(Initializers.initialize(spec, config.seed()));
        }
        float[] params = new float[spec.parameterCount()];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom shuffler = Trainer.shuffler(config.seed());
        History history = new History();
        long[] sums = new long[4];
        long globalStep = 0;
        long rounds = 0;
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                Trainer.shuffle(order, shuffler);
                long epochStart = System.nanoTime();
                double lossSum = 0;
                long right = 0;
                long seen = 0;
                double lr = config.learningRate();
                int per = averageEvery > 0 ? averageEvery : 1;
                for (int step = 0; step < steps; step += per) {
                    int k = Math.min(per, steps - step);
                    int[][] batches = new int[k][];
                    double[] rates = new double[k];
                    long[] seeds = new long[k];
                    for (int j = 0; j < k; j++) {
                        int from = (step + j) * batch;
                        batches[j] = Arrays.copyOfRange(order, from, Math.min(from + batch, n));
                        rates[j] = config.schedule().rate(config.learningRate(), epoch - 1, globalStep + j, totalSteps);
                        seeds[j] = Trainer.dropoutSeed(config.seed(), globalStep + j);
                    }
                    lr = rates[k - 1];
                    long t0 = System.nanoTime();
                    driver.getParameters(params);
                    Broadcast<float[]> shared = jsc.broadcast(params.clone());
                    long t1 = System.nanoTime();
                    Round round = new Round(key, shared, first, batches, rates, seeds, averageEvery > 0,
                            config.optimizer(), spec.simpleName(), globalStep, fault);
                    GradientSum sum = shards.treeAggregate(new GradientSum(), round::add, GradientSum::merge, 2);
                    long t2 = System.nanoTime();
                    if (sum.images == 0 || sum.values == null) {
                        throw new KilnException("step " + (globalStep + 1) + " saw no images; the shards do not cover the batch");
                    }
                    double loss = sum.lossSum / sum.images;
                    if (!Double.isFinite(loss)) {
                        throw new KilnException(String.format(Locale.ROOT, "training %s on Spark diverged at epoch %d,"
                                + " step %d: the loss is %s. Lower the learning rate or check the data.",
                                spec.simpleName(), epoch, step + 1, loss));
                    }
                    float scale = (float) sum.images;
                    for (int i = 0; i < sum.values.length; i++) {
                        sum.values[i] /= scale;
                    }
                    if (averageEvery > 0) {
                        driver.setParameters(sum.values);
                    } else {
                        driver.applyGradient(sum.values, rates[0]);
                    }
                    long t3 = System.nanoTime();
                    shared.destroy(false);
                    StepTime time = new StepTime(t1 - t0, sum.computeNanosMax, Math.max(0, t2 - t1 - sum.computeNanosMax), t3 - t2);
                    sums[0] += time.broadcast();
                    sums[1] += time.compute();
                    sums[2] += time.aggregate();
                    sums[3] += time.apply();
                    rounds++;
                    globalStep += k;
                    lossSum += sum.lossSum;
                    right += sum.correct;
                    seen += sum.images;
                    if (listener != null) {
                        listener.onStep(epoch, globalStep, loss, time);
                    }
                }
                double seconds = (System.nanoTime() - epochStart) * 1e-9;
                history.add(new History.Epoch(epoch, lossSum / seen, (double) right / seen, Double.NaN, Double.NaN,
                        seen / seconds, seconds, lr), true);
            }
            driver.getParameters(params);
        } finally {
            driver.close();
        }
        long r = Math.max(rounds, 1);
        return new Result(params, history, new StepTime(sums[0] / r, sums[1] / r, sums[2] / r, sums[3] / r), rounds);
    }

    /** Rows of one partition to one {@link Shard}; a row that cannot be read fails the run, named. */
    private record ToShard(String modelName, RowImages.Column image, int label, Resize resize)
            implements org.apache.spark.api.java.function.FlatMapFunction<Iterator<Row>, Shard> {
        @Override
        public Iterator<Shard> call(Iterator<Row> rows) {
            NetworkSpec spec = Models.find(modelName).spec();
            dev.kiln.spec.Shape shape = spec.input();
            int classes = spec.output().intSize();
            RowImages reader = new RowImages(image, spec.simpleName(), shape, resize);
            int size = shape.intSize();
            float[] images = new float[1024 * size];
            int[] labels = new int[1024];
            int count = 0;
            int partition = TaskContext.getPartitionId();
            while (rows.hasNext()) {
                Row row = rows.next();
                if (count == labels.length) {
                    labels = Arrays.copyOf(labels, count * 2);
                    images = Arrays.copyOf(images, count * 2 * size);
                }
                try {
                    reader.read(row, images, count * size);
                    if (row.isNullAt(label)) {
                        throw new KilnException("the label is null");
                    }
                    int c = ((Number) row.get(label)).intValue();
                    if (c < 0 || c >= classes) {
                        throw new KilnException("the label is " + c + ", outside [0, " + classes + ")");
                    }
                    labels[count] = c;
                } catch (RuntimeException e) {
                    throw new BadRowException("training row " + count + " of partition " + partition + ": "
                            + e.getMessage(), e);
                }
                count++;
            }
            return List.of(new Shard(partition, Arrays.copyOf(images, count * size), Arrays.copyOf(labels, count)))
                    .iterator();
        }
    }

    /**
     * One step (or averaging round) as the shards see it: the broadcast parameters, where each
     * shard's images start in the global numbering, and the global batches with their learning
     * rates and dropout seeds.
     */
    private record Round(ExecutorModels.Key key, Broadcast<float[]> params, int[] first, int[][] batches,
                         double[] rates, long[] seeds, boolean average, dev.kiln.runtime.optim.OptimizerConfig optimizer,
                         String network, long step, Fault fault) implements Serializable {

        GradientSum add(GradientSum acc, Shard shard) {
            TaskContext context = TaskContext.get();
            if (fault != null && context != null) {
                fault.inject(step, shard.partition(), context.attemptNumber());
            }
            int lo = first[shard.partition()];
            int hi = lo + shard.size();
            try (ExecutorModels.Lease lease = ExecutorModels.borrow(key, params::value, optimizer)) {
                JavaBackend b = lease.backend;
                NetworkSpec spec = b.spec();
                int inSize = spec.input().intSize();
                int outSize = spec.output().intSize();
                b.setParameters(params.value());
                long t0 = System.nanoTime();
                int seenHere = 0;
                int correct = 0;
                double lossSum = 0;
                float[] grads = average ? null : new float[spec.parameterCount()];
                for (int j = 0; j < batches.length; j++) {
                    int[] mine = Arrays.stream(batches[j]).filter(i -> i >= lo && i < hi).toArray();
                    int count = mine.length;
                    if (count == 0) {
                        continue;
                    }
                    float[] input = new float[count * inSize];
                    int[] labels = new int[count];
                    float[] outputs = new float[count * outSize];
                    for (int i = 0; i < count; i++) {
                        int local = mine[i] - lo;
                        System.arraycopy(shard.images(), local * inSize, input, i * inSize, inSize);
                        labels[i] = shard.labels()[local];
                    }
                    double loss = average
                            ? b.trainStep(input, labels, null, count, rates[j], seeds[j], outputs)
                            : b.gradient(input, labels, null, count, seeds[j], outputs, grads);
                    if (!Double.isFinite(loss)) {
                        throw new KilnException(network + " on Spark: the loss of partition " + shard.partition()
                                + " is " + loss + " at step " + (step + j + 1) + ". Lower the learning rate or check the data.");
                    }
                    Task task = Task.classification();
                    for (int i = 0; i < count; i++) {
                        if (task.predictedClass(spec, outputs, i * outSize) == labels[i]) {
                            correct++;
                        }
                    }
                    lossSum += loss * count;
                    seenHere += count;
                }
                if (seenHere == 0) {
                    return acc;
                }
                long nanos = System.nanoTime() - t0;
                if (average) {
                    float[] p = new float[spec.parameterCount()];
                    b.getParameters(p);
                    return acc.add(p, seenHere, lossSum / seenHere, seenHere, correct, nanos);
                }
                return acc.add(grads, seenHere, lossSum / seenHere, seenHere, correct, nanos);
            }
        }
    }

}
