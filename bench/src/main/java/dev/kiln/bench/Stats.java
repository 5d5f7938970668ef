package dev.kiln.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Median, minimum and maximum of repeated measurements. */
record Stats(double median, double min, double max, int n) {

    static Stats of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1], v.length);
    }

    static Stats of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }

    /** {@code 1234 (1200–1250)} with the given number format. */
    String format(String numberFormat) {
        if (n == 0) {
            return "–";
        }
        String m = String.format(Locale.ROOT, numberFormat, median);
        if (n == 1) {
            return m;
        }
        return m + " (" + String.format(Locale.ROOT, numberFormat, min) + "–" + String.format(Locale.ROOT, numberFormat, max) + ")";
    }
}
