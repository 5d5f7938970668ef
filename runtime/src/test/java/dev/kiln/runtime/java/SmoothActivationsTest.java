package dev.kiln.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The generated Java's {@code erf} against Python's {@code math.erf} and {@code math.erfc} (C's libm, an
 * independent implementation), on both sides of the switch from the series to the continued fraction at 2.5.
 */
class SmoothActivationsTest {

    @ParameterizedTest(name = "erf({0}) = {1}")
    @CsvSource({"0, 0", "0.1, 0.1124629160182849", "0.5, 0.5204998778130465", "1, 0.8427007929497149",
        "2, 0.9953222650189527", "2.4999, 0.9995928300996666", "2.5, 0.999593047982555", "3, 0.9999779095030014",
        "4, 0.9999999845827421", "-1.5, -0.9661051464753108"})
    void erfAsLibm(double x, double expected) {
        assertEquals(expected, SmoothActivations.erf(x), 6e-15); // the accuracy its Javadoc states: the series loses ~1e-15 near 2.5
    }

    @ParameterizedTest(name = "erfc({0}) = {1}")
    @CsvSource({"2.5, 0.0004069520174449589", "3, 2.2090496998585438e-05", "5, 1.5374597944280351e-12",
        "8, 1.1224297172982928e-29"})
    void erfcAsLibmRelatively(double x, double expected) {
        assertEquals(expected, SmoothActivations.erfc(x), 1e-12 * expected);
    }
}
