package dev.kiln.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Activations#silu} (the vector exponential where the JVM has the module) against SiLU in double precision,
 * {@code x / (1 + e^-x)}, over the range activations take and past where the exponential over- or underflows; and its
 * plain loop against the generated code's scalar expression, bit for bit.
 */
class ActivationsTest {

    @Test
    void siluWithinAFewUlpsOfDoublePrecision() {
        SplittableRandom r = new SplittableRandom(17);
        // a ragged length: whole vectors of 8 or 16 lanes and a scalar end, from an offset
        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 40 - 20);
        }
        x[5] = 0f;
        x[6] = -0f;
        x[7] = 100f;
        x[8] = -100f;
        x[9] = 1e-30f;
        float[] y = x.clone();
        Activations.silu(y, 3, 1000);
        for (int i = 0; i < x.length; i++) {
            if (i < 3 || i >= 1000) {
                assertEquals(x[i], y[i], 0f, "outside [from, to) element " + i + " is untouched");
                continue;
            }
            double expected = x[i] / (1 + Math.exp(-(double) x[i]));
            double allowed = 4 * Math.ulp((float) expected) + 1e-40;
            assertTrue(Math.abs(y[i] - expected) <= allowed, "silu(" + x[i] + ") = " + y[i] + ", double precision gives "
                    + expected + " (off by " + Math.abs(y[i] - expected) + ", allowed " + allowed + ")");
        }
    }

    @Test
    void siluPlainLoopIsTheScalarExpression() {
        float[] x = {-20f, -3.5f, -1f, -0f, 0f, 0.25f, 1f, 7.75f, 88f, Float.NaN};
        float[] y = x.clone();
        Activations.scalarSilu(y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(x[i] / (1f + (float) Math.exp(-x[i]))), Float.floatToIntBits(y[i]), "element " + i);
        }
    }
}
