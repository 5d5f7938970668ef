package dev.kiln.interop.onnx;

import dev.kiln.interop.imports.ImportWriter;
import dev.kiln.interop.imports.ImportedNetwork;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/**
 * {@code kiln import MODEL.onnx --name com.example.Foo --out DIR}: writes {@code DIR/com/example/Foo.java},
 * an annotated Kiln spec, {@code DIR/Foo.safetensors} with the weights in Kiln's layout (PyTorch's names
 * {@code layer.weight}/{@code layer.bias}) and the compiled classes in {@code DIR/classes}. Everything is
 * mapped, written and compiled in memory and in a temporary folder first: a model Kiln cannot express,
 * or whose spec would not compile, writes nothing.
 */
public final class OnnxImport {
    private OnnxImport() {
    }

    /** The network of the ONNX file {@code model}, with its external data read from beside it. */
    public static ImportedNetwork map(Path model) {
        Path folder = model.toAbsolutePath().getParent();
        return OnnxToKiln.map(OnnxModels.read(model), model.getFileName().toString(), folder);
    }

    /** The network of an ONNX model in memory ({@code origin} names it); external data cannot be found. */
    public static ImportedNetwork map(ModelProto model, String origin) {
        return OnnxToKiln.map(model, origin, null);
    }

    public static ImportWriter.Written run(Path model, String qualifiedName, Path outDir) {
        ImportWriter.checkName(qualifiedName);
        return ImportWriter.write(map(model), qualifiedName, model.getFileName().toString(), outDir);
    }
}
