package dev.kiln.runtime.cluster;

import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.train.Evaluation;
import dev.kiln.runtime.train.History;
import dev.kiln.runtime.train.TrainListener;
import dev.kiln.runtime.train.TrainingState;

/**
 * One data-parallel training run on a cluster, used as {@link dev.kiln.runtime.train.Trainer} is:
 * the same listeners (progress lines, the report's step recorder), the same files in
 * {@link dev.kiln.runtime.train.TrainConfig#checkpointDir()} ({@code best.safetensors} and
 * {@code training-state.safetensors}), the same early stopping and restore-best, and resume from a
 * saved state after the driver stopped or crashed.
 */
public interface ClusterTraining {

    /** Adds a listener; returns this run. */
    ClusterTraining listen(TrainListener listener);

    /** Continues the run that saved {@code state}; its settings must match this run's. */
    ClusterTraining resumeFrom(TrainingState state);

    /** Asks the run to stop after the exchange in progress, saving its state (from any thread). */
    void requestStop();

    /** Trains; the history says whether it ended, stopped early or was interrupted. */
    History fit();

    /** After {@link #fit()}: the parameters and running statistics the run ended with (the best epoch's when restored). */
    Checkpoints.Loaded weights();

    /** After {@link #fit()}: {@link #weights()} on the data's test set. */
    Evaluation test();

    /** One line for reports: where it ran and how it was spread. */
    String description();
}
