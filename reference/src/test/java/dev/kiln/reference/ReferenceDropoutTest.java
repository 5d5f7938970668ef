package dev.kiln.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kiln.dsl.Loss;
import dev.kiln.spec.Dropouts;
import dev.kiln.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/** Dropout: the shared mask drops about {@code rate} of the elements, always the same ones for a seed, and the reference applies it. */
class ReferenceDropoutTest {
    private static final int ELEMENTS = 200_000;

    private static int droppedCount(long seed, int layer, double rate) {
        int count = 0;
        for (int e = 0; e < ELEMENTS; e++) {
            if (Dropouts.dropped(seed, layer, e, rate)) {
                count++;
            }
        }
        return count;
    }

    @Test
    void dropsAboutTheRate() {
        for (double rate : new double[] {0.1, 0.25, 0.5, 0.8}) {
            // a binomial count has standard deviation sqrt(n p (1 - p)) <= 224 here; 5 of them is 0.0056 of n
            assertEquals(rate, droppedCount(42, 3, rate) / (double) ELEMENTS, 0.006, "rate " + rate);
        }
        assertEquals(0, droppedCount(42, 3, 0));
    }

    @Test
    void isDeterministicAndDependsOnSeedAndLayer() {
        int same = 0, otherSeed = 0, otherLayer = 0;
        for (int e = 0; e < 10_000; e++) {
            boolean d = Dropouts.dropped(7, 2, e, 0.5);
            same += d == Dropouts.dropped(7, 2, e, 0.5) ? 1 : 0;
            otherSeed += d == Dropouts.dropped(8, 2, e, 0.5) ? 1 : 0;
            otherLayer += d == Dropouts.dropped(7, 3, e, 0.5) ? 1 : 0;
        }
        assertEquals(10_000, same);
        // independent masks agree on about half of the elements
        assertEquals(5_000, otherSeed, 300);
        assertEquals(5_000, otherLayer, 300);
    }

    @Test
    void referenceAppliesTheMaskScaledInTrainingAndIsIdentityAtInference() {
        double rate = 0.3;
        NetworkSpec spec = SpecBuilder.of("test.Drop", 2, 3, 4, Loss.MEAN_SQUARED_ERROR)
                .flatten("f")
                .dropout("d", rate)
                .build();
        ReferenceNetwork net = new ReferenceNetwork(spec);
        int batch = 5;
        double[] x = new double[batch * 24];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        long seed = 1234;
        double[] trained = net.forward(new double[0], x, batch, true, seed)[1];
        int dropped = 0;
        for (int i = 0; i < x.length; i++) {
            // layer 1 (the dropout) and the element's index in the (N, size) batch buffer
            double expected = Dropouts.dropped(seed, 1, i, rate) ? 0 : x[i] / 0.7;
            assertEquals(expected, trained[i], 1e-12, "element " + i);
            dropped += trained[i] == 0 ? 1 : 0;
        }
        assertNotEquals(0, dropped);
        assertArrayEquals(x, net.forward(new double[0], x, batch, false, seed)[1], 0);
    }
}
