package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.InitReport;
import dev.kiln.spec.NetworkSpec;

/**
 * Follows a training run: the {@code kiln} tool's progress bar and report, tests. Every method
 * has an empty default; the trainer calls them on its own thread, in order.
 */
public interface TrainListener {

    /**
     * What is about to be trained.
     *
     * @param backend          the backend's description
     * @param trainImages      images in the training set (after the validation split)
     * @param validationImages images held out for validation, 0 for none
     * @param stepsPerEpoch    steps in each epoch
     */
    record Start(NetworkSpec spec, String backend, Task task, TrainConfig config, int trainImages, int validationImages,
                 int stepsPerEpoch) {
    }

    /** After {@link TrainConfig#fineTune()}'s checkpoint was loaded, before {@link #onStart}: what it gave. */
    default void onInitFrom(java.nio.file.Path file, InitReport report) {
    }

    /**
     * Before {@link #onStart} of a resumed run whose number of epochs changed: how it continues (the
     * epochs and how the learning-rate schedule goes on), in one line.
     */
    default void onResume(String note) {
    }

    /** Before the first step: what is about to be trained. */
    default void onStart(Start start) {
    }

    /**
     * After each training step.
     *
     * @param epoch           1-based
     * @param step            1-based step within the epoch
     * @param steps           steps in the epoch
     * @param loss            mean loss of the epoch's steps so far
     * @param accuracy        accuracy of the epoch's steps so far, NaN for image-target tasks
     * @param imagesPerSecond training throughput of the epoch so far
     */
    default void onStep(int epoch, int step, int steps, double loss, double accuracy, double imagesPerSecond) {
    }

    /** After each epoch's validation; {@code best} when its monitored loss is the lowest so far. */
    default void onEpoch(History.Epoch epoch, boolean best) {
    }

    /** When the run ends normally (after its last epoch or an early stop). */
    default void onEnd(History history) {
    }

    /** When the run stops with an error (divergence, a bad input), just before the exception leaves the trainer. */
    default void onFailure(KilnException error) {
    }
}
