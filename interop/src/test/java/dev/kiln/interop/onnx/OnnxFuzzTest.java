package dev.kiln.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.interop.InteropException;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.interop.imports.SpecSource;
import dev.kiln.runtime.KilnException;
import dev.kiln.runtime.io.AllocationMeter;
import dev.kiln.runtime.io.ByteMutator;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of ONNX import (issue 12), as the checkpoint reader is fuzzed: {@code kiln.fuzz.files}
 * mutants (10,000 by default) of two models, PyTorch's LeNetChain and a small Kiln export with
 * every layer option, each parsed and mapped as {@code kiln import} does. Blind byte mutations,
 * and structural ones made through protobuf: absurd and negative dimensions, initializers shorter
 * than they claim, cycles, unknown op types, boundary attribute values, inputs nobody produces.
 * The only exception allowed is Kiln's; an OutOfMemoryError or any other throwable fails with
 * the mutation, and so does a case that allocates more than {@value #MAX_BYTES_PER_CASE} bytes.
 */
class OnnxFuzzTest {
    private static final int CASES = Integer.getInteger("kiln.fuzz.files", 10_000);
    private static final long MAX_BYTES_PER_CASE = 64L << 20;
    private static final long[] BOUNDARY = {-1, 0, 1, 2, 3, 1L << 31, (1L << 31) - 1, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, 65537};
    private static final String[] OPS = {"Conv", "Add", "Loop", "If", "Concat", "Reshape", "Slice", "ConstantOfShape",
        "Gather", "Unsqueeze", "Transpose", "Pad", "MaxPool", "AveragePool", "Gemm", "MatMul", "BatchNormalization",
        "Softmax", "Flatten", "Shape", "Identity", "Cast", "Constant", "Squeeze", "LSTM"};

    static byte[] smallKilnModel() {
        NetworkSpec spec = smallSpec();
        return OnnxExport.bytes(spec, smallParams(spec), 13);
    }

    static float[] smallParams(NetworkSpec spec) {
        float[] params = new float[spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) Math.cos(i * 0.7) * 0.5f;
        }
        return params;
    }

    static NetworkSpec smallSpec() {
        return SpecBuilder.of("x.Small", 2, 7, 6, Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("same", 2, 3, 2, 2, 1, 1, 1, PaddingMode.ZEROS, true, Activation.LEAKY_RELU, Init.DEFAULT)
                .conv("rep", 2, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 2), false, PaddingMode.REPLICATE, false,
                        Activation.TANH, Init.DEFAULT)
                .avgPool("avg", Window.symmetric(2, 2, 1, 1, 1, 1, 1, 1))
                .maxPool("max", Window.symmetric(2, 2, 2, 2, 0, 0, 1, 1))
                .flatten("flat")
                .dense("out", 3, true, Activation.SOFTMAX, Init.DEFAULT)
                .build();
    }

    @Test
    void mutantsOnlyEverGiveKilnExceptions() throws Exception {
        // PyTorch 1.13's LeNet, Kiln's own export, and PyTorch 2.13's dynamo export of a conv net ending in x.mean((2, 3))
        // (metadata with module names, ReduceMean with axes as an input, a folded batch norm)
        List<byte[]> originals = List.of(Files.readAllBytes(OnnxImportTest.fixture("LeNetChain.onnx")), smallKilnModel(),
                Files.readAllBytes(Path.of(OnnxFuzzTest.class.getResource("/zoo/meanhead.dyn.onnx").toURI())));
        SplittableRandom random = new SplittableRandom(Long.getLong("kiln.fuzz.seed", 1212L));
        int refused = 0, imported = 0;
        long maxAllocated = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] original = originals.get(random.nextInt(originals.size()));
            StringBuilder log = new StringBuilder();
            byte[] mutant = random.nextInt(10) < 6 ? ByteMutator.mutate(original, random, log) : structural(original, random, log);
            long before = AllocationMeter.allocatedBytes();
            try {
                SpecSource.draft("com.example.M", OnnxImport.map(OnnxModels.parse(mutant, "mutant"), "mutant"), "mutant");
                imported++;
            } catch (KilnException expected) {
                refused++;
            } catch (Throwable t) {
                fail("case " + c + " (" + log + ") threw " + t, t);
            }
            long allocated = AllocationMeter.allocatedBytes() - before;
            if (allocated > MAX_BYTES_PER_CASE) {
                fail("case " + c + " (" + log + ") allocated " + allocated + " bytes for a " + mutant.length + "-byte model");
            }
            maxAllocated = Math.max(maxAllocated, allocated);
        }
        System.out.printf("[kiln.fuzz.files] %d ONNX mutants: %d refused with a KilnException, %d imported (mutations that"
                + " stay valid), 0 other exceptions; at most %d bytes allocated by one case%n", CASES, refused, imported,
                maxAllocated);
    }

    @Test
    void deeplyNestedGraphsAreRefusedWithoutAStackOverflow() throws Exception {
        // graph { node { attribute { g: graph { node { attribute { g: ... } } } } } }, 5,000 deep
        byte[] inner = new byte[0];
        for (int d = 0; d < 5_000; d++) {
            inner = field(6, inner);   // AttributeProto.g
            inner = field(5, inner);   // NodeProto.attribute
            inner = field(1, inner);   // GraphProto.node
        }
        byte[] model = field(7, inner); // ModelProto.graph
        InteropException e = assertThrows(InteropException.class, () -> OnnxModels.parse(model, "nested"));
        assertTrue(e.getMessage().contains("nested") && e.getMessage().toLowerCase().contains("recursion"), e.getMessage());
    }

    @Test
    void aConstantOfShapeOfAbsurdSizeIsRefusedBeforeAllocating() throws Exception {
        ModelProto m = ModelProto.parseFrom(smallKilnModel());
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.addInitializer(TensorProto.newBuilder().setName("huge").setDataType(TensorProto.DataType.INT64_VALUE).addDims(2)
                .addInt64Data(1L << 20).addInt64Data(1L << 20));
        g.addNode(0, NodeProto.newBuilder().setOpType("ConstantOfShape").setName("boom").addInput("huge").addOutput("big"));
        long before = AllocationMeter.allocatedBytes();
        byte[] bytes = m.toBuilder().setGraph(g).build().toByteArray();
        InteropException e = assertThrows(InteropException.class,
                () -> SpecSource.draft("com.example.M", OnnxImport.map(OnnxModels.parse(bytes, "m"), "m"), "m"));
        assertTrue(e.getMessage().contains("'boom' (ConstantOfShape)"), e.getMessage());
        assertTrue(AllocationMeter.allocatedBytes() - before < MAX_BYTES_PER_CASE);
    }

    @Test
    void aCycleIsRefusedNamingANodeOnIt() throws Exception {
        ModelProto m = ModelProto.parseFrom(smallKilnModel());
        GraphProto.Builder g = m.getGraph().toBuilder();
        // the first conv reads the output of the last node
        String last = g.getNode(g.getNodeCount() - 1).getOutput(0);
        g.setNode(0, g.getNode(0).toBuilder().setInput(0, last));
        byte[] bytes = m.toBuilder().setGraph(g).build().toByteArray();
        InteropException e = assertThrows(InteropException.class,
                () -> SpecSource.draft("com.example.M", OnnxImport.map(OnnxModels.parse(bytes, "m"), "m"), "m"));
        assertTrue(e.getMessage().contains("cycle through node"), e.getMessage());
    }

    @Test
    void anUnknownOpIsRefusedNamingTheNodeAndItsType() throws Exception {
        ModelProto m = ModelProto.parseFrom(smallKilnModel());
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setNode(1, g.getNode(1).toBuilder().setOpType("Elu").setName("odd"));
        byte[] bytes = m.toBuilder().setGraph(g).build().toByteArray();
        InteropException e = assertThrows(InteropException.class,
                () -> SpecSource.draft("com.example.M", OnnxImport.map(OnnxModels.parse(bytes, "m.onnx"), "m.onnx"), "m.onnx"));
        assertTrue(e.getMessage().startsWith("m.onnx: node 'odd' (Elu) is not an op Kiln imports"), e.getMessage());
    }

    /** A length-delimited field {@code number} holding {@code content}. */
    private static byte[] field(int number, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length + 8);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeByteArray(number, content);
        out.flush();
        return bytes.toByteArray();
    }

    /** One structural mutation made through protobuf, so that the bytes stay well-formed and the meaning does not. */
    private static byte[] structural(byte[] original, SplittableRandom random, StringBuilder log) throws Exception {
        ModelProto.Builder m = ModelProto.parseFrom(original).toBuilder();
        GraphProto.Builder g = m.getGraphBuilder();
        int nodes = g.getNodeCount();
        int inits = g.getInitializerCount();
        switch (random.nextInt(8)) {
            case 0 -> {
                int t = random.nextInt(inits);
                TensorProto.Builder tb = g.getInitializerBuilder(t);
                if (tb.getDimsCount() > 0) {
                    long v = BOUNDARY[random.nextInt(BOUNDARY.length)];
                    int d = random.nextInt(tb.getDimsCount());
                    log.append("dim ").append(tb.getName()).append('[').append(d).append("]=").append(v);
                    tb.setDims(d, v);
                }
            }
            case 1 -> {
                TensorProto.Builder tb = g.getInitializerBuilder(random.nextInt(inits));
                ByteString raw = tb.getRawData();
                log.append("truncate ").append(tb.getName());
                tb.setRawData(raw.substring(0, raw.isEmpty() ? 0 : random.nextInt(raw.size())));
            }
            case 2 -> {
                int i = random.nextInt(nodes), j = random.nextInt(i, nodes);
                NodeProto.Builder nb = g.getNodeBuilder(i);
                if (nb.getInputCount() > 0 && g.getNode(j).getOutputCount() > 0) {
                    log.append("cycle ").append(i).append("<-").append(j);
                    nb.setInput(random.nextInt(nb.getInputCount()), g.getNode(j).getOutput(0));
                }
            }
            case 3 -> {
                int i = random.nextInt(nodes);
                String op = OPS[random.nextInt(OPS.length)];
                log.append("op ").append(i).append('=').append(op);
                g.getNodeBuilder(i).setOpType(op);
            }
            case 4 -> {
                NodeProto.Builder nb = g.getNodeBuilder(random.nextInt(nodes));
                if (nb.getAttributeCount() > 0) {
                    int a = random.nextInt(nb.getAttributeCount());
                    AttributeProto.Builder ab = nb.getAttributeBuilder(a);
                    long v = BOUNDARY[random.nextInt(BOUNDARY.length)];
                    log.append("attr ").append(nb.getName()).append('.').append(ab.getName()).append('=').append(v);
                    ab.setI(v);
                    for (int k = 0; k < ab.getIntsCount(); k++) {
                        ab.setInts(k, random.nextBoolean() ? v : ab.getInts(k));
                    }
                    ab.setF(random.nextBoolean() ? Float.NaN : (float) v);
                }
            }
            case 5 -> {
                int i = random.nextInt(nodes);
                log.append("remove node ").append(i);
                g.removeNode(i);
            }
            case 6 -> {
                int t = random.nextInt(inits);
                log.append("remove initializer ").append(g.getInitializer(t).getName());
                g.removeInitializer(t);
            }
            default -> {
                int i = random.nextInt(nodes), j = random.nextInt(nodes);
                log.append("swap ").append(i).append(',').append(j);
                NodeProto a = g.getNode(i), b = g.getNode(j);
                g.setNode(i, b).setNode(j, a);
            }
        }
        return m.build().toByteArray();
    }
}
