package dev.kiln.reference;

/**
 * The per-element rule by which a float result is judged against the double-precision reference:
 * {@code |actual - expected| <= C * EPS * scale + TINY}, where {@code scale} is the element's
 * error scale that the reference computes next to its value ({@link ReferenceNetwork#gradientsWithScales},
 * {@link ReferenceNetwork#forwardWithScales}).
 *
 * <p>The error scale of an element is an estimate, in units of float's machine epsilon, of how far
 * a float computation of it may stray, built from the same loops as the value (the condition
 * scale of the element):
 * <ul>
 *   <li>a sum of {@code n} terms {@code t_i} (a dot product, a gradient summed over the batch and
 *       the positions, a mean) adds {@code sqrt(n) * sum |t_i|} for its own rounding (the
 *       statistical rule for recursive summation, Higham, <i>Accuracy and Stability of Numerical
 *       Algorithms</i>, 2nd ed., sections 3.1 and 2.8), and the error scales its terms carry,
 *       combined in quadrature where the terms come from different elements through weights
 *       ({@code sqrt(sum (w_i E(x_i))^2)}: independent roundings do not line up), added where
 *       they are common to every term (a batch mean in batch normalisation);</li>
 *   <li>a function {@code f(a)} carries {@code |f'(a)| E(a)} (or its Lipschitz bound where the
 *       branch may flip, as for ReLU) plus a few ulps of its own value for exp, log, sqrt and
 *       division (OpenCL allows up to 3 or 4 ulps);</li>
 *   <li>parameters and inputs are floats, exact in double: their scale is 0.</li>
 * </ul>
 * So an element that is a small difference of large terms (a bias gradient that cancels, as a
 * convolution bias before batch normalisation does) has a large scale and its float noise
 * passes, while a small element built from small terms (a bias gradient of 7e-7 summed from
 * gradients of the same size) has a small scale, and a float result of 0 for it fails.
 *
 * <p>{@link #C} = 4: the scale is about one standard deviation of the error where rounding
 * errors behave as independent random variables (the {@code sqrt(n)} rule already bounds the
 * recursive-summation error's standard deviation from above), so 4 leaves four standard
 * deviations. Measured (2026-11-29) over every element of JavaPassReferenceTest, JavaPassGraphTest
 * and ParityTest (the samples, the graph networks and 30 random networks on PoCL), the worst
 * {@code |float - ref| / (EPS scale)} was 0.66 for the generated Java and 0.52 for OpenCL: C
 * leaves a margin of 6. {@link #TINY} is far below any quantity a test cares about and only
 * absorbs subnormal results that a device flushes to zero. Not covered: a ReLU or max-pool
 * argmax whose inputs lie within their error of a tie may take the other branch in float.
 */
public final class ErrorBound {
    /** Float's machine epsilon, 2^-23: the unit of every error scale. */
    public static final double EPS = 0x1p-23;
    /** How many error scales a float result may stray from the reference. */
    public static final double C = 4;
    /** An absolute floor for subnormals flushed to zero (OpenCL may flush them). */
    public static final double TINY = 1e-30;

    private ErrorBound() {
    }

    /** What {@code |actual - expected|} may be for an element of error scale {@code scale}. */
    public static double allowed(double scale) {
        return C * EPS * scale + TINY;
    }

    /**
     * The error as a multiple of what is allowed: at most 1 passes. Equal values (infinities,
     * NaN against NaN) give 0; NaN against a number gives infinity.
     */
    public static double ratio(double expected, double actual, double scale) {
        if (Double.compare(expected, actual) == 0) {
            return 0;
        }
        double diff = Math.abs(actual - expected);
        return Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / allowed(scale);
    }

    /** Whether {@code actual} is within the bound of {@code expected}. */
    public static boolean accepts(double expected, double actual, double scale) {
        return ratio(expected, actual, scale) <= 1;
    }
}
