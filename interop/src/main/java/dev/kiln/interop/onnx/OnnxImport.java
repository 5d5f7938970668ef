package dev.kiln.interop.onnx;

import dev.kiln.interop.AtomicWrite;
import dev.kiln.interop.InteropException;
import dev.kiln.runtime.io.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;
import onnx.Onnx.ModelProto;

/**
 * {@code kiln import MODEL.onnx --name com.example.Foo --out DIR}: writes {@code DIR/com/example/Foo.java},
 * an annotated Kiln spec, and {@code DIR/Foo.safetensors} with the weights in Kiln's layout
 * (PyTorch's names {@code layer.weight}/{@code layer.bias}). Everything is mapped and checked in
 * memory first: a model Kiln cannot express writes nothing.
 */
public final class OnnxImport {
    private OnnxImport() {
    }

    /** What {@link #run} wrote. */
    public record Written(Path source, Path weights, int layers, long parameters) {}

    /** The spec's source and its weights, in memory. */
    public record Imported(String source, LinkedHashMap<String, SafeTensors.Tensor> weights, int layers) {}

    public static Imported convert(ModelProto model, String qualifiedName, String origin) {
        if (!SourceVersion.isName(qualifiedName)) {
            throw new InteropException("--name " + qualifiedName + " is not a Java class name such as com.example.Foo");
        }
        OnnxToKiln.Result net = OnnxToKiln.map(model, origin);
        String source = SpecSource.write(qualifiedName, net, origin);
        LinkedHashMap<String, SafeTensors.Tensor> weights = new LinkedHashMap<>();
        for (KilnLayer l : net.layers()) {
            for (Map.Entry<String, KilnLayer.Tensor> p : l.params.entrySet()) {
                weights.put(l.name + "." + p.getKey(), SafeTensors.Tensor.f32(p.getValue().shape(), p.getValue().values()));
            }
        }
        return new Imported(source, weights, net.layers().size());
    }

    public static Written run(Path model, String qualifiedName, Path outDir) {
        Imported imported = convert(OnnxModels.read(model), qualifiedName, model.getFileName().toString());
        String simple = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
        Path source = outDir.resolve(qualifiedName.replace('.', '/') + ".java");
        Path weights = outDir.resolve(simple + ".safetensors");
        try {
            Files.createDirectories(source.getParent());
        } catch (IOException e) {
            throw new InteropException("cannot create " + source.getParent() + ": " + e, e);
        }
        SafeTensors.write(weights, imported.weights(), Map.of("format", "pt", "kiln.network", qualifiedName,
                "kiln.imported.from", model.getFileName().toString()));
        try {
            AtomicWrite.bytes(source, imported.source().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(weights);
            } catch (IOException ignored) {
                // reported below
            }
            throw e;
        }
        long count = imported.weights().values().stream().mapToLong(t -> t.data().length).sum();
        return new Written(source, weights, imported.layers(), count);
    }

    static List<String> layerNames(Imported imported) {
        return List.copyOf(imported.weights().keySet());
    }
}
