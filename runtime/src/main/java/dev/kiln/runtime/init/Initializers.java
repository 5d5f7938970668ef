package dev.kiln.runtime.init;

import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.ParamSpec;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The initial parameters of a network, drawn as each {@link ParamSpec#init()} says.
 *
 * <p>The random stream is documented so that other tools can reproduce it: one
 * {@link SplittableRandom} (SplitMix64) created from the seed; the tensors in
 * {@link NetworkSpec#params()} order and their elements in flat order; a uniform draw is
 * {@code nextDouble()} ({@code (nextLong() >>> 11) * 2^-53}, stable since Java 8); a normal draw
 * is Box–Muller from two uniforms {@code u1, u2}: {@code sqrt(-2 ln(1 - u1)) cos(2 pi u2)}, one
 * normal per pair. {@code ZEROS} and {@code ONES} draw nothing. Values are computed in double and rounded to float once.
 *
 * <ul>
 *   <li>{@code HE_NORMAL}: normal with mean 0 and standard deviation {@code sqrt(2 / fanIn)}.</li>
 *   <li>{@code XAVIER_UNIFORM}: uniform in {@code [-a, a)}, {@code a = sqrt(6 / (fanIn + fanOut))}.</li>
 *   <li>{@code UNIFORM_FAN_IN}: uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))}, weights and biases.</li>
 *   <li>{@code ZEROS}: zeros (biases of the other initialisers).</li>
 *   <li>{@code ONES}: ones (batch norm's {@code weight}).</li>
 * </ul>
 */
public final class Initializers {
    private Initializers() {
    }

    /** All parameters of the spec, initialised as each ParamSpec.init() says, from one seed (same seed → same array). */
    public static float[] initialize(NetworkSpec spec, long seed) {
        float[] params = new float[spec.parameterCount()];
        SplittableRandom random = new SplittableRandom(seed);
        for (ParamSpec p : spec.params()) {
            fill(p, params, random);
        }
        return params;
    }

    /**
     * One tensor's elements in flat order. The switch is an expression, so that a new {@code Init} constant is a
     * compile error here rather than a tensor silently left at zero.
     */
    private static void fill(ParamSpec p, float[] params, SplittableRandom random) {
        DoubleSupplier element = switch (p.init()) {
            case HE_NORMAL -> {
                double std = Math.sqrt(2.0 / p.fanIn());
                yield () -> std * normal(random);
            }
            case XAVIER_UNIFORM -> uniform(Math.sqrt(6.0 / (p.fanIn() + p.fanOut())), random);
            case UNIFORM_FAN_IN -> uniform(1 / Math.sqrt(p.fanIn()), random);
            case ZEROS -> () -> 0;
            case ONES -> () -> 1;
            case DEFAULT -> throw new IllegalArgumentException(p.name() + ": the initialiser must be resolved (HE_NORMAL,"
                    + " XAVIER_UNIFORM, UNIFORM_FAN_IN, ZEROS or ONES), but it is DEFAULT");
        };
        int end = p.offset() + p.size();
        // each element of the tensor
        for (int i = p.offset(); i < end; i++) {
            params[i] = (float) element.getAsDouble();
        }
    }

    /** Uniform in {@code [-bound, bound)}. */
    private static DoubleSupplier uniform(double bound, SplittableRandom random) {
        return () -> bound * (2 * random.nextDouble() - 1);
    }

    /** A standard normal draw by Box–Muller; {@code 1 - u1} lies in (0, 1], so the logarithm is finite. */
    static double normal(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
