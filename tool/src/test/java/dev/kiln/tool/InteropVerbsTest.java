package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.onnx.OnnxRuntimes;
import dev.kiln.runtime.Backend;
import dev.kiln.runtime.Backends;
import dev.kiln.runtime.KilnModel;
import dev.kiln.runtime.Models;
import dev.kiln.runtime.init.Initializers;
import dev.kiln.runtime.io.Checkpoints;
import dev.kiln.runtime.optim.OptimizerConfig;
import dev.kiln.spec.NetworkSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln export} of every sample runs in ONNX Runtime with the outputs of Kiln's generated
 * Java code (within 1e-4 relative); {@code kiln import} writes a spec and its weights or refuses,
 * writing nothing; {@code --weights} takes Keras .h5 files and says when they do not fit.
 */
class InteropVerbsTest {
    @TempDir
    Path dir;

    @Test
    void everySampleExportsToOnnxThatOnnxRuntimeRunsAsKilnDoes() throws Exception {
        double worst = 0;
        int count = 0;
        java.util.List<String> large = new java.util.ArrayList<>();
        for (KilnModel model : Models.all()) {
            NetworkSpec spec = model.spec();
            // the ImageNet-sized samples (Vgg16, ResNet18) need gigabytes for one forward pass; the
            // same ops at Fashion-MNIST size are checked here and in 200 random networks
            if (spec.parameterCount() > 3_000_000 || spec.input().size() > 100_000) {
                large.add(spec.simpleName());
                continue;
            }
            float[] params = Initializers.initialize(spec, 3);
            Path weights = dir.resolve(spec.simpleName() + ".safetensors");
            // running statistics away from (0, 1), so that the export must carry the checkpoint's own
            float[] state = spec.initialState();
            for (dev.kiln.spec.ParamSpec st : spec.state()) {
                for (int i = st.offset(); i < st.offset() + st.size(); i++) {
                    if (st.name().endsWith(".running_mean")) {
                        state[i] = 0.1f * ((i % 7) - 3);
                    } else if (st.name().endsWith(".running_var")) {
                        state[i] = 0.5f + 0.1f * (i % 5);
                    }
                }
            }
            Checkpoints.save(weights, spec, params, state, Map.of());
            Path onnx = dir.resolve(spec.simpleName() + ".onnx");
            ToolRun run = ToolRun.of("export", spec.simpleName(), "--weights", weights.toString(), "--onnx", onnx.toString());
            assertEquals(0, run.status(), run.toString());
            assertTrue(run.out().startsWith("wrote " + onnx + ": " + spec.simpleName() + ", opset 13"), run.out());

            int batch = 4;
            float[] input = new float[batch * spec.input().intSize()];
            SplittableRandom random = new SplittableRandom(spec.simpleName().hashCode());
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) random.nextDouble();
            }
            float[] kiln = new float[batch * spec.output().intSize()];
            try (Backend backend = Backends.open(model, "java", -1, OptimizerConfig.adam().build(),
                    new PrintStream(OutputStream.nullOutputStream()))) {
                backend.setParameters(params);
                backend.setState(state);
                backend.plan(batch);
                backend.predict(input, batch, kiln);
            }
            float[] ort = OnnxRuntimes.run(Files.readAllBytes(onnx), input, batch, spec.input().channels(),
                    spec.input().height(), spec.input().width());
            double[] expected = new double[kiln.length];
            for (int i = 0; i < kiln.length; i++) {
                expected[i] = kiln[i];
            }
            double error = OnnxRuntimes.maxRelativeError(ort, expected);
            assertTrue(error <= 1e-4, spec.simpleName() + ": relative error " + error);
            worst = Math.max(worst, error);
            count++;
        }
        assertTrue(count >= 5, "the samples are found");
        System.out.printf("[kiln export] %d samples: ONNX Runtime vs Kiln's generated Java code, max relative error %.2e;"
                + " not run for their size: %s%n", count, worst, large);
    }

    @Test
    void importWritesASpecAndItsWeightsOrNothing() throws Exception {
        Path lenet = resource("onnx/LeNetChain.onnx");
        Path out = dir.resolve("out");
        ToolRun ok = ToolRun.of("import", lenet.toString(), "--name", "com.example.LeNetChain", "--out", out.toString());
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(Files.readString(out.resolve("com/example/LeNetChain.java")).contains("public abstract class LeNetChain"));
        assertTrue(Files.size(out.resolve("LeNetChain.safetensors")) > 200_000);
        assertTrue(ok.out().contains("(8 layers)"), ok.out());

        // an op Kiln does not have: the first conv made an Elu
        onnx.Onnx.ModelProto model = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(lenet));
        onnx.Onnx.GraphProto.Builder graph = model.getGraph().toBuilder();
        graph.setNode(0, graph.getNode(0).toBuilder().setOpType("Elu"));
        Path odd = Files.write(dir.resolve("odd.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
        Path none = dir.resolve("none");
        ToolRun refused = ToolRun.of("import", odd.toString(), "--name", "com.example.R", "--out", none.toString());
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().contains("(Elu) is not an op Kiln imports"), refused.err());
        assertFalse(Files.exists(none), "nothing written");

        ToolRun noName = ToolRun.of("import", lenet.toString(), "--out", out.toString());
        assertEquals(2, noName.status());
        assertTrue(noName.err().contains("--name"), noName.err());
    }

    @Test
    void kerasWeightsAreRecognisedAndCheckedAgainstTheNetwork() throws Exception {
        Path h5 = resource("keras/keras2.h5");
        ToolRun run = ToolRun.of("export", "LeNet5", "--weights", h5.toString(), "--onnx", dir.resolve("x.onnx").toString());
        assertEquals(1, run.status(), run.toString());
        assertTrue(run.err().contains("does not fit LeNet5 by layer name"), run.err());
        ToolRun ordered = ToolRun.of("export", "LeNet5", "--weights", h5.toString(), "--keras-order", "--onnx",
                dir.resolve("x.onnx").toString());
        assertEquals(1, ordered.status(), ordered.toString());
        assertTrue(ordered.err().contains("has 4 Keras layers with weights [c1, c2, h, out] but LeNet5 has 5"), ordered.err());
        assertFalse(Files.exists(dir.resolve("x.onnx")));
    }

    /** A fixture of the interop module's tests, copied out of its test jar. */
    private Path resource(String name) throws Exception {
        Path file = dir.resolve(name.replace('/', '_'));
        try (InputStream in = InteropVerbsTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }
}
