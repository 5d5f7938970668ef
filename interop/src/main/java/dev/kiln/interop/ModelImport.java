package dev.kiln.interop;

import dev.kiln.interop.imports.ImportWriter;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.interop.keras.KerasModelImport;
import dev.kiln.interop.onnx.OnnxImport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code kiln import MODEL --name com.example.Foo --out DIR}: reads an ONNX model or a whole Keras model,
 * maps it onto Kiln's layers, and {@link ImportWriter} writes the spec, its weights and its compiled
 * classes. The format is told by the file's first bytes: HDF5's signature (Keras' {@code .h5}), a zip
 * (Keras 3's {@code .keras}), else ONNX's protobuf.
 */
public final class ModelImport {
    private ModelImport() {
    }

    /** The network in {@code model}. */
    public static ImportedNetwork map(Path model) {
        if (WeightFiles.isHdf5(model) || isZip(model)) {
            return KerasModelImport.map(model);
        }
        return OnnxImport.map(model);
    }

    private static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            throw new InteropException("cannot read " + file + ": " + e, e);
        }
    }
}
