package dev.kiln.opencl;

/**
 * One argument of an {@link OpenClLaunch}: a buffer of the program's plan, a scalar the backend
 * supplies per call, or an int constant fixed by the plan. Typed, so that the backend resolves
 * each argument once per plan rather than looking names up on every launch.
 */
public sealed interface KernelArg permits KernelArg.Buffer, KernelArg.Constant, KernelArg.Scalar {

    /** A buffer of {@link OpenClProgram#buffers()}, by name. */
    record Buffer(String name) implements KernelArg {
    }

    /** An int constant of the launch (e.g. a concat input's offset). */
    record Constant(int value) implements KernelArg {
    }

    /**
     * The scalars the backend supplies per call: {@code BATCH} (int, images in this call),
     * {@code SEED_LO} and {@code SEED_HI} (uint, the two halves of the dropout seed), {@code LR},
     * {@code MOMENTUM}, {@code WEIGHT_DECAY}, {@code BETA1}, {@code BETA2}, {@code EPS}, {@code BC1},
     * {@code BC2} (float) and {@code NESTEROV} (int, 0 or 1).
     */
    enum Scalar implements KernelArg {
        BATCH, SEED_LO, SEED_HI, LR, MOMENTUM, WEIGHT_DECAY, NESTEROV, BETA1, BETA2, EPS, BC1, BC2
    }

    static KernelArg buffer(String name) {
        return new Buffer(name);
    }

    static KernelArg constant(int value) {
        return new Constant(value);
    }
}
