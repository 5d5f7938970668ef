package dev.kiln.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.interop.Npy;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln export} of every sample runs in ONNX Runtime with the outputs of Kiln's generated
 * Java code (within 1e-4 relative), with the checkpoint's normalisation in the graph; {@code kiln import}
 * writes a spec, its weights and its compiled classes, or refuses naming the node and writes nothing;
 * {@code kiln infer} gives ONNX Runtime's outputs for the imported models; {@code --weights} takes Keras
 * .h5 files and says when they do not fit.
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
    void importCompilesWhatItWritesAndInferGivesOnnxRuntimesOutputs() throws Exception {
        // PyTorch 2.13's default exporter with its weights in resnet_s.dyn.onnx.data beside the model
        Path resnet = resource("zoo/resnet_s.dyn.onnx");
        resource("zoo/resnet_s.dyn.onnx.data");
        Path out = dir.resolve("out");
        ToolRun ok = ToolRun.of("import", resnet.toString(), "--name", "com.example.ResNetS", "--out", out.toString());
        assertEquals(0, ok.status(), ok.toString());
        assertTrue(ok.out().contains("(19 layers)") && ok.out().contains("the compiled classes in " + out.resolve("classes")),
                ok.out());
        assertTrue(ok.out().contains("run it: ./kiln eval com.example.ResNetS --classpath " + out.resolve("classes")), ok.out());
        String source = Files.readString(out.resolve("com/example/ResNetS.java"));
        assertTrue(source.contains("Layer layer1_0_conv1;") && source.contains("@Add(from = {"), source);

        // a second import into the same folder: both models stay registered
        Path lenet = resource("zoo/lenet_b1.dyn.onnx");
        ToolRun second = ToolRun.of("import", lenet.toString(), "--name", "com.example.LeNetB1", "--out", out.toString());
        assertEquals(0, second.status(), second.toString());
        ClassLoader classes = new java.net.URLClassLoader(new java.net.URL[] {out.resolve("classes").toUri().toURL()},
                InteropVerbsTest.class.getClassLoader());
        assertEquals(java.util.List.of("com.example.LeNetB1", "com.example.ResNetS"),
                Models.all(classes).stream().map(m -> m.spec().qualifiedName()).filter(n -> n.startsWith("com.example")).toList());

        for (String[] c : new String[][] {{"com.example.ResNetS", "resnet_s", "resnet_s.dyn"}, {"com.example.LeNetB1", "lenet_b1",
                "lenet_b1.dyn"}}) {
            Path x = resource("zoo/" + c[1] + ".in.npy");
            Path y = dir.resolve(c[1] + ".kiln.npy");
            ToolRun infer = ToolRun.of("infer", c[0], "--classpath", out.resolve("classes").toString(), "--weights",
                    out.resolve(c[0].substring(12) + ".safetensors").toString(), "--input", x.toString(), "--output", y.toString(),
                    "--backend", "java");
            assertEquals(0, infer.status(), infer.toString());
            assertTrue(infer.out().contains("wrote " + y), infer.out());
            float[] kiln = Npy.read(y, "y").values();
            float[] ort = Npy.read(resource("zoo/" + c[2] + ".out.npy"), "ort").values();
            double error = OnnxRuntimes.relativeToLargest(kiln, ort);
            System.out.printf("[kiln infer] %s: largest difference from ONNX Runtime %.2e of its largest output%n", c[0], error);
            assertTrue(error <= 1e-4, c[0] + ": " + error);
        }

        // a whole Keras model: its input Normalization becomes the checkpoint's, which infer applies to the pixels
        Path keras = resource("keras/keras_flat.keras");
        ToolRun kerasImport = ToolRun.of("import", keras.toString(), "--name", "com.example.KerasFlat", "--out", out.toString());
        assertEquals(0, kerasImport.status(), kerasImport.toString());
        assertTrue(kerasImport.out().contains("'norm' (Normalization) at the input became the checkpoint's normalisation "
                + "--normalize 0.39215687,0.23529412"), kerasImport.out());
        Path kerasOut = dir.resolve("keras_flat.kiln.npy");
        ToolRun kerasInfer = ToolRun.of("infer", "com.example.KerasFlat", "--classpath", out.resolve("classes").toString(),
                "--weights", out.resolve("KerasFlat.safetensors").toString(), "--input", resource("keras/keras_flat.in.npy").toString(),
                "--output", kerasOut.toString(), "--backend", "java");
        assertEquals(0, kerasInfer.status(), kerasInfer.toString());
        assertTrue(kerasInfer.out().contains("inputs normalised with the checkpoint's"), kerasInfer.out());
        double kerasError = OnnxRuntimes.relativeToLargest(Npy.read(kerasOut, "y").values(),
                Npy.read(resource("keras/keras_flat.out.npy"), "keras").values());
        assertTrue(kerasError <= 1e-4, "keras_flat: " + kerasError);

        // fine-tuning the imported backbone: a new head in the source, compiled, trained from the import with the rest frozen
        Path spec = out.resolve("com/example/ResNetS.java");
        Files.writeString(spec, Files.readString(spec).replace("@Dense(units = 10) Layer fc;", "@Dense(units = 2) Layer fc;"));
        ToolRun compiled = ToolRun.of("compile", spec.toString(), "--out", out.resolve("classes").toString(),
                "--overwrite");
        assertEquals(0, compiled.status(), compiled.toString());
        Path pictures = pictures(dir.resolve("pictures"));
        String frozen = java.util.regex.Pattern.compile("Layer (\\w+);").matcher(Files.readString(spec)).results()
                .map(m -> m.group(1)).filter(n -> n.contains("conv") || n.contains("downsample"))
                .collect(java.util.stream.Collectors.joining(","));
        ToolRun trained = ToolRun.of("train", "com.example.ResNetS", "--classpath", out.resolve("classes").toString(), "--data",
                pictures.toString(), "--epochs", "1", "--batch", "8", "--validation", "0", "--init-from",
                out.resolve("ResNetS.safetensors").toString(), "--freeze", frozen, "--out", dir.resolve("runs").toString(),
                "--backend", "java");
        assertEquals(0, trained.status(), trained.toString());
        assertTrue(trained.out().contains("skipped 2 (shape differs) [fc.weight: file (10, 32), network (2, 32), fc.bias: "
                + "file (10), network (2)]"), trained.out());
        var before = dev.kiln.runtime.io.SafeTensors.read(out.resolve("ResNetS.safetensors")).tensors();
        var after = dev.kiln.runtime.io.SafeTensors.read(dir.resolve("runs/best.safetensors")).tensors();
        for (String layer : frozen.split(",")) {
            assertTrue(java.util.Arrays.equals(before.get(layer + ".weight").data(), after.get(layer + ".weight").data()), layer);
        }
        assertFalse(java.util.Arrays.equals(new float[64], after.get("fc.weight").data()));

        ToolRun printed = ToolRun.of("infer", "com.example.LeNetB1", "--classpath", out.resolve("classes").toString(),
                "--weights", out.resolve("LeNetB1.safetensors").toString(), "--input", resource("zoo/lenet_b1.in.npy").toString(),
                "--output", "-", "--backend", "java");
        assertEquals(0, printed.status(), printed.toString());
        assertEquals(1, printed.out().lines().count(), printed.out());
        assertEquals(10, printed.out().strip().split(" ").length, printed.out());
    }

    @Test
    void inferRefusesArraysThatAreNotFloatImagesOfTheNetworksShape() throws Exception {
        Path weights = dir.resolve("lenet.safetensors");
        NetworkSpec spec = Models.find("LeNet5").spec();
        Checkpoints.save(weights, spec, Initializers.initialize(spec, 1), Map.of());
        Path wrongShape = Files.write(dir.resolve("shape.npy"), Npy.bytes(new Npy.Array(new long[] {2, 3, 28, 28},
                new float[2 * 3 * 28 * 28])));
        Path text = Files.write(dir.resolve("text.npy"), "0.5 0.25 0.125".getBytes(StandardCharsets.ISO_8859_1));
        byte[] f32 = Npy.bytes(new Npy.Array(new long[] {1, 1, 28, 28}, new float[28 * 28]));
        Path truncated = Files.write(dir.resolve("truncated.npy"), java.util.Arrays.copyOf(f32, f32.length - 100));
        String header = new String(f32, StandardCharsets.ISO_8859_1).replace("<f4", "<f8");
        byte[] f64 = new byte[f32.length + 28 * 28 * 4];
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, f64, 0, f32.length);
        Path doubles = Files.write(dir.resolve("doubles.npy"), f64);
        for (Object[] c : new Object[][] {{wrongShape, "has shape (2, 3, 28, 28); LeNet5 reads images (N, 1, 28, 28)"},
                {text, "is not a NumPy .npy file"}, {truncated, "is a damaged .npy file: shape [1, 1, 28, 28] needs 3136 bytes of "
                + "values, the file holds 3036"}, {doubles, "holds float64 values; Kiln reads float32 arrays"}}) {
            ToolRun run = ToolRun.of("infer", "LeNet5", "--weights", weights.toString(), "--input", c[0].toString(),
                    "--output", dir.resolve("y.npy").toString());
            assertEquals(1, run.status(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("kiln infer: ") && run.err().contains((String) c[1]), run.err());
        }
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void exportWritesTheNormalisationSoThatOnnxRuntimeTakesPredictsPixels() throws Exception {
        KilnModel model = Models.find("FashionCnn");
        NetworkSpec spec = model.spec();
        float[] params = Initializers.initialize(spec, 5);
        Path weights = dir.resolve("norm.safetensors");
        Checkpoints.save(weights, spec, params, spec.initialState(), Map.of("kiln.normalize", "0.286,0.353"));
        Path onnx = dir.resolve("norm.onnx");
        ToolRun run = ToolRun.of("export", "FashionCnn", "--weights", weights.toString(), "--onnx", onnx.toString());
        assertEquals(0, run.status(), run.toString());
        assertTrue(run.out().contains("pixels in [0, 1] normalised inside the graph with the checkpoint's 0.286,0.353"), run.out());
        int batch = 3;
        float[] pixels = new float[batch * spec.input().intSize()];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        float[] normalised = pixels.clone();
        for (int i = 0; i < normalised.length; i++) {
            normalised[i] = (normalised[i] - 0.286f) / 0.353f;
        }
        float[] kiln = new float[batch * spec.output().intSize()];
        try (Backend backend = Backends.open(model, "java", -1, OptimizerConfig.adam().build(),
                new PrintStream(OutputStream.nullOutputStream()))) {
            backend.setParameters(params);
            backend.setState(spec.initialState());
            backend.plan(batch);
            backend.predict(normalised, batch, kiln);
        }
        float[] ort = OnnxRuntimes.run(Files.readAllBytes(onnx), pixels, batch, 1, 28, 28);
        double error = OnnxRuntimes.relativeToLargest(ort, kiln);
        assertTrue(error <= 1e-5, "ONNX Runtime on pixels vs Kiln on normalised pixels: " + error);
    }

    @Test
    void importRefusesWhatKilnCannotExpressNamingTheNodeAndWritesNothing() throws Exception {
        Path lenet = resource("onnx/LeNetChain.onnx");
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

        // a max pool padding 2 on a 3x3 window: refused naming the node, where it used to write a spec that did not compile
        graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getOpType().equals("MaxPool")) {
                onnx.Onnx.NodeProto.Builder pool = graph.getNode(i).toBuilder().clearAttribute();
                pool.addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("strides", 2, 2)).addAttribute(ints("pads", 2, 2, 2, 2));
                graph.setNode(i, pool);
            }
        }
        Path padded = Files.write(dir.resolve("padded.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
        ToolRun pads = ToolRun.of("import", padded.toString(), "--name", "com.example.P", "--out", none.toString());
        assertEquals(1, pads.status(), pads.toString());
        assertTrue(pads.err().contains("(MaxPool) pads 2 on a 3x3 window"), pads.err());
        assertFalse(Files.exists(none), "nothing written");

        ToolRun noName = ToolRun.of("import", lenet.toString(), "--out", none.toString());
        assertEquals(2, noName.status());
        assertTrue(noName.err().contains("--name"), noName.err());
    }

    /** A picture folder of two classes, 12 pictures each: bright and dark noise. */
    private static Path pictures(Path root) throws Exception {
        SplittableRandom random = new SplittableRandom(4);
        for (String cls : java.util.List.of("bright", "dark")) {
            Path folder = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < 12; i++) {
                java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 20; x++) {
                        int v = (cls.equals("bright") ? 128 : 0) + random.nextInt(128);
                        image.setRGB(x, y, v << 16 | v << 8 | random.nextInt(256));
                    }
                }
                javax.imageio.ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    private static onnx.Onnx.AttributeProto ints(String name, long... values) {
        onnx.Onnx.AttributeProto.Builder a = onnx.Onnx.AttributeProto.newBuilder().setName(name)
                .setType(onnx.Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
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

    /** A fixture of the interop module's tests, copied out of its test jar under its own file name. */
    private Path resource(String name) throws Exception {
        Path file = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = InteropVerbsTest.class.getResourceAsStream("/" + name)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
