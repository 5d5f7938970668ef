package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.optim.LearningRateSchedule;
import dev.kiln.runtime.optim.OptimizerConfig;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to train: the defaults are Keras' tutorial settings (Adam, learning rate 1e-3, batch 64) with
 * a tenth of the training set held out for validation (the test set is only for the final figure).
 * Set what differs by name and build, as for {@link OptimizerConfig}:
 * {@code TrainConfig.builder().epochs(3).seed(7).optimizer(OptimizerConfig.sgd().momentum(0.9)).build()};
 * {@link #toBuilder()} changes some settings of an existing configuration.
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
public record TrainConfig(int epochs, int batch, double learningRate, OptimizerConfig optimizer, LearningRateSchedule schedule,
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

    /**
     * A builder holding the defaults: 10 epochs, batch 64, Adam with learning rate 1e-3, constant schedule, seed 0,
     * 10% validation, no early stopping (the best epoch restored when it is stopped), no checkpoint, every step of
     * every epoch, fresh weights.
     */
    public static Builder builder() {
        return new Builder(new TrainConfig(10, 64, 1e-3, OptimizerConfig.adam().build(), LearningRateSchedule.constant(), 0L, 0.1, 0,
                true, null, 0, true, FineTune.NONE));
    }

    /** The defaults, as {@link #builder()} holds them. */
    public static TrainConfig defaults() {
        return builder().build();
    }

    /** A builder holding this configuration, to change some of its settings. */
    public Builder toBuilder() {
        return new Builder(this);
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

    /** Named settings of a {@link TrainConfig}; {@link #build()} checks them all. */
    public static final class Builder {
        private int epochs;
        private int batch;
        private double learningRate;
        private OptimizerConfig optimizer;
        private LearningRateSchedule schedule;
        private long seed;
        private double validationFraction;
        private int patience;
        private boolean restoreBest;
        private Path checkpointDir;
        private int maxStepsPerEpoch;
        private boolean initialize;
        private FineTune fineTune;

        private Builder(TrainConfig c) {
            epochs = c.epochs;
            batch = c.batch;
            learningRate = c.learningRate;
            optimizer = c.optimizer;
            schedule = c.schedule;
            seed = c.seed;
            validationFraction = c.validationFraction;
            patience = c.patience;
            restoreBest = c.restoreBest;
            checkpointDir = c.checkpointDir;
            maxStepsPerEpoch = c.maxStepsPerEpoch;
            initialize = c.initialize;
            fineTune = c.fineTune;
        }

        /** See {@link TrainConfig#epochs()}. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** See {@link TrainConfig#batch()}. */
        public Builder batch(int v) {
            batch = v;
            return this;
        }

        /** See {@link TrainConfig#learningRate()}. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** The optimiser the trainer uses, see {@link TrainConfig#optimizer()}. */
        public Builder optimizer(OptimizerConfig v) {
            optimizer = v;
            return this;
        }

        /** The optimiser the trainer uses, built here: {@code .optimizer(OptimizerConfig.sgd().momentum(0.9))}. */
        public Builder optimizer(OptimizerConfig.Builder v) {
            return optimizer(v.build());
        }

        /** See {@link TrainConfig#schedule()}. */
        public Builder schedule(LearningRateSchedule v) {
            schedule = v;
            return this;
        }

        /** See {@link TrainConfig#seed()}. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** See {@link TrainConfig#validationFraction()}. */
        public Builder validationFraction(double v) {
            validationFraction = v;
            return this;
        }

        /** Early stopping after {@code v} epochs without improvement (0: off), see {@link TrainConfig#patience()}. */
        public Builder patience(int v) {
            patience = v;
            return this;
        }

        /** See {@link TrainConfig#restoreBest()}. */
        public Builder restoreBest(boolean v) {
            restoreBest = v;
            return this;
        }

        /** See {@link TrainConfig#checkpointDir()} (null: no checkpoint). */
        public Builder checkpointDir(Path v) {
            checkpointDir = v;
            return this;
        }

        /** See {@link TrainConfig#maxStepsPerEpoch()} (0: no cap). */
        public Builder maxStepsPerEpoch(int v) {
            maxStepsPerEpoch = v;
            return this;
        }

        /** See {@link TrainConfig#initialize()}. */
        public Builder initialize(boolean v) {
            initialize = v;
            return this;
        }

        /** All transfer-learning settings at once, see {@link TrainConfig#fineTune()}. */
        public Builder fineTune(FineTune v) {
            fineTune = v;
            return this;
        }

        /** Starts from the weights of {@code checkpoint} whose names and shapes match (see {@link FineTune#initFrom}). */
        public Builder initFrom(Path checkpoint) {
            fineTune = fineTune.withInitFrom(checkpoint);
            return this;
        }

        /** Reads the {@link #initFrom} checkpoint's prefix {@code OLD} as this network's {@code NEW}, per entry. */
        public Builder initMap(Map<String, String> oldToNew) {
            fineTune = fineTune.withInitMap(oldToNew);
            return this;
        }

        /** Keeps these layers' parameters bit for bit as they are; their update is skipped. */
        public Builder freeze(String... layers) {
            fineTune = fineTune.withFreeze(new LinkedHashSet<>(List.of(layers)));
            return this;
        }

        /** Multiplies these layers' learning rates by their factors. */
        public Builder lrScale(Map<String, Double> factors) {
            fineTune = fineTune.withLrScale(factors);
            return this;
        }

        /**
         * The checked configuration.
         *
         * @throws KilnException naming the setting out of range
         */
        public TrainConfig build() {
            return new TrainConfig(epochs, batch, learningRate, optimizer, schedule, seed, validationFraction, patience,
                    restoreBest, checkpointDir, maxStepsPerEpoch, initialize, fineTune);
        }
    }
}
