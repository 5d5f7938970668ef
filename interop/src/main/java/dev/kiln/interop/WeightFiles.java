package dev.kiln.interop;

import dev.kiln.interop.keras.KerasToSpec;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.spec.NetworkSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Loads a network's parameters from a weights file of either kind, told apart by its first bytes:
 * HDF5's signature {@code \x89HDF\r\n\x1a\n} means Keras ({@code .h5}, {@code .weights.h5}),
 * anything else is read as safetensors (Kiln's and PyTorch's checkpoints).
 */
public final class WeightFiles {
    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private WeightFiles() {
    }

    /** Whether {@code file} starts with HDF5's signature. */
    public static boolean isHdf5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(HDF5.length), HDF5);
        } catch (IOException e) {
            throw new InteropException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * The flat parameter array of {@code spec}; {@code kerasOrder} pairs Keras layers with Kiln's
     * in order instead of by name (ignored for safetensors).
     */
    public static float[] load(Path file, NetworkSpec spec, boolean kerasOrder) {
        if (isHdf5(file)) {
            return KerasToSpec.load(file, spec, kerasOrder).params();
        }
        return Checkpoints.load(file, spec);
    }

    /**
     * The parameters and the running statistics of {@code spec}: a safetensors checkpoint holds both, and
     * so do Keras weights (a batch norm's moving mean and variance).
     */
    public static Checkpoints.Loaded loadAll(Path file, NetworkSpec spec, boolean kerasOrder) {
        if (isHdf5(file)) {
            return KerasToSpec.load(file, spec, kerasOrder);
        }
        return Checkpoints.loadAll(file, spec);
    }
}
