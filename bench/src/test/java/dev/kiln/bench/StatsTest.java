package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void oddCountTakesTheMiddleValue() {
        Stats s = Stats.of(30, 10, 20);
        assertEquals(20, s.median());
        assertEquals(10, s.min());
        assertEquals(30, s.max());
    }

    @Test
    void evenCountAveragesTheTwoMiddleValues() {
        assertEquals(2.5, Stats.of(4, 1, 3, 2).median());
    }

    @Test
    void failedRunsAreLeftOutNotCountedAsZero() {
        Stats s = Stats.of(Double.NaN, 5, 7);
        assertEquals(2, s.n());
        assertEquals(6, s.median());
        assertEquals("6 (5–7)", s.format("%.0f"));
        assertEquals("–", Stats.of(Double.NaN).format("%.0f"));
    }
}
