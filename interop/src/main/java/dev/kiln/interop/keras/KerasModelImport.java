package dev.kiln.interop.keras;

import dev.kiln.interop.imports.ImportedNetwork;
import java.nio.file.Path;

/** {@code kiln import MODEL.keras} or {@code MODEL.h5}: a whole Keras model (architecture and weights) as Kiln layers. */
public final class KerasModelImport {
    private KerasModelImport() {
    }

    /** The network in the Keras model {@code file}; see {@link KerasModelToKiln} for the layer mapping. */
    public static ImportedNetwork map(Path file) {
        return KerasModelToKiln.map(file);
    }
}
