package dev.kiln.runtime.train;

import dev.kiln.runtime.Backend;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.Shuffle;
import dev.kiln.runtime.data.Split;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.io.InitReport;
import dev.kiln.runtime.optim.LearningRateSchedule;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a network on a {@link Backend}: seeded shuffled mini-batches, one optimiser step per
 * batch, validation after every epoch, early stopping on the validation loss with restore-best,
 * the best model saved as a checkpoint, and a clean stop when the loss stops being finite.
 *
 * <p>One seed decides everything random: the initial weights ({@link Initializers}), the validation
 * split ({@link Split}), the batch order and the dropout masks. The same seed on the Java backend
 * gives the same run, bit for bit.
 *
 * <p>Every image and label is checked once before the first step (shape, finite pixels, labels in
 * range), so a bad dataset fails before any work with a message naming the image.
 */
public final class Trainer {
    private final Backend backend;
    private final Task task;
    private final TrainConfig config;
    private final List<TrainListener> listeners = new ArrayList<>();
    private volatile boolean stopRequested;
    private boolean silent;
    private TrainingState resumeFrom;

    /** A trainer for {@code backend} that learns {@code task} with {@code config}; {@link #fit} runs it. */
    public Trainer(Backend backend, Task task, TrainConfig config) {
        this.backend = backend;
        this.task = task;
        this.config = config;
    }

