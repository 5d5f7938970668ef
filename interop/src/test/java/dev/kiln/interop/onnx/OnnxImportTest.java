package dev.kiln.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.InteropException;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.interop.imports.ImportWriter;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.interop.imports.SpecSource;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.data.Dataset;
import dev.kiln.runtime.data.FashionMnist;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.io.SafeTensors;
import dev.kiln.spec.NetworkSpec;
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
    private static Dataset testSet;

    /** Fashion-MNIST's test set, read once for the tests that need it. */
    private static synchronized Dataset testSet() {
        if (testSet == null) {
            testSet = FashionMnist.test(null);
        }
        return testSet;
    }

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
    void batchNormsFoldedByPyTorchAndByKilnAndGlobalAveragePooling(@TempDir Path dir) throws Exception {
        // BatchNorm1d on logits: y = (Wx + b - running_mean) / sigma, a small difference of large numbers in float32
        // on both sides (PyTorch subtracts after the Gemm, Kiln folds the mean into the bias), so 1e-3 here
        String source = reproduce("GapChain", dir, 1e-3);
        assertTrue(source.contains("'/bn1/BatchNormalization' (BatchNormalization)"), "the BatchNorm1d joins fc: " + source);
        assertTrue(source.contains("(GlobalAveragePool)"), source);
    }

    @Test
    void aResidualNetworkWithBatchNormReproducesPyTorch(@TempDir Path dir) throws Exception {
        String source = reproduce("ResNetBn", dir);
        assertTrue(source.contains("@Add(from = {"), source);
        assertTrue(source.contains("@GlobalAvgPool2d"), source);
    }

    @Test
    void kilnsOwnExportComesBackAsTheSameNetwork() throws Exception {
        // every layer option Kiln exports, through ONNX and back to Java source, compiled and run on the generated code
        byte[] onnx = OnnxFuzzTest.smallKilnModel();
        NetworkSpec original = OnnxFuzzTest.smallSpec();
        ImportedNetwork net = OnnxImport.map(OnnxModels.parse(onnx, "small.onnx"), "small.onnx");
        String source = SpecSource.write("com.example.Small", net, "small.onnx");
        assertTrue(source.contains("@Conv2d(filters = 2, kernel = {3, 2}, stride = {2, 1}, same = true, "
                + "activation = Activation.LEAKY_RELU) Layer same;"), source);
        assertTrue(source.contains("@Conv2d(filters = 2, kernel = 3, padding = 1, paddingMode = PaddingMode.REPLICATE, "
                + "dilation = {1, 2}, bias = false, activation = Activation.TANH) Layer rep;"), source);
        assertTrue(source.contains("@AvgPool2d(size = 2, stride = 1, padding = 1) Layer avg;"), source);
        KilnModel model = CompiledSpecs.compile("com.example.Small", source);
        assertEquals(original.parameterCount(), model.spec().parameterCount());
        float[] params = ImportWriter.weights(net, model.spec()).params();
        float[] input = new float[3 * original.input().intSize()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.37);
        }
        float[] again = CompiledSpecs.predict(model, params, input, 3);
        double[] reference = new ReferenceNetwork(original).forward(OnnxExportTest.toDouble(OnnxFuzzTest.smallParams(original)),
                OnnxExportTest.toDouble(input), 3, false, 0)[original.layers().size() - 1];
        double error = OnnxRuntimes.maxRelativeError(again, reference);
        assertTrue(error <= OnnxExportTest.TOLERANCE, "relative error " + error);
    }

    /** Imports, writes, compiles and runs fixture {@code name}; returns the spec's source. */
    private static String reproduce(String name, Path dir) throws Exception {
        return reproduce(name, dir, OnnxExportTest.TOLERANCE);
    }

    private static String reproduce(String name, Path dir, double tolerance) throws Exception {
        String qualified = "com.example." + name;
        ImportWriter.Written written = OnnxImport.run(fixture(name + ".onnx"), qualified, dir);
        assertEquals(dir.resolve("com/example/" + name + ".java"), written.source());
        String source = Files.readString(written.source());
        KilnModel model = CompiledSpecs.load(qualified, written.classes());
        float[] params = Checkpoints.load(written.weights(), model.spec());

        SafeTensors.Contents expected = SafeTensors.read(fixture(name + ".expected.safetensors"));
        float[] input = expected.tensors().get("input").data();
        float[] output = expected.tensors().get("output").data();
        float[] kiln = CompiledSpecs.predict(model, params, input, 16);
        double error = OnnxRuntimes.maxRelativeError(kiln, OnnxExportTest.toDouble(output));
        assertTrue(error <= tolerance, name + ": relative error " + error + "\n" + source);

        Dataset test = testSet();
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
