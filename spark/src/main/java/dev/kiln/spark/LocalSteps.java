package dev.kiln.spark;

import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.spec.NetworkSpec;
import java.io.Serializable;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Rounds of local steps, on an executor: in a round the task's shard takes steps {@code from .. to}
 * of the epoch (its own batches of {@code localBatch} images, in its own shuffled order) from a common
 * {@link ModelState}, exactly as {@link Trainer} takes steps on one machine, and returns the state it
 * ends with for averaging ({@link Averaging}): by the driver when a round is its own Spark job
 * ({@link OneRound}), by the tasks themselves when a job holds many rounds ({@link BarrierRounds}).
 *
 * <p>Partition {@code p}'s batch order in epoch {@code e} is its images shuffled {@code e} times
 * with {@link Trainer#shuffle} from the generator of {@link #partitionSeed seed p}, and step {@code j}
 * draws its dropout masks from {@link Trainer#dropoutSeed}{@code (seed p, first step of the epoch + j)}:
 * partition 0 uses the run's seed, so a single partition repeats {@link Trainer}'s run bit for bit.
 * Everything a round does follows from its inputs, so a task Spark runs again (a failure, a lost
 * executor) returns the same state.
 */
final class LocalSteps implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A test's way to make a task fail: called in every round's task with its first step, partition and attempt (0 first). */
    interface Fault extends Serializable {
        void inject(long globalStep, int partition, int attempt);
    }

    /**
     * What a shard did in a round.
     *
     * @param partition     the shard's partition
     * @param end           its state after its steps (null when a loss was not finite)
     * @param images        images it trained on
     * @param lossSum       the sum of its steps' mean losses, each times its batch size
     * @param right         images whose prediction was right during the steps
     * @param steps         steps it took (fewer than the round's when its shard ran out of batches)
     * @param divergedStep  the 0-based step of the epoch whose loss was not finite, -1 when none was
     * @param divergedLoss  that loss
     * @param nanos         time spent in the steps
     */
    record Result(int partition, ModelState end, int images, double lossSum, long right, int steps, int divergedStep,
                  double divergedLoss, long nanos) implements Serializable {
    }

    private final ExecutorModels.Key key;
    private final OptimizerConfig optimizer;
    private final int epoch;
    private final int localBatch;
    private final int maxSteps;
    private final long epochFirstStep;
    private final int ratesFrom;
    private final double[] rates;
    private final long seed;
    private final Fault fault;

    /**
     * The settings of one job's rounds.
     *
     * @param epoch          1-based
     * @param maxSteps       the cap on an epoch's steps, 0 for none
     * @param epochFirstStep steps of all partitions' common count taken before this epoch
     * @param ratesFrom      the step of the epoch (0-based) whose learning rate is {@code rates[0]}
     * @param rates          the learning rate of each of the job's steps
     */
    LocalSteps(ExecutorModels.Key key, OptimizerConfig optimizer, int epoch, int localBatch, int maxSteps, long epochFirstStep,
               int ratesFrom, double[] rates, long seed, Fault fault) {
        this.key = key;
        this.optimizer = optimizer;
        this.epoch = epoch;
        this.localBatch = localBatch;
        this.maxSteps = maxSteps;
        this.epochFirstStep = epochFirstStep;
        this.ratesFrom = ratesFrom;
        this.rates = rates;
        this.seed = seed;
        this.fault = fault;
    }

    /** One round as its own Spark job: each shard's steps {@code from .. to} from the broadcast state. */
    static final class OneRound implements Function<Shard, Result> {
        private static final long serialVersionUID = 1L;

        private final LocalSteps steps;
        private final Broadcast<ModelState> start;
        private final int from;
        private final int to;

        OneRound(LocalSteps steps, Broadcast<ModelState> start, int from, int to) {
            this.steps = steps;
            this.start = start;
            this.from = from;
            this.to = to;
        }

        @Override
        public Result call(Shard shard) {
            return steps.run(shard, start.value(), from, to);
        }
    }

    /** Partition {@code p}'s seed: the run's for partition 0, a different one for each other. */
    static long partitionSeed(long seed, int partition) {
        return partition == 0 ? seed : Trainer.dropoutSeed(seed ^ 0x5DEECE66DL, partition);
    }

    /** The steps of an epoch for a shard of {@code images}: its batches, capped at {@code maxSteps} (0: no cap). */
    static int stepsPerEpoch(int images, int localBatch, int maxSteps) {
        int full = (images + localBatch - 1) / localBatch;
        return maxSteps > 0 ? Math.min(full, maxSteps) : full;
    }

    /** The batch order of epoch {@code epoch} (1-based): {@link Trainer}'s, replayed from the start. */
    static int[] epochOrder(int images, long partitionSeed, int epoch) {
        int[] order = new int[images];
        for (int i = 0; i < images; i++) {
            order[i] = i;
        }
        SplittableRandom shuffler = Trainer.shuffler(partitionSeed);
        for (int e = 1; e <= epoch; e++) {
            Trainer.shuffle(order, shuffler);
        }
        return order;
    }

    /** Steps {@code from .. to} (0-based, of the epoch) of {@code shard} from {@code start}, on a borrowed backend. */
    Result run(Shard shard, ModelState start, int from, int to) {
        TaskContext context = TaskContext.get();
        if (fault != null && context != null) {
            // a retried task, or a rerun of a whole barrier stage
            fault.inject(epochFirstStep + from, shard.partition(), context.attemptNumber() + context.stageAttemptNumber());
        }
        Dataset data = shard.data();
        int n = data.size();
        long mySeed = partitionSeed(seed, shard.partition());
        int last = Math.min(to, stepsPerEpoch(n, localBatch, maxSteps));
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(key, () -> start, optimizer)) {
            JavaBackend backend = lease.backend;
            // the run's validation may have built this backend for inference, with another optimiser
            backend.setOptimizer(optimizer);
            start.into(backend);
            if (last <= from) {
                return new Result(shard.partition(), ModelState.of(backend), 0, 0, 0, 0, -1, 0, 0);
            }
            NetworkSpec spec = backend.spec();
            Task task = Task.classification();
            int inSize = spec.input().intSize();
            int outSize = spec.output().intSize();
            int[] order = epochOrder(n, mySeed, epoch);
            int classes = data.classes(); // a network with more outputs than classes predicts among these, as Trainer
            float[] input = new float[localBatch * inSize];
            int[] labels = new int[localBatch];
            float[] outputs = new float[localBatch * outSize];
            backend.plan(Math.min(localBatch, n));
            long t0 = System.nanoTime();
            double lossSum = 0;
            long right = 0;
            int images = 0;
            int steps = 0;
            for (int j = from; j < last; j++) {
                int lo = j * localBatch;
                int count = Math.min(localBatch, n - lo);
                for (int i = 0; i < count; i++) {
                    int index = order[lo + i];
                    data.copyImage(index, input, i * inSize);
                    task.fill(spec, data, index, i, labels, null);
                }
                double loss = backend.trainStep(input, labels, null, count, rates[j - ratesFrom],
                        Trainer.dropoutSeed(mySeed, epochFirstStep + j), outputs);
                if (!Double.isFinite(loss)) {
                    return new Result(shard.partition(), null, images, lossSum, right, steps, j, loss, System.nanoTime() - t0);
                }
                for (int i = 0; i < count; i++) {
                    if (task.predictedClass(spec, outputs, i * outSize, classes) == labels[i]) {
                        right++;
                    }
                }
                lossSum += loss * count;
                images += count;
                steps++;
            }
            long nanos = System.nanoTime() - t0;
            return new Result(shard.partition(), ModelState.of(backend), images, lossSum, right, steps, -1, 0, nanos);
        }
    }
}
