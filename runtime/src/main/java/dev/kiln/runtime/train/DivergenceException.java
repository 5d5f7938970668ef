package dev.kiln.runtime.train;

import dev.kiln.runtime.KilnException;

/**
 * Training produced a NaN or infinite loss. The message names the epoch, the step and the learning
 * rate; the last good checkpoint, if one was written, stays on disk.
 */
public final class DivergenceException extends KilnException {
    private final int epoch;
    private final int step;

    /** A divergence at 1-based {@code step} of 1-based {@code epoch} (step 0: the validation loss after the epoch). */
    public DivergenceException(String message, int epoch, int step) {
        super(message);
        this.epoch = epoch;
        this.step = step;
    }

    /** The 1-based epoch in which the loss stopped being finite. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based step within that epoch, or 0 when the validation loss was not finite. */
    public int step() {
        return step;
    }
}