    /** Adds a listener (a progress bar, a report); returns this trainer. */
    public Trainer listen(TrainListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Prints nothing: without this, a run that has no {@link ProgressBar} listener shows one on
     * {@code System.out} (a line per epoch, and a live bar on a terminal).
     */
    public Trainer silent() {
        silent = true;
        return this;
    }

    /**
     * Asks the run to stop after the step in progress (from any thread, e.g. a Ctrl-C handler): it
     * saves its {@link TrainingState} (when there is a checkpoint directory), marks the history
     * {@link History#interrupted() interrupted} and returns it.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Continues the run that saved {@code state} instead of starting afresh: the same settings and
     * data give the same result as a run that was never interrupted. The settings are checked against
     * the state's before the first step.
     */
    public Trainer resumeFrom(TrainingState state) {
        this.resumeFrom = state;
        return this;
    }

    /** Holds out {@link TrainConfig#validationFraction()} of {@code data} for validation (seeded) and trains on the rest. */
    public History fit(Dataset data) {
        if (config.validationFraction() == 0) {
            return fit(data, null);
        }
        Dataset[] parts = Split.trainValidation(data, config.validationFraction(), config.seed());
        return fit(parts[0], parts[1].size() == 0 ? null : parts[1]);
    }

    /** Trains on {@code train}, validating on {@code validation} after each epoch (null: early stopping watches the training loss). */
    public History fit(Dataset train, Dataset validation) {
        try {
            return run(train, validation);
        } catch (KilnException e) {
            for (TrainListener l : listeners) {
                l.onFailure(e);
            }
            throw e;
        }
    }

    private History run(Dataset train, Dataset validation) {
        NetworkSpec spec = backend.spec();
        task.check(spec, train);
        if (validation != null) {
            task.check(spec, validation);
        }
        int n = train.size();
        int batch = Math.min(config.batch(), n);
        int inSize = spec.input().intSize();
        int outSize = spec.output().intSize();
        int fullSteps = (n + batch - 1) / batch;
        int steps = config.maxStepsPerEpoch() > 0 ? Math.min(fullSteps, config.maxStepsPerEpoch()) : fullSteps;
        long totalSteps = (long) steps * config.epochs();

        Map<String, String> settings = ResumeCheck.settings(spec, config, n, validation == null ? 0 : validation.size());
        String fingerprint = TrainingState.encodeSettings(settings);
        TrainingState resume = resumeFrom;
        if (!silent && listeners.stream().noneMatch(l -> l instanceof ProgressBar)) {
            listeners.add(0, new ProgressBar(System.out, System.console() != null));
        }
        if (resume != null) {
            String note = ResumeCheck.check(resume, settings, config, steps, totalSteps);
            if (note != null) {
                for (TrainListener l : listeners) {
                    l.onResume(note);
                }
            }
        }
        FineTune fineTune = config.fineTune();
        // Unknown layers in freeze / lr-scale fail here, before any work.
        ParamGroups groups = fineTune.scalesLayers() ? fineTune.groups(spec) : null;
        if (resume != null) {
            // the saved parameters already started from --init-from, if it was given
            backend.setParameters(resume.params());
        } else if (fineTune.initFrom() != null) {
            float[] start = config.initialize() ? Initializers.initialize(spec, config.seed()) : current(spec);
            InitReport report = Checkpoints.initFrom(fineTune.initFrom(), spec, start, fineTune.initMap());
            backend.setParameters(start);
            for (TrainListener l : listeners) {
                l.onInitFrom(fineTune.initFrom(), report);
            }
        } else if (config.initialize()) {
            backend.setParameters(Initializers.initialize(spec, config.seed()));
        }
        // the configured optimiser is the one that runs (and the one the progress line names)
        backend.setOptimizer(config.optimizer());
        if (resume != null) {
            backend.setOptimizerState(resume.optimizer());
            if (resume.runningState().length > 0) {
                backend.setState(resume.runningState());
            }
        }
        // say what needs how much before a bare OutOfMemoryError could
        backend.requireRoomFor(batch, config.optimizer());
        backend.setParamGroups(groups);
        try {
            return loop(train, validation, spec, n, batch, inSize, outSize, steps, totalSteps, fingerprint, resume);
        } finally {
            backend.setParamGroups(null);
        }
    }

    private float[] current(NetworkSpec spec) {
        float[] p = new float[spec.parameterCount()];
        backend.getParameters(p);
        return p;
    }

    private History loop(Dataset train, Dataset validation, NetworkSpec spec, int n, int batch, int inSize, int outSize,
                         int steps, long totalSteps, String fingerprint, TrainingState resume) {
        Map<String, String> checkpointMetadata = new LinkedHashMap<>(train.metadata());
        if (task.hasAccuracy()) {
            checkpointMetadata.put(Checkpoints.CLASSES_KEY, Checkpoints.encodeNames(task.classNames(train)));
        }
        if (config.fineTune().initFrom() != null) {
            checkpointMetadata.put("kiln.init_from", config.fineTune().initFrom().toString());
        }
        if (!config.fineTune().freeze().isEmpty()) {
            checkpointMetadata.put("kiln.frozen", String.join(",", config.fineTune().freeze()));
        }
        backend.plan(batch);
        float[] input = new float[batch * inSize];
        int[] labels = new int[batch];
        float[] targets = task.usesLabels() ? null : new float[batch * outSize];
        float[] outputs = new float[batch * outSize];
        float[] best = new float[spec.parameterCount()];
        float[] bestState = new float[spec.stateCount()];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom shuffler = shuffler(config.seed());
        int classes = task.classes(train);
        Path checkpoint = config.checkpointFile();
        Path stateFile = config.checkpointDir() == null ? null : config.checkpointDir().resolve(TrainingState.FILE);
        History history = new History();
        TrainListener.Start start = new TrainListener.Start(spec, backend.description(), task, config, n,
                validation == null ? 0 : validation.size(), steps);
        for (TrainListener l : listeners) {
            l.onStart(start);
        }

        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        long globalStep = 0;
        int firstEpoch = 1;
        if (resume != null) {
            System.arraycopy(resume.best(), 0, best, 0, best.length);
            // the best epoch's running statistics go back with its parameters at the end, as in the uninterrupted run
            System.arraycopy(resume.bestRunningState(), 0, bestState, 0, bestState.length);
            bestLoss = resume.bestLoss();
            bestEpoch = resume.bestEpoch();
            sinceBest = resume.sinceBest();
            globalStep = resume.globalStep();
            firstEpoch = resume.epoch();
            for (History.Epoch e : resume.epochs()) {
                history.add(e, e.epoch() == bestEpoch);
            }
        }
        double learningRate = config.learningRate();
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            if (epoch == firstEpoch) {
                // the batch order of epoch e is the generator after e shuffles: replay the finished epochs'
                for (int e = 1; e < firstEpoch; e++) {
                    shuffle(order, shuffler);
                }
            }
            shuffle(order, shuffler);
            long epochStart = System.nanoTime();
            double lossSum = 0;
            long right = 0;
            long seen = 0;
            long trainNanos = 0;
            int firstStep = 1;
            if (resume != null && epoch == resume.epoch()) {
                lossSum = resume.lossSum();
                right = resume.right();
                seen = resume.seen();
                firstStep = resume.stepsDone() + 1;
            }
            for (int step = firstStep; step <= steps; step++) {
                if (stopRequested) {
                    return interrupted(history, stateFile, fingerprint, epoch, step - 1, globalStep, lossSum, right, seen,
                            bestLoss, bestEpoch, sinceBest, best, bestState);
                }
                int from = (step - 1) * batch;
                int count = Math.min(batch, n - from);
                for (int i = 0; i < count; i++) {
                    int index = order[from + i];
                    train.copyImage(index, input, i * inSize);
                    task.fill(spec, train, index, i, labels, targets);
                }
                learningRate = config.schedule().rate(config.learningRate(), epoch - 1, globalStep, totalSteps);
                long t0 = System.nanoTime();
                double loss = backend.trainStep(input, labels, targets, count, learningRate,
                        dropoutSeed(config.seed(), globalStep), outputs);
                trainNanos += System.nanoTime() - t0;
                globalStep++;
                if (!Double.isFinite(loss)) {
                    throw diverged(spec, epoch, step, steps, loss, learningRate, bestEpoch, checkpoint);
                }
                lossSum += loss * count;
                seen += count;
                if (task.hasAccuracy()) {
                    for (int i = 0; i < count; i++) {
                        if (task.predictedClass(spec, outputs, i * outSize, classes) == task.actualClass(train, order[from + i])) {
                            right++;
                        }
                    }
                }
                double accuracy = task.hasAccuracy() ? (double) right / seen : Double.NaN;
                double rate = seen / Math.max(trainNanos * 1e-9, 1e-9);
                for (TrainListener l : listeners) {
                    l.onStep(epoch, step, steps, lossSum / seen, accuracy, rate);
                }
            }
            if (stopRequested) {
                return interrupted(history, stateFile, fingerprint, epoch, steps, globalStep, lossSum, right, seen,
                        bestLoss, bestEpoch, sinceBest, best, bestState);
            }

            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (validation != null) {
                Evaluation e = Evaluation.evaluate(backend, validation, task, batch);
                valLoss = e.loss();
                valAccuracy = e.accuracy();
                if (!Double.isFinite(valLoss)) {
                    throw diverged(spec, epoch, 0, steps, valLoss, learningRate, bestEpoch, checkpoint);
                }
            }
            double seconds = (System.nanoTime() - epochStart) * 1e-9;
            History.Epoch record = new History.Epoch(epoch, lossSum / seen,
                    task.hasAccuracy() ? (double) right / seen : Double.NaN, valLoss, valAccuracy,
                    seen / Math.max(trainNanos * 1e-9, 1e-9), seconds, learningRate);
            boolean improved = record.monitoredLoss() < bestLoss;
            if (improved) {
                bestLoss = record.monitoredLoss();
                bestEpoch = epoch;
                sinceBest = 0;
                backend.getParameters(best);
                backend.getState(bestState);
                if (checkpoint != null) {
                    save(checkpoint, spec, best, bestState, record, checkpointMetadata);
                }
            } else {
                sinceBest++;
            }
            history.add(record, improved);
            if (stateFile != null) {
                saveState(stateFile, fingerprint, epoch + 1, 0, globalStep, 0, 0, 0, bestLoss, bestEpoch, sinceBest, history, best,
                        bestState);
            }
            for (TrainListener l : listeners) {
                l.onEpoch(record, improved);
            }
            if (config.patience() > 0 && sinceBest >= config.patience() && epoch < config.epochs()) {
                history.markStoppedEarly();
                break;
            }
        }
        if (config.restoreBest() && history.last() != null && bestEpoch != history.last().epoch()) {
            backend.setParameters(best);
            backend.setState(bestState);
            history.markRestoredBest();
        }
        for (TrainListener l : listeners) {
            l.onEnd(history);
        }
        return history;
    }

