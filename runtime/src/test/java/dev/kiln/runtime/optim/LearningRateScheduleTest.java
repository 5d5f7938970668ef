package dev.kiln.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Learning-rate schedules against their closed forms evaluated by hand. */
class LearningRateScheduleTest {
    private static final double TOL = 1e-12;

    @Test
    void constantIsTheBaseRate() {
        assertEquals(0.01, LearningRateSchedule.constant().rate(0.01, 7, 1000, 2000), TOL);
    }

    @Test
    void stepHalvesEveryTwoEpochs() {
        LearningRateSchedule s = LearningRateSchedule.step(2, 0.5);
        assertEquals(0.1, s.rate(0.1, 0, 0, 100), TOL);
        assertEquals(0.1, s.rate(0.1, 1, 50, 100), TOL);
        assertEquals(0.05, s.rate(0.1, 2, 60, 100), TOL);
        assertEquals(0.05, s.rate(0.1, 3, 70, 100), TOL);
        assertEquals(0.025, s.rate(0.1, 4, 80, 100), TOL);
    }

    @Test
    void cosineFallsFromTheBaseToTheFloor() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1);
        // floor 0.1; at the start the base, halfway floor + (1 - floor) / 2, a quarter in floor + 0.9 (1 + cos(pi/4)) / 2
        assertEquals(1.0, s.rate(1.0, 0, 0, 100), TOL);
        assertEquals(0.55, s.rate(1.0, 0, 50, 100), TOL);
        assertEquals(0.1 + 0.9 * (1 + Math.sqrt(0.5)) / 2, s.rate(1.0, 0, 25, 100), TOL);
        assertEquals(0.1, s.rate(1.0, 0, 100, 100), TOL);
        assertEquals(0.1, s.rate(1.0, 0, 150, 100), TOL);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1.5));
    }
}
