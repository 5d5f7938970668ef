package dev.kiln.spark;

import dev.kiln.dsl.Loss;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.backend.JavaBackend;
import dev.kiln.runtime.cluster.ClusterTraining;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.java.WorkerPool;
import dev.kiln.runtime.train.DivergenceException;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.FineTune;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.Task;
import dev.kiln.runtime.train.TrainConfig;
import dev.kiln.runtime.train.TrainListener;
import dev.kiln.runtime.train.ResumeCheck;
import dev.kiln.runtime.train.Trainer;
import dev.kiln.runtime.train.TrainingState;
import dev.kiln.spec.NetworkSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Data-parallel training on Spark by local steps and averaging (local SGD): the training set stays
 * on the executors as one cached {@link Shard} per partition; each round, every partition takes
 * {@code averageEvery} optimiser steps on its own batches from the same {@link ModelState}, and what
 * they end with is averaged ({@link Averaging}): the parameters, the optimiser's moments and the
 * running statistics, each weighted by the images the partition trained on, in partition order and in
 * double precision, so the average does not depend on which task finished first.
 *
 * <p>A Spark job holds the rounds of up to {@value #STEPS_PER_JOB} steps: a barrier stage whose tasks
 * exchange their states and average them themselves ({@link BarrierRounds}), or, where the cluster
 * cannot run all partitions at once, one round whose states the driver averages
 * ({@link LocalSteps.OneRound}); both give the same bits. Every task is deterministic, so a retried
 * task, a rerun stage or a lost executor leaves the result unchanged.
 *
 * <p>The global batch ({@link TrainConfig#batch()}) is split over the {@code P} partitions (local
 * batches of {@code ceil(batch / P)} images), so an epoch has as many steps, each over as many images,
 * as on one machine, and the learning-rate schedule runs over the same steps. With one partition the
 * run is {@link Trainer}'s on a one-worker backend, bit for bit.
 *
 * <p>Around the jobs everything is {@link Trainer}'s: the validation split (the same images), a
 * validation pass after each epoch (on the executors), early stopping, the best checkpoint and the
 * training state in {@link TrainConfig#checkpointDir()} (the state after every job, so a driver that
 * crashes loses at most a job and {@link #resumeFrom resumes} exactly), the listeners' calls and the
 * non-finite-loss rule: a round in which a partition's loss stops being finite, or whose averaged
 * weights are not finite (an update that overflowed), is discarded whole (parameters, optimiser state
 * and running statistics stay those of the last averaging) and the run stops with a
 * {@link DivergenceException}.
 */
public final class SparkTraining implements ClusterTraining {
    private final SparkSession spark;
    private final KilnModel model;
    private final NetworkSpec spec;
    private final TrainConfig config;
    private final int averageEvery;
    private final TrainingSets sets;
    private final String where;
    private final List<TrainListener> listeners = new ArrayList<>();
    private volatile boolean stopRequested;
    private TrainingState resume;
    private LocalSteps.Fault fault;
    private int roundsPerJob;
    private boolean barrier;
    private ModelState result;
    private final RoundTimes times = new RoundTimes();

    /**
     * The cached shards a run trains, validates and tests on, and what the data says of itself.
     *
     * @param train      one shard per partition
     * @param validation the validation images (null for none)
     * @param test       the test images (null when there are none)
     * @param classNames the classes, in label order
     * @param metadata   what the loader records in checkpoints (resize mode, normalisation)
     */
    record TrainingSets(JavaRDD<Shard> train, JavaRDD<Shard> validation, JavaRDD<Shard> test, List<String> classNames,
                        Map<String, String> metadata) {
        void unpersist() {
            train.unpersist(false);
            if (validation != null) {
                validation.unpersist(false);
            }
            if (test != null) {
                test.unpersist(false);
            }
        }
    }

    SparkTraining(SparkSession spark, KilnModel model, TrainConfig config, int averageEvery, TrainingSets sets, String where) {
        this.spark = spark;
        this.model = model;
        this.spec = model.spec();
        this.config = config;
        this.averageEvery = averageEvery;
        this.sets = sets;
        this.where = where;
        if (spec.loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            throw new KilnException(spec.simpleName() + " is trained with " + spec.loss() + "; training on Spark takes"
                    + " softmax cross-entropy classifiers with integer labels");
        }
        if (averageEvery < 1) {
            throw new KilnException("averaging needs at least 1 step between averagings, not " + averageEvery);
        }
        FineTune f = config.fineTune();
        if (f.initFrom() != null || !f.freeze().isEmpty() || f.scalesLayers()) {
            throw new KilnException("training on Spark starts from fresh weights: --init-from, --freeze and --lr-scale are"
                    + " for kiln train on one machine");
        }
    }

    @Override
    public SparkTraining listen(TrainListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public SparkTraining resumeFrom(TrainingState state) {
        this.resume = state;
        return this;
    }

    @Override
    public void requestStop() {
        stopRequested = true;
    }

    /** Local steps one Spark job may take at most, when the rounds run in barrier stages (a few hundred). */
    static final int STEPS_PER_JOB = 256;

    /**
     * Rounds per Spark job: 1 makes every round a job of its own, averaged by the driver (tests compare the two ways); by
     * default as many as fit in {@value #STEPS_PER_JOB} steps, in barrier stages when the cluster runs all partitions at
     * once.
     */
    SparkTraining roundsPerJob(int rounds) {
        this.roundsPerJob = rounds;
        return this;
    }

    /** A test's way to make round tasks fail (Spark retries them). */
    SparkTraining fault(LocalSteps.Fault f) {
        this.fault = f;
        return this;
    }

    @Override
    public String description() {
        String jobs = roundsPerJob == 0 ? "" : barrier ? " (" + averageEvery * roundsPerJob + " steps per Spark job, averaged"
                + " among the tasks)" : " (a Spark job per averaging)";
        return where + ", " + sets.train().getNumPartitions() + " partitions, averaging every " + averageEvery + " steps" + jobs;
    }

    /**
     * After {@link #fit()}: the parameters and running statistics the run ended with, the best epoch's when restored;
     * after a divergence, those of the last averaging before it.
     */
    @Override
    public Checkpoints.Loaded weights() {
        requireFitted();
        return new Checkpoints.Loaded(result.params(), result.state());
    }

    /** The state the run ended with, optimiser included (tests). */
    ModelState finalState() {
        requireFitted();
        return result;
    }

    /** Where the rounds' time went (means over the run). */
    RoundTimes times() {
        return times;
    }

    @Override
    public Evaluation test() {
        requireFitted();
        if (sets.test() == null) {
            throw new KilnException("this run has no test images");
        }
        ModelState weights = ModelState.weights(result.params(), result.state());
        return Evaluations.evaluate(spark, model, sets.test(), weights, sets.classNames(), "test",
                new ExecutorModels.Key(spec.qualifiedName(), weights.weightsHash()));
    }

    @Override
    public History fit() {
        try {
            return run();
        } catch (KilnException e) {
            for (TrainListener l : listeners) {
                l.onFailure(e);
            }
            throw e;
        }
    }

    private void requireFitted() {
        if (result == null) {
            throw new IllegalStateException("fit() has not run");
        }
    }

    private History run() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("kiln: reading the training images of " + spec.simpleName());
        List<int[]> counted = sets.train().map(s -> new int[] {s.partition(), s.size()}).collect();
        int partitions = sets.train().getNumPartitions();
        int[] sizes = new int[partitions];
        for (int[] c : counted) {
            sizes[c[0]] = c[1];
        }
        int n = java.util.Arrays.stream(sizes).sum();
        if (n == 0) {
            throw new KilnException("the training set is empty");
        }
        int validationImages = sets.validation() == null ? 0 : (int) sets.validation().map(Shard::size).fold(0, Integer::sum);
        int localBatch = (Math.min(config.batch(), n) + partitions - 1) / partitions;
        // many rounds per job when all partitions can run at once (a barrier stage needs a core for each)
        int slots = spark.sparkContext().defaultParallelism();
        if (roundsPerJob == 0) {
            roundsPerJob = Math.max(1, STEPS_PER_JOB / averageEvery);
        }
        barrier = roundsPerJob > 1 && partitions <= slots;
        if (!barrier) {
            roundsPerJob = 1;
        }
        int steps = 0;
        for (int size : sizes) {
            steps = Math.max(steps, LocalSteps.stepsPerEpoch(size, localBatch, config.maxStepsPerEpoch()));
        }
        long totalSteps = (long) steps * config.epochs();
        Map<String, String> settings = ResumeCheck.settings(spec, config, n, validationImages);
        settings.put("training images per partition", java.util.Arrays.toString(sizes));
        settings.put("steps between averagings", Integer.toString(averageEvery));
        String fingerprint = ResumeCheck.fingerprint(settings);
        String resumeNote = resume == null ? null : ResumeCheck.check(resume, settings, config, steps, totalSteps);
        Map<String, String> checkpointMetadata = new LinkedHashMap<>(sets.metadata());
        checkpointMetadata.put(Checkpoints.CLASSES_KEY, Checkpoints.encodeNames(sets.classNames()));
        Path checkpoint = config.checkpointFile();
        Path stateFile = config.checkpointDir() == null ? null : config.checkpointDir().resolve(TrainingState.FILE);

        ModelState current;
        float[] best;
        float[] bestState;
        try (JavaBackend fresh = new JavaBackend(model, config.optimizer(), new WorkerPool(1))) {
            if (resume != null) {
                fresh.setParameters(resume.params());
                if (resume.runningState().length > 0) {
                    fresh.setState(resume.runningState());
                }
                fresh.setOptimizerState(resume.optimizer());
            } else {
                fresh.setParameters(Initializers.initialize(spec, config.seed()));
            }
            current = ModelState.of(fresh);
        }
        best = resume != null ? resume.best().clone() : current.params().clone();
        bestState = resume != null && resume.bestRunningState().length > 0 ? resume.bestRunningState().clone()
                : current.state().clone();

        History history = new History();
        TrainListener.Start start = new TrainListener.Start(spec, description(), Task.classification(), config, n,
                validationImages, steps);
        for (TrainListener l : listeners) {
            l.onStart(start);
        }
        if (resumeNote != null) {
            for (TrainListener l : listeners) {
                l.onResume(resumeNote);
            }
        }
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        long globalStep = 0;
        int firstEpoch = 1;
        if (resume != null) {
            bestLoss = resume.bestLoss();
            bestEpoch = resume.bestEpoch();
            sinceBest = resume.sinceBest();
            globalStep = resume.globalStep();
            firstEpoch = resume.epoch();
            for (History.Epoch e : resume.epochs()) {
                history.add(e, e.epoch() == bestEpoch);
            }
        }
        ExecutorModels.Key key = new ExecutorModels.Key(spec.qualifiedName(), "training " + UUID.randomUUID());
        double learningRate = config.learningRate();
        try {
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                long epochFirstStep = (long) (epoch - 1) * steps;
                double lossSum = 0;
                long right = 0;
                long seen = 0;
                long trainNanos = 0;
                int firstStep = 0;
                if (resume != null && epoch == resume.epoch()) {
                    lossSum = resume.lossSum();
                    right = resume.right();
                    seen = resume.seen();
                    firstStep = resume.stepsDone();
                }
                for (int from = firstStep; from < steps; ) {
                    if (stopRequested) {
                        save(stateFile, fingerprint, epoch, from, globalStep, lossSum, right, seen, bestLoss, bestEpoch, sinceBest,
                                history, current, best, bestState);
                        history.markInterrupted(epoch, from);
                        result = current;
                        for (TrainListener l : listeners) {
                            l.onEnd(history);
                        }
                        return history;
                    }
                    int to = Math.min(from + averageEvery * roundsPerJob, steps);
                    double[] rates = new double[to - from];
                    for (int j = from; j < to; j++) {
                        rates[j - from] = config.schedule().rate(config.learningRate(), epoch - 1, epochFirstStep + j, totalSteps);
                    }
                    LocalSteps localSteps = new LocalSteps(key, config.optimizer(), epoch, localBatch, config.maxStepsPerEpoch(),
                            epochFirstStep, from, rates, config.seed(), fault);
                    long t0 = System.nanoTime();
                    Broadcast<ModelState> shared = jsc.broadcast(current);
                    jsc.setJobDescription(String.format(Locale.ROOT, "kiln: %s epoch %d, steps %d-%d of %d", spec.simpleName(),
                            epoch, from + 1, to, steps));
                    Rounds job = barrier ? barrierJob(localSteps, shared, from, to) : roundJob(localSteps, shared, from, to, current);
                    shared.destroy(false);
                    long nanos = System.nanoTime() - t0;
                    long jobImages = job.rounds().stream().mapToLong(Rounds.Round::images).sum();
                    long slowest = job.rounds().stream().mapToLong(Rounds.Round::nanos).sum();
                    times.add(job.rounds().size(), slowest, Math.max(0, nanos - slowest));
                    for (Rounds.Round r : job.rounds()) {
                        trainNanos += jobImages == 0 ? 0 : nanos * r.images() / jobImages;
                        globalStep = epochFirstStep + r.to();
                        lossSum += r.lossSum();
                        right += r.right();
                        seen += r.images();
                        learningRate = rates[r.to() - 1 - from];
                        double rate = seen / Math.max(trainNanos * 1e-9, 1e-9);
                        for (TrainListener l : listeners) {
                            l.onStep(epoch, r.to(), steps, lossSum / seen, (double) right / seen, rate);
                        }
                    }
                    current = job.end();
                    Rounds.Divergence d = job.divergence();
                    if (d != null) {
                        // the weights stay those of the last round that ended well, which the state on disk says too
                        result = current;
                        if (!job.rounds().isEmpty()) {
                            save(stateFile, fingerprint, epoch, d.roundStart(), globalStep, lossSum, right, seen, bestLoss,
                                    bestEpoch, sinceBest, history, current, best, bestState);
                        }
                        throw diverged(epoch, d, steps, rates[d.step() - 1 - from], bestEpoch, checkpoint);
                    }
                    save(stateFile, fingerprint, epoch, to, globalStep, lossSum, right, seen, bestLoss, bestEpoch, sinceBest,
                            history, current, best, bestState);
                    from = to;
                }
                if (stopRequested) {
                    history.markInterrupted(epoch, steps);
                    result = current;
                    for (TrainListener l : listeners) {
                        l.onEnd(history);
                    }
                    return history;
                }
                double valLoss = Double.NaN;
                double valAccuracy = Double.NaN;
                if (sets.validation() != null) {
                    Evaluation e = Evaluations.evaluate(spark, model, sets.validation(),
                            ModelState.weights(current.params(), current.state()), sets.classNames(), "validation", key);
                    valLoss = e.loss();
                    valAccuracy = e.accuracy();
                    if (!Double.isFinite(valLoss)) {
                        result = current;
                        throw new DivergenceException(String.format(Locale.ROOT, "training %s on Spark diverged at epoch %d"
                                + " (validation loss): the loss is %s at learning rate %s; %s. Lower the learning rate (--lr) or"
                                + " check the data.", spec.simpleName(), epoch, valLoss, History.plain(learningRate),
                                kept(bestEpoch, checkpoint)), epoch, 0);
                    }
                }
                double seconds = (System.nanoTime() - epochStart) * 1e-9;
                History.Epoch record = new History.Epoch(epoch, lossSum / seen, (double) right / seen, valLoss, valAccuracy,
                        seen / Math.max(trainNanos * 1e-9, 1e-9), seconds, learningRate);
                boolean improved = record.monitoredLoss() < bestLoss;
                if (improved) {
                    bestLoss = record.monitoredLoss();
                    bestEpoch = epoch;
                    sinceBest = 0;
                    best = current.params().clone();
                    bestState = current.state().clone();
                    if (checkpoint != null) {
                        Trainer.save(checkpoint, spec, best, bestState, record, checkpointMetadata);
                    }
                } else {
                    sinceBest++;
                }
                history.add(record, improved);
                save(stateFile, fingerprint, epoch + 1, 0, globalStep, 0, 0, 0, bestLoss, bestEpoch, sinceBest, history, current,
                        best, bestState);
                for (TrainListener l : listeners) {
                    l.onEpoch(record, improved);
                }
                if (config.patience() > 0 && sinceBest >= config.patience() && epoch < config.epochs()) {
                    history.markStoppedEarly();
                    break;
                }
            }
            result = current;
            if (config.restoreBest() && history.last() != null && bestEpoch != history.last().epoch()) {
                result = new ModelState(best, bestState, current.optimizerSteps(), current.first(), current.second());
                history.markRestoredBest();
            }
            for (TrainListener l : listeners) {
                l.onEnd(history);
            }
            return history;
        } finally {
            sets.train().foreachPartition(ignored -> ExecutorModels.forget(key));
        }
    }

    /** One round as one Spark job; the driver averages. */
    private Rounds roundJob(LocalSteps localSteps, Broadcast<ModelState> shared, int from, int to, ModelState before) {
        List<LocalSteps.Result> parts = sets.train().map(new LocalSteps.OneRound(localSteps, shared, from, to)).collect();
        return Averaging.combine(parts, before, from, to);
    }

    /**
     * The rounds {@code from .. to} in one barrier stage; the tasks average among themselves. The stage's results go
     * through a shuffle to the driver: Spark reruns a failed barrier stage whole when it is a map stage (a lost executor,
     * a task that failed), but aborts the job when it is the job's last.
     */
    private Rounds barrierJob(LocalSteps localSteps, Broadcast<ModelState> shared, int from, int to) {
        scala.reflect.ClassTag<Rounds> tag = scala.reflect.ClassTag$.MODULE$.apply(Rounds.class);
        List<Rounds> parts = sets.train().rdd().barrier()
                .mapPartitions(new BarrierRounds(localSteps, shared, from, to, averageEvery), false, tag).toJavaRDD()
                .repartition(1).collect();
        return parts.stream().filter(r -> r.end() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("partition 0's part of a job came back without the state"));
    }

    private DivergenceException diverged(int epoch, Rounds.Divergence d, int steps, double rate, int bestEpoch, Path checkpoint) {
        String cause = d.notFinite() == null
                ? String.format(Locale.ROOT, " (partition %d): the loss is %s", d.partition(), d.loss())
                : ": the losses were finite but the averaged weights are not (" + d.notFinite() + ")";
        return new DivergenceException(String.format(Locale.ROOT, "training %s on Spark diverged at epoch %d, step %d of %d%s at"
                        + " learning rate %s; the round is discarded, so the weights stay those of step %d; %s. Lower the learning"
                        + " rate (--lr) or check the data.", spec.simpleName(), epoch, d.step(), steps, cause, History.plain(rate),
                d.roundStart(), kept(bestEpoch, checkpoint)), epoch, d.step());
    }

    private static String kept(int bestEpoch, Path checkpoint) {
        return checkpoint != null && bestEpoch > 0
                ? "the last good checkpoint (epoch " + bestEpoch + ") stays at " + checkpoint
                : "no checkpoint was written";
    }

    private void save(Path file, String fingerprint, int epoch, int stepsDone, long globalStep, double lossSum, long right,
                      long seen, double bestLoss, int bestEpoch, int sinceBest, History history, ModelState state, float[] best,
                      float[] bestState) {
        if (file == null) {
            return;
        }
        new TrainingState(fingerprint, epoch, stepsDone, globalStep, lossSum, right, seen, bestLoss, bestEpoch, sinceBest,
                history.epochs(), state.params(), best.clone(), state.optimizer(), state.state(), bestState.clone()).write(file);
    }

    /** Where the jobs' time went, in nanoseconds. */
    static final class RoundTimes {
        long jobs;
        long rounds;
        long compute;
        long rest;

        void add(int roundsInJob, long computeNanos, long restNanos) {
            jobs++;
            rounds += roundsInJob;
            compute += computeNanos;
            rest += restNanos;
        }

        /** {@code 27 rounds in 4 Spark jobs; per round: compute 310.2 ms (the slowest task), the rest 12.1 ms (...)} */
        @Override
        public String toString() {
            double r = Math.max(rounds, 1);
            return String.format(Locale.ROOT, "%d rounds in %d Spark jobs; per round: compute %.1f ms (the slowest task's steps),"
                    + " the rest %.1f ms (scheduling, broadcast, exchange and averaging)", rounds, jobs, compute / r * 1e-6,
                    rest / r * 1e-6);
        }
    }
}