    private History interrupted(History history, Path stateFile, String fingerprint, int epoch, int stepsDone, long globalStep,
                                double lossSum, long right, long seen, double bestLoss, int bestEpoch, int sinceBest,
                                float[] best,
                                float[] bestState) {
        if (stateFile != null) {
            saveState(stateFile, fingerprint, epoch, stepsDone, globalStep, lossSum, right, seen, bestLoss, bestEpoch, sinceBest,
                    history, best, bestState);
        }
        history.markInterrupted(epoch, stepsDone);
        for (TrainListener l : listeners) {
            l.onEnd(history);
        }
        return history;
    }

    private void saveState(Path file, String fingerprint, int epoch, int stepsDone, long globalStep, double lossSum, long right,
                           long seen, double bestLoss, int bestEpoch, int sinceBest, History history, float[] best,
                           float[] bestState) {
        OptimizerState optimizer;
        try {
            optimizer = backend.optimizerState();
        } catch (UnsupportedOperationException e) {
            return; // this backend's runs cannot be resumed; nothing else is lost
        }
        float[] params = new float[backend.spec().parameterCount()];
        backend.getParameters(params);
        float[] running = new float[backend.spec().stateCount()];
        backend.getState(running);
        new TrainingState(fingerprint, epoch, stepsDone, globalStep, lossSum, right, seen, bestLoss, bestEpoch, sinceBest,
                history.epochs(), params, best.clone(), optimizer, running, bestState.clone()).write(file);
    }

