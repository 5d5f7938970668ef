package dev.kiln.interop.imports;

import dev.kiln.runtime.data.Normalization;
import java.util.List;

/**
 * An imported network before it is written: the input image, the layers in dependency order, the
 * normalisation the source applied to its input (kept as the checkpoint's, as {@code --normalize}
 * records it), where it came from, and what the import wants the user to know.
 *
 * @param producer  the writing tool as the file names it, e.g. {@code pytorch 2.13.0}
 * @param format    the file format, e.g. {@code ONNX opset 20}, {@code Keras 3.15.1 (.keras)}
 * @param normalize mean and std per channel (or one for all), null when the input is used as it is; its
 *                  values are those of the file's float32 constants, printed as such (0.5, not 0.4999999701976776)
 * @param notes     lines for the user, e.g. how an input Rescaling became the normalisation
 */
public record ImportedNetwork(long channels, long height, long width, List<ImportedLayer> layers, String producer,
                              String format, Normalization normalize, List<String> notes) {
    public ImportedNetwork {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
    }

    /** The normalisation {@code (x - mean[c]) / std[c]} of float32 values: each rounded to the float it came from. */
    public static Normalization normalization(double[] mean, double[] std) {
        double[] m = new double[mean.length];
        double[] s = new double[std.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Double.parseDouble(Float.toString((float) mean[i]));
            s[i] = Double.parseDouble(Float.toString((float) std[i]));
        }
        return new Normalization(m, s);
    }
}
