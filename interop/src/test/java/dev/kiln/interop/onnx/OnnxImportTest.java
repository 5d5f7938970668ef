package dev.kiln.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.InteropException;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX files exported by PyTorch 1.13 (scripts/fixtures/onnx_fixtures.py, shipped with PyTorch's
 * outputs) imported as Java source, compiled with Kiln's processor, and run on the generated Java
 * code: the same outputs within 1e-4 relative, and the same class for every Fashion-MNIST test image.
 */
class OnnxImportTest {
    static Path fixture(String name) throws Exception {
        return Path.of(OnnxImportTest.class.getResource("/onnx/" + name).toURI());
    }

    @Test
    void lenetChainWithAShapeGatherReshapeFlatten(@TempDir Path dir) throws Exception {
        String source = reproduce("LeNetChain", dir);
        assertTrue(source.contains("@Flatten Layer"), source);
        assertTrue(source.contains("@AvgPool2d(size = 2) Layer s4;"), source);
        assertTrue(source.contains("@Conv2d(filters = 6, kernel = 5, padding = 2, activation = Activation.RELU) Layer c1;"), source);
        assertTrue(source.contains("@Dense(units = 84, activation = Activation.LEAKY_RELU) Layer f6;"), source);
    }

    @Test
    void padsBeforeConvsMatMulAddAndSoftmax(@TempDir Path dir) throws Exception {
        String source = reproduce("PaddedMix", dir);
        assertTrue(source.contains("paddingMode = PaddingMode.REPLICATE"), source);
        assertTrue(source.contains("same = true"), "ZeroPad2d((1, 2, 1, 2)) before a 4x4 stride-2 conv is Keras' same: " + source);
        assertTrue(source.contains("activation = Activation.SOFTMAX"), source);
    }

    @Test
    void aResidualNetworkIsRefusedUntilKilnHasAdd(@TempDir Path dir) throws Exception {
        InteropException e = assertThrows(InteropException.class,
                () -> OnnxImport.run(fixture("ResNetBn.onnx"), "com.example.ResNetBn", dir));
        assertTrue(e.getMessage().contains("(Add)") && e.getMessage().contains("@Add"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    /** Imports, writes, compiles and runs fixture {@code name}; returns the spec's source. */
    private static String reproduce(String name, Path dir) throws Exception {
        String qualified = "com.example." + name;
        OnnxImport.Written written = OnnxImport.run(fixture(name + ".onnx"), qualified, dir);
        assertEquals(dir.resolve("com/example/" + name + ".java"), written.source());
        String source = Files.readString(written.source());
        KilnModel model = CompiledSpecs.compile(qualified, source);
        float[] params = Checkpoints.load(written.weights(), model.spec());

        SafeTensors.Contents expected = SafeTensors.read(fixture(name + ".expected.safetensors"));
        float[] input = expected.tensors().get("input").data();
        float[] output = expected.tensors().get("output").data();
        float[] kiln = CompiledSpecs.predict(model, params, input, 16);
        double error = OnnxRuntimes.maxRelativeError(kiln, OnnxExportTest.toDouble(output));
        assertTrue(error <= OnnxExportTest.TOLERANCE, name + ": relative error " + error + "\n" + source);

        Dataset test = FashionMnist.test(null);
        float[] outputs = CompiledSpecs.predict(model, params, test.images(), test.size());
        float[] torchClasses = expected.tensors().get("predictions").data();
        int classes = model.spec().output().intSize();
        int correct = 0, agree = 0;
        for (int i = 0; i < test.size(); i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                best = outputs[i * classes + k] > outputs[i * classes + best] ? k : best;
            }
            correct += best == test.labels()[i] ? 1 : 0;
            agree += best == (int) torchClasses[i] ? 1 : 0;
        }
        String accuracy = String.format(java.util.Locale.ROOT, "%.4f", correct / (double) test.size());
        System.out.printf("[onnx import] %s: max relative error %.2e on 16 images, Kiln's class = PyTorch's on %d of %d"
                + " test images, test accuracy %s (PyTorch %s)%n", name, error, agree, test.size(), accuracy,
                expected.metadata().get("accuracy"));
        assertEquals(expected.metadata().get("accuracy"), accuracy, name + " reproduces PyTorch's test accuracy");
        assertFalse(agree < test.size() - 2, name + ": Kiln disagrees with PyTorch on " + (test.size() - agree) + " images");
        return source;
    }
}