    /** The generator of a run's batch orders: {@link #shuffle} draws every epoch's order from it, in turn. */
    public static SplittableRandom shuffler(long seed) {
        return new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    }

    /**
     * Fisher-Yates with the run's generator: the same seed gives the same order every run. Public so
     * that a data-parallel trainer visits the images in exactly this trainer's order.
     */
    public static void shuffle(int[] order, SplittableRandom random) {
        Shuffle.shuffle(order, random);
    }

    /** A different, reproducible dropout seed for every step (the SplitMix64 finaliser of seed and step). */
    public static long dropoutSeed(long seed, long step) {
        long z = seed + (step + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Writes the best model's checkpoint as every trainer writes it: {@code params} and {@code state}
     * with {@code extra} metadata (the data's classes, resize mode, normalisation) and the model's name,
     * the epoch, its monitored loss and validation accuracy.
     */
    public static void save(Path file, NetworkSpec spec, float[] params, float[] state, History.Epoch epoch,
                            Map<String, String> extra) {
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put("kiln.model", spec.qualifiedName());
        metadata.put("kiln.epoch", Integer.toString(epoch.epoch()));
        metadata.put("kiln.loss", Double.toString(epoch.monitoredLoss()));
        if (!Double.isNaN(epoch.validationAccuracy())) {
            metadata.put("kiln.val_accuracy", Double.toString(epoch.validationAccuracy()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new KilnException("cannot create the checkpoint directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        Checkpoints.save(file, spec, params, state, metadata);
    }

    private DivergenceException diverged(NetworkSpec spec, int epoch, int step, int steps, double loss,
                                         double learningRate, int bestEpoch, Path checkpoint) {
        String where = step > 0 ? "epoch " + epoch + ", step " + step + " of " + steps
                : "epoch " + epoch + " (validation loss)";
        String kept = checkpoint != null && bestEpoch > 0
                ? "the last good checkpoint (epoch " + bestEpoch + ") stays at " + checkpoint
                : "no checkpoint was written";
        return new DivergenceException(String.format(Locale.ROOT,
                "training %s diverged at %s: the loss is %s at learning rate %s; %s. Lower the learning rate "
                        + "(--lr) or check the data.", spec.simpleName(), where, loss, History.plain(learningRate), kept),
                epoch, step);
    }
}
