package dev.kiln.runtime.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks (1, 2 or 5 times a power of ten) and their labels. */
final class Ticks {
    private Ticks() {
    }

    /** About {@code target} round values covering [lo, hi]; the first is at most lo, the last at least hi. */
    static double[] nice(double lo, double hi, int target) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / Math.max(1, target));
        double first = Math.floor(lo / step) * step;
        double last = Math.ceil(hi / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (double v = first; v <= last + step / 2; v += step) {
            ticks.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * power;
    }

    /** A label with just enough decimals to tell neighbouring ticks apart. */
    static String label(double v, double step) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }
}
