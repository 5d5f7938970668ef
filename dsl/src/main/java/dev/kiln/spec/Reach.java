package dev.kiln.spec;

/**
 * Which positions of its input one output position of an op sees, along the height and the
 * width: the rule {@link NetworkSpec#receptiveField(int)} applies for each kind. A field is
 * tracked as {@code {rh, rw, jh, jw}}: the rows and columns of the network input one position
 * sees, and the distance in input pixels between neighbouring positions (the jump).
 */
public sealed interface Reach {

    /** Each output position reads the same position of each input (batch norm, dropout, merges, activations). */
    Reach POINTWISE = new Pointwise();

    /** Every output reads every position of its input (flatten, dense, global pooling). */
    Reach WHOLE = new Whole();

    /** A sliding window over {@code (H, W)} (convolution, pooling). */
    static Reach window(Window window) {
        return new Sliding(window);
    }

    /** The field an input of shape {@code shape} with field {@code f} contributes to this op's. */
    long[] read(long[] f, Shape shape);

    /** This op's field from the largest over its inputs. */
    long[] apply(long[] f);

    /** Position for position. */
    record Pointwise() implements Reach {
        @Override
        public long[] read(long[] f, Shape shape) {
            return f;
        }

        @Override
        public long[] apply(long[] f) {
            return f;
        }
    }

    /** The span of all positions: {@code r + (n - 1) jump} for {@code n} positions along an axis; the jump stays. */
    record Whole() implements Reach {
        @Override
        public long[] read(long[] f, Shape shape) {
            return new long[] {span(f[0], shape.height(), f[2]), span(f[1], shape.width(), f[3]), f[2], f[3]};
        }

        @Override
        public long[] apply(long[] f) {
            return f;
        }

        private static long span(long r, int n, long jump) {
            return saturated(r + (n - 1) * jump);
        }
    }

    /** The standard recurrence: {@code r += (effectiveKernel - 1) jump}, then {@code jump *= stride}. */
    record Sliding(Window window) implements Reach {
        @Override
        public long[] read(long[] f, Shape shape) {
            return f;
        }

        @Override
        public long[] apply(long[] f) {
            return new long[] {
                saturated(f[0] + (window.effectiveKernelH() - 1) * f[2]),
                saturated(f[1] + (window.effectiveKernelW() - 1) * f[3]),
                saturated(f[2] * window.strideH()),
                saturated(f[3] * window.strideW())};
        }
    }

    private static long saturated(long v) {
        return Math.min(Integer.MAX_VALUE, v);
    }
}
