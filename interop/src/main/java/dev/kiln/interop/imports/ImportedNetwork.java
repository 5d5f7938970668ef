package dev.kiln.interop.imports;

import java.util.List;

/**
 * An imported network before it is written: the input image, the layers in dependency order, the
 * normalisation the source applied to its input (kept as the checkpoint's, as {@code --normalize}
 * records it), where it came from, and what the import wants the user to know.
 *
 * @param producer  the writing tool as the file names it, e.g. {@code pytorch 2.13.0}
 * @param format    the file format, e.g. {@code ONNX opset 20}, {@code Keras 3.15.1 (.keras)}
 * @param normalize mean and std per channel (or one for all), null when the input is used as it is
 * @param notes     lines for the user, e.g. how an input Rescaling became the normalisation
 */
public record ImportedNetwork(long channels, long height, long width, List<ImportedLayer> layers, String producer,
                              String format, Normalize normalize, List<String> notes) {
    public ImportedNetwork {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
    }

    /** {@code (x - mean[c]) / std[c]} on pixels in [0, 1]; arrays of one value serve every channel. */
    public record Normalize(double[] mean, double[] std) {
        /** {@code MEAN,...,STD,...}: what {@code --normalize} and the checkpoint's {@code kiln.normalize} read. */
        public String text() {
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
            float f = (float) v;
            return f == Math.rint(f) && Math.abs(f) < 1e7 ? Long.toString((long) f) : Float.toString(f);
        }
    }
}
