package dev.kiln.processor.writer.opencl;

/**
 * One argument of a planned launch, typed: a buffer of the plan, a scalar the backend supplies per
 * call, or a constant fixed by the plan. Written into {@code FooOpenCl} as the runtime's
 * {@code dev.kiln.runtime.opencl.KernelArg} of the same shape, so that the backend resolves each
 * argument once when it binds a plan instead of looking names up on every launch.
 */
sealed interface KernelArg permits KernelArg.Buffer, KernelArg.Scalar, KernelArg.Constant {

    /** A buffer of the plan, by name. */
    record Buffer(String name) implements KernelArg {
    }

    /** An int constant of this launch (e.g. a concat input's offset). */
    record Constant(int value) implements KernelArg {
    }

    /** The per-call scalars, as the runtime's {@code KernelArg.Scalar} lists them. */
    enum Scalar implements KernelArg {
        BATCH, SEED_LO, SEED_HI, LR, MOMENTUM, WEIGHT_DECAY, NESTEROV, BETA1, BETA2, EPS, BC1, BC2
    }

    /** A buffer for a String, the argument itself otherwise. */
    static KernelArg of(Object arg) {
        if (arg instanceof KernelArg k) {
            return k;
        }
        if (arg instanceof String s) {
            return new Buffer(s);
        }
        if (arg instanceof Integer i) {
            return new Constant(i);
        }
        throw new IllegalArgumentException("not a kernel argument: " + arg);
    }
}
