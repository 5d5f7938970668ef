package dev.kiln.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.InteropException;
import dev.kiln.interop.imports.ImportWriter;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.interop.imports.SpecCompiler;
import dev.kiln.runtime.Models;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code kiln import} writes: a spec that Kiln's processor refuses is reported with the processor's
 * message and the ONNX node the layer came from, and nothing is written; specs compiled one after the
 * other into one class folder all stay registered (the processor merges its service file).
 */
class ImportWriterTest {
    /** input (1, 4, 4) -> BatchNormalization -> Flatten -> Gemm(3): a batch norm on the input, kept as a layer. */
    private static ModelProto inputBatchNorm(float epsilon) {
        OnnxGraph g = new OnnxGraph("bn");
        g.reserve("x");
        g.input("x", 1, 4, 4);
        String scale = g.floats("bn.weight", new long[] {1}, new float[] {1.5f}, 0);
        String shift = g.floats("bn.bias", new long[] {1}, new float[] {0.1f}, 0);
        String mean = g.floats("bn.running_mean", new long[] {1}, new float[] {0.2f}, 0);
        String var = g.floats("bn.running_var", new long[] {1}, new float[] {0.9f}, 0);
        g.add(g.node("BatchNormalization", "bn", List.of("x", scale, shift, mean, var), "normed")
                .addAttribute(OnnxGraph.real("epsilon", epsilon)));
        g.add(g.node("Flatten", "flat", List.of("normed"), "flat").addAttribute(OnnxGraph.integer("axis", 1)));
        float[] w = new float[3 * 16];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 7 - 3) / 10f;
        }
        g.add(g.node("Gemm", "fc", List.of("flat", g.floats("fc.weight", new long[] {3, 16}, w, 0)), "y")
                .addAttribute(OnnxGraph.integer("transB", 1)));
        g.output("y", 3);
        return g.model(13, "test", "a batch norm on the input");
    }

    @Test
    void aSpecThatWouldNotCompileIsRefusedWithTheProcessorsMessageAndTheNode(@TempDir Path dir) {
        ImportedNetwork net = OnnxImport.map(inputBatchNorm(0f), "bn.onnx");
        Path out = dir.resolve("out");
        InteropException e = assertThrows(InteropException.class, () -> ImportWriter.write(net, "com.example.Bn", "bn.onnx", out));
        assertTrue(e.getMessage().startsWith("bn.onnx: the imported spec does not compile: [kiln:"), e.getMessage());
        assertTrue(e.getMessage().contains("(layer bn, from 'bn' (BatchNormalization)). Nothing was written."), e.getMessage());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void specsCompiledOneAfterTheOtherIntoOneFolderStayRegistered(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes");
        for (String name : List.of("com.example.First", "com.example.Second")) {
            ImportedNetwork net = OnnxImport.map(inputBatchNorm(1e-5f), "bn.onnx");
            // straight into the shared folder, as javac -d would: the processor keeps the earlier registration
            assertEquals(List.of(), SpecCompiler.compile(Map.of(name, dev.kiln.interop.imports.SpecSource.write(name, net, "bn.onnx")),
                    classes));
        }
        String services = Files.readString(classes.resolve("META-INF/services/dev.kiln.runtime.KilnModel"), StandardCharsets.UTF_8);
        assertEquals("com.example.FirstModel\ncom.example.SecondModel\n", services);
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        assertEquals(List.of("com.example.First", "com.example.Second"), Models.all(loader).stream()
                .map(m -> m.spec().qualifiedName()).filter(n -> n.startsWith("com.example")).toList());

        // a registration whose classes are gone is dropped at the next compilation
        Files.delete(classes.resolve("com/example/FirstModel.class"));
        ImportedNetwork net = OnnxImport.map(inputBatchNorm(1e-5f), "bn.onnx");
        SpecCompiler.compile(Map.of("com.example.Third", dev.kiln.interop.imports.SpecSource.write("com.example.Third", net,
                "bn.onnx")), classes);
        assertEquals("com.example.SecondModel\ncom.example.ThirdModel\n",
                Files.readString(classes.resolve("META-INF/services/dev.kiln.runtime.KilnModel"), StandardCharsets.UTF_8));
    }
}
