package dev.kiln.runtime;

import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.runtime.optim.OptimizerState;
import dev.kiln.runtime.optim.ParamGroups;
import dev.kiln.spec.NetworkSpec;

/**
 * Where a network runs: the generated Java passes on the CPU ({@code java}) or the generated
 * OpenCL program on a device ({@code opencl}). A backend owns the parameters, their gradients,
 * the optimiser state and the activation buffers; the trainer hands it batches.
 *
 * <p>Inputs are {@code (N, C, H, W)} float batches; labels and targets as {@link dev.kiln.runtime.java.JavaPass#loss}.
 *
 * <p>Kiln's backends may be shared between threads: each operation holds the backend for its whole
 * length, so calls from several threads run one after the other, each as if alone.
 */
public interface Backend extends AutoCloseable {

    /** One line for logs and reports, e.g. {@code java (2 threads)} or {@code opencl: NVIDIA H100 (GPU)}. */
    String description();

    /** The network this backend runs: its layers, shapes and parameter layout. */
    NetworkSpec spec();

    /** Plans buffers for batches of up to {@code maxBatch} images (allocation happens here, once per size). */
    void plan(int maxBatch);

    /** Replaces all parameters (flat, {@link NetworkSpec#params()} layout) and resets the optimiser state. */
    void setParameters(float[] params);

    /** Copies the current parameters into {@code dst} (length {@link NetworkSpec#parameterCount()}). */
    void getParameters(float[] dst);

    /**
     * Replaces the running statistics (flat, {@link NetworkSpec#state()} layout: batch norm's
     * running mean and variance and {@code num_batches_tracked}). The default serves networks
     * without state and refuses the others.
     */
    default void setState(float[] state) {
        if (spec().stateCount() > 0 || state.length != 0) {
            throw new UnsupportedOperationException(description() + " keeps no running statistics");
        }
    }

    /** Copies the running statistics into {@code dst} (length {@link NetworkSpec#stateCount()}). */
    default void getState(float[] dst) {
        if (spec().stateCount() > 0) {
            throw new UnsupportedOperationException(description() + " keeps no running statistics");
        }
    }

    /**
     * One training step on {@code batch} images: forward (dropout on, seeded by {@code seed}), loss,
     * backward, and one optimiser update with learning rate {@code learningRate}. Writes the batch's
     * outputs into {@code outputs} when it is not null, and returns the mean loss.
     *
     * <p>A non-finite loss (NaN or an infinity) stops the step after the loss: backward and the
     * update do not run, so the parameters and the optimiser state (momentum, Adam's moments and
     * step count) stay exactly as they were, and the returned loss is that non-finite value (the
     * outputs are still written). Every backend follows this rule; the trainer then stops with a
     * {@link dev.kiln.runtime.train.DivergenceException}. The rule does not reach what forward
     * itself changes before the loss is known: batch normalisation's running statistics (the
     * state) are already updated with the step's batch.
     */
    double trainStep(float[] input, int[] labels, float[] targets, int batch, double learningRate, long seed,
                     float[] outputs);

    /**
     * Per-tensor learning-rate factors for the following training steps (until the next call): tensors of factor 0 are frozen, their update skipped so they stay bit for bit;
     * {@code null} goes back to one rate for all. Backends that cannot do this refuse it.
     */
    default void setParamGroups(ParamGroups groups) {
        if (groups != null && !groups.isUniform()) {
            throw new KilnException(description() + " cannot freeze layers or scale their learning rates");
        }
    }

    /**
     * Checks, before training, that batches of {@code batch} images with {@code optimizer}'s state fit where this
     * backend keeps them, and throws a {@link KilnException} saying what needs how much when they do not (a bare
     * {@code OutOfMemoryError} later would say nothing). The default checks nothing.
     */
    default void requireRoomFor(int batch, OptimizerConfig optimizer) {
    }

    /** Inference (dropout off): the outputs of {@code batch} images into {@code outputs} ({@code batch x outputSize}). */
    void predict(float[] input, int batch, float[] outputs);

    /** Inference, returning layer {@code layerIndex}'s output for {@code batch} images into {@code out}. */
    void layerOutput(int layerIndex, float[] input, int batch, float[] out);

    /**
     * Replaces the optimiser (SGD or Adam and their settings) and resets its state; the
     * {@link dev.kiln.runtime.train.Trainer} calls it with {@link dev.kiln.runtime.train.TrainConfig#optimizer()},
     * so the configured optimiser is the one that runs.
     */
    void setOptimizer(OptimizerConfig optimizer);

    /**
     * The optimiser's state (step count and moments), to save with a run and {@link #setOptimizerState
     * restore} on resume. Backends that cannot read it back throw {@link UnsupportedOperationException}.
     */
    default OptimizerState optimizerState() {
        throw new UnsupportedOperationException(description() + " cannot save its optimiser state, so its runs cannot be resumed");
    }

    /** Restores a state {@link #optimizerState()} returned; call after {@link #setParameters}, which resets it. */
    default void setOptimizerState(OptimizerState state) {
        throw new UnsupportedOperationException(description() + " cannot restore an optimiser state, so its runs cannot be resumed");
    }

    /** Releases device buffers and threads; idempotent. */
    @Override
    void close();
}
