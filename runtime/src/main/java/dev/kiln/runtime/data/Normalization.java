package dev.kiln.runtime.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * Per-channel standardisation {@code x' = (x - mean[c]) / std[c]} applied to pixels already in
 * [0, 1], as torchvision's {@code Normalize} (ImageNet's is {@code 0.485,0.456,0.406} /
 * {@code 0.229,0.224,0.225}). One mean and one std may serve every channel. {@link #NONE} leaves
 * pixels as they are.
 *
 * @param mean one value per channel, or one for all
 * @param std  one positive value per channel, or one for all
 */
public record Normalization(double[] mean, double[] std) {
    public static final Normalization NONE = new Normalization(new double[] {0}, new double[] {1});

    /** Copies both arrays and checks them: the same length (at least 1), finite means, positive finite stds. */
    public Normalization {
        mean = mean.clone();
        std = std.clone();
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalisation needs as many means as stds (one, or one per channel), got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("a normalisation std must be positive and finite, got " + s);
            }
        }
        for (double m : mean) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("a normalisation mean must be finite, got " + m);
            }
        }
    }

    /**
     * {@code MEAN,STD} (one value each for every channel) or {@code M1,M2,M3,S1,S2,S3} (means, then
     * stds, per channel), as {@code --normalize} takes it; also reads {@link #toString()}'s form.
     */
    public static Normalization parse(String text) {
        String[] parts = text.trim().split("[,/]");
        if (parts.length % 2 != 0 || parts.length == 0) {
            throw new IllegalArgumentException("--normalize takes MEAN,STD or per channel M1,M2,M3,S1,S2,S3; got '"
                    + text + "'");
        }
        int n = parts.length / 2;
        double[] mean = new double[n];
        double[] std = new double[n];
        try {
            for (int i = 0; i < n; i++) {
                mean[i] = Double.parseDouble(parts[i].trim());
                std[i] = Double.parseDouble(parts[n + i].trim());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--normalize takes numbers, e.g. 0.5,0.25; got '" + text + "'");
        }
        return new Normalization(mean, std);
    }

    /** Whether this leaves pixels unchanged (mean 0, std 1 for every channel). */
    public boolean isNone() {
        return equals(NONE);
    }

    /** Checks this fits {@code channels}: one pair for all, or one per channel. */
    public void check(int channels) {
        if (mean.length != 1 && mean.length != channels) {
            throw new IllegalArgumentException("--normalize gives " + mean.length + " means and stds, but the images have "
                    + channels + " channels; give one MEAN,STD for all or " + channels + " of each");
        }
    }

    /** The mean subtracted from channel {@code channel}. */
    public double mean(int channel) {
        return mean[mean.length == 1 ? 0 : channel];
    }

    /** The std channel {@code channel} is divided by. */
    public double std(int channel) {
        return std[std.length == 1 ? 0 : channel];
    }

    /** Normalises {@code count} values of channel {@code channel} in place. */
    public void apply(float[] values, int from, int count, int channel) {
        if (isNone()) {
            return;
        }
        float m = (float) mean(channel);
        float s = (float) std(channel);
        for (int i = from; i < from + count; i++) {
            values[i] = (values[i] - m) / s;
        }
    }

    /** Means then stds, comma-separated: what {@link #parse} reads back. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (double m : mean) {
            s.append(s.length() == 0 ? "" : ",").append(plain(m));
        }
        for (double d : std) {
            s.append(',').append(plain(d));
        }
        return s.toString();
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(std);
    }
}
