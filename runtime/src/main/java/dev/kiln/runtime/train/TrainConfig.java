package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.Schedule;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to train: the defaults are Keras' tutorial settings (Adam, learning rate 1e-3, batch 64) with
 * a tenth of the training set held out for validation (the test set is only for the final figure).
 * Change one setting with the {@code withX} methods:
 * {@code TrainConfig.defaults().withEpochs(3).withSeed(7)}.
 *
 * @param epochs             passes over the training set (at most; early stopping may end sooner)
 * @param batch              images per step (the last step of an epoch may hold fewer)
 * @param learningRate       the base learning rate, which {@code schedule} scales
 * @param optimizer          SGD or Adam and their hyper-parameters
 * @param schedule           the learning rate per epoch and step
 * @param seed               one seed for the initial weights, the validation split, the batch order and dropout
 * @param validationFraction the part of the training set held out for validation, in [0, 1); 0 for none
 * @param patience           epochs without a better validation loss before stopping; 0 never stops early
 * @param restoreBest        whether the parameters of the best epoch are restored at the end
 * @param checkpointDir      where the best model is saved as {@value #CHECKPOINT_FILE} after each better epoch; null for none
 * @param maxStepsPerEpoch   a cap on the steps of each epoch, for short runs; 0 for none
 * @param initialize         whether training starts from fresh weights drawn with {@code seed}
 *                           (false: from the backend's current parameters, to fine-tune)
 * @param fineTune           starting weights from a checkpoint, frozen layers and per-layer rates
 */
public record TrainConfig(int epochs, int batch, double learningRate, OptimizerConfig optimizer, Schedule schedule,
                          long seed, double validationFraction, int patience, boolean restoreBest, Path checkpointDir,
                          int maxStepsPerEpoch, boolean initialize, FineTune fineTune) {

    /** The file the best model is written to inside {@link #checkpointDir}. */
    public static final String CHECKPOINT_FILE = "best.safetensors";

    /**
     * Checks every setting (non-null optimiser, schedule and fine-tuning; counts, rates and fractions in range) and
     * says which is wrong.
     */
    public TrainConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(fineTune, "fineTune");
        require(epochs >= 1, "epochs must be at least 1, but is " + epochs);
        require(batch >= 1, "batch must be at least 1, but is " + batch);
        require(learningRate > 0 && Double.isFinite(learningRate),
                "the learning rate must be positive and finite, but is " + learningRate);
        require(validationFraction >= 0 && validationFraction < 1,
                "the validation fraction must be in [0, 1), but is " + validationFraction);
        require(patience >= 0, "patience must be 0 (off) or more epochs, but is " + patience);
        require(maxStepsPerEpoch >= 0, "max steps per epoch must be 0 (no cap) or more, but is " + maxStepsPerEpoch);
    }

    /** 10 epochs, batch 64, Adam with learning rate 1e-3, constant schedule, seed 0, 10% validation, no early stop. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 64, 1e-3, OptimizerConfig.adam(), Schedule.constant(), 0L, 0.1, 0, true, null, 0, true, FineTune.NONE);
    }

    /** This configuration with another {@link #epochs()}. */
    public TrainConfig withEpochs(int v) {
        return new TrainConfig(v, batch, learningRate, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #batch()}. */
    public TrainConfig withBatch(int v) {
        return new TrainConfig(epochs, v, learningRate, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #learningRate()}. */
    public TrainConfig withLearningRate(double v) {
        return new TrainConfig(epochs, batch, v, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #optimizer()}: the one the trainer uses. */
    public TrainConfig withOptimizer(OptimizerConfig v) {
        return new TrainConfig(epochs, batch, learningRate, v, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #schedule()}. */
    public TrainConfig withSchedule(Schedule v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, v, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #seed()}. */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, v, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #validationFraction()}. */
    public TrainConfig withValidationFraction(double v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, v, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** Early stopping after {@code v} epochs without improvement (0: off); {@code restore} keeps the best epoch's weights. */
    public TrainConfig withEarlyStopping(int v, boolean restore) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, validationFraction, v, restore,
                checkpointDir, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #checkpointDir()} (null: no checkpoint). */
    public TrainConfig withCheckpointDir(Path v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                v, maxStepsPerEpoch, initialize, fineTune);
    }

    /** This configuration with another {@link #maxStepsPerEpoch()} (0: no cap). */
    public TrainConfig withMaxStepsPerEpoch(int v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, v, initialize, fineTune);
    }

    /** This configuration with another {@link #initialize()}. */
    public TrainConfig withInitialize(boolean v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, v, fineTune);
    }

    /** This configuration with other {@link #fineTune()} settings. */
    public TrainConfig withFineTune(FineTune v) {
        return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, validationFraction, patience, restoreBest,
                checkpointDir, maxStepsPerEpoch, initialize, v);
    }

    /** Starts from the weights of {@code checkpoint} whose names and shapes match (see {@link FineTune#initFrom}). */
    public TrainConfig withInitFrom(Path checkpoint) {
        return withFineTune(fineTune.withInitFrom(checkpoint));
    }

    /** Reads the {@link #withInitFrom} checkpoint's prefix {@code OLD} as this network's {@code NEW}, per entry. */
    public TrainConfig withInitMap(java.util.Map<String, String> oldToNew) {
        return withFineTune(fineTune.withInitMap(oldToNew));
    }

    /** Keeps these layers' parameters bit for bit as they are; their update is skipped. */
    public TrainConfig withFreeze(String... layers) {
        return withFineTune(fineTune.withFreeze(new java.util.LinkedHashSet<>(java.util.List.of(layers))));
    }

    /** Multiplies these layers' learning rates by their factors. */
    public TrainConfig withLrScale(java.util.Map<String, Double> factors) {
        return withFineTune(fineTune.withLrScale(factors));
    }

    /** The best model's file, or null when no checkpoint directory is set. */
    public Path checkpointFile() {
        return checkpointDir == null ? null : checkpointDir.resolve(CHECKPOINT_FILE);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new KilnException("training configuration: " + message);
        }
    }
}
