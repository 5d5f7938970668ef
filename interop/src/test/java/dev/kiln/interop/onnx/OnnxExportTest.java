package dev.kiln.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dsl.Activation;
import dev.kiln.dsl.Init;
import dev.kiln.dsl.Loss;
import dev.kiln.dsl.PaddingMode;
import dev.kiln.interop.InteropException;
import dev.kiln.reference.RandomGraphs;
import dev.kiln.reference.ReferenceNetwork;
import dev.kiln.reference.SpecBuilder;
import dev.kiln.spec.AddOp;
import dev.kiln.spec.AvgPool2dOp;
import dev.kiln.spec.BatchNormOp;
import dev.kiln.spec.ConcatOp;
import dev.kiln.spec.Conv2dOp;
import dev.kiln.spec.GlobalAvgPool2dOp;
import dev.kiln.spec.NetworkSpec;
import dev.kiln.spec.Window;
import java.util.SplittableRandom;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;

/**
 * Exported networks run in ONNX Runtime and agree with Kiln's double-precision reference forward
 * pass (which the generated Java and OpenCL code are checked against) within 1e-4 relative, over
 * {@code kiln.onnx.random} random networks (200 by default) of the whole grammar, at opsets 13 and 21.
 */
class OnnxExportTest {
    private static final int RANDOM = Integer.getInteger("kiln.onnx.random", 200);
    static final double TOLERANCE = 1e-4;

    @Test
    void randomNetworksRunInOnnxRuntimeAsInKiln() throws Exception {
        SplittableRandom random = new SplittableRandom(1212);
        double worst = 0;
        int replicate = 0, asymmetric = 0, avg = 0, graphOps = 0;
        for (int n = 0; n < RANDOM; n++) {
            NetworkSpec spec = RandomGraphs.next(random, "random.Net" + n, false);
            int opset = n % 2 == 0 ? 13 : 21;
            double error = compare(spec, random, 3, opset);
            worst = Math.max(worst, error);
            assertTrue(error <= TOLERANCE, "network " + n + " " + spec + " at opset " + opset + ": relative error " + error);
            for (var l : spec.layers()) {
                if (l instanceof Conv2dOp c && c.paddingMode() == PaddingMode.REPLICATE && c.window().padTop() + c.window().padLeft() > 0) {
                    replicate++;
                }
                if (l instanceof Conv2dOp c && c.window().padTop() != c.window().padBottom()) {
                    asymmetric++;
                }
                avg += l instanceof AvgPool2dOp ? 1 : 0;
                graphOps += l instanceof AddOp || l instanceof ConcatOp || l instanceof BatchNormOp || l instanceof GlobalAvgPool2dOp ? 1 : 0;
            }
        }
        System.out.printf("[kiln.onnx.random] %d random networks (%d replicate-padded convs, %d asymmetric paddings,"
                + " %d average pools, %d adds, concats, batch norms and global average pools): ONNX Runtime vs Kiln's"
                + " reference, max relative error %.2e%n", RANDOM, replicate, asymmetric, avg, graphOps, worst);
    }

    @Test
    void everyOptionOnceWithPyTorchAveragePoolSemantics() throws Exception {
        // hand-picked: Keras same with an asymmetric split, replicate padding, dilation, padded average pool
        NetworkSpec spec = SpecBuilder.of("x.AllOptions", 2, 9, 8, Loss.SOFTMAX_CROSS_ENTROPY)
                .convSame("same", 3, 4, 3, 2, 1, 1, 1, PaddingMode.ZEROS, true, Activation.LEAKY_RELU, Init.DEFAULT)
                .conv("rep", 4, Window.symmetric(3, 3, 1, 1, 2, 1, 2, 1), false, PaddingMode.REPLICATE, false,
                        Activation.TANH, Init.DEFAULT)
                .avgPool("avg", Window.symmetric(3, 3, 2, 2, 1, 1, 1, 1))
                .maxPool("max", Window.symmetric(2, 2, 1, 1, 1, 1, 1, 1))
                .flatten("flat")
                .dense("h", 7, true, Activation.SIGMOID, Init.DEFAULT)
                .dropout("drop", 0.5)
                .dense("out", 4, true, Activation.SOFTMAX, Init.DEFAULT)
                .build();
        double error = compare(spec, new SplittableRandom(5), 4, 13);
        assertTrue(error <= TOLERANCE, "relative error " + error);
        ModelProto model = OnnxExport.model(spec, new float[spec.parameterCount()], 13);
        assertEquals(java.util.List.of("Conv", "LeakyRelu", "Pad", "Conv", "Tanh", "AveragePool", "MaxPool", "Flatten",
                "Gemm", "Sigmoid", "Gemm", "Softmax"), model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
        NodeProto same = model.getGraph().getNode(0);
        assertEquals(java.util.List.of(1L, 1L, 2L, 1L), same.getAttributeList().stream()
                .filter(a -> a.getName().equals("pads")).findFirst().orElseThrow().getIntsList(), "Keras same: the larger half at the bottom/right");
        assertEquals("input", model.getGraph().getInput(0).getName());
        assertEquals("output", model.getGraph().getOutput(0).getName());
        assertEquals("batch", model.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    }

    /**
     * Ceil-mode pools as ONNX Runtime runs them, at both ends of the opset range. The 3x2 window with stride 2 and
     * padding 1 on a 6x5 input: along the height ceil mode keeps a fourth window ([5, 8) starts inside the input;
     * floor mode gives 3), along the width PyTorch drops ceil's fourth window ([6, 8) starts in the right padding),
     * which ONNX's {@code ceil_mode} would keep: the export is floor mode with one more row of padding at the bottom
     * (read as nothing), and for the average that counts the padding a product with the ratio of the window's
     * area to PyTorch's divisor.
     */
    @Test
    void ceilModePoolsAsPyTorchWhereOnnxCeilModeDiffers() throws Exception {
        Window w = new Window(3, 2, 2, 2, 1, 1, 1, 1, 1, 1);
        for (boolean countPad : new boolean[] {true, false}) {
            NetworkSpec spec = SpecBuilder.of("x.Ceil", 2, 6, 5, Loss.SOFTMAX_CROSS_ENTROPY)
                    .avgPool("avg", w, true, countPad)
                    .from("input").maxPool("max", w, true)
                    .from("avg", "max").concat("both")
                    .flatten("flat")
                    .dense("out", 3, true, Activation.NONE, Init.DEFAULT)
                    .build();
            assertEquals(dev.kiln.spec.Shape.of(2, 4, 3), spec.layer("avg").output(), "PyTorch's sizes");
            for (int opset : new int[] {13, 21}) {
                double error = compare(spec, new SplittableRandom(opset), 3, opset);
                assertTrue(error <= TOLERANCE, "count_include_pad " + countPad + ", opset " + opset + ": relative error " + error);
            }
            ModelProto model = OnnxExport.model(spec, new float[spec.parameterCount()], 13);
            assertEquals(countPad ? java.util.List.of("AveragePool", "Mul", "MaxPool", "Concat", "Flatten", "Gemm")
                    : java.util.List.of("AveragePool", "MaxPool", "Concat", "Flatten", "Gemm"),
                    model.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
        }
    }

    @Test
    void opsetsOutsideTheRangeAreRefused() {
        NetworkSpec spec = SpecBuilder.of("x.Tiny", 1, 4, 4, Loss.MEAN_SQUARED_ERROR)
                .conv("c", 1, Window.symmetric(3, 3, 1, 1, 1, 1, 1, 1), false, PaddingMode.ZEROS, true, Activation.NONE, Init.DEFAULT)
                .build();
        InteropException e = assertThrows(InteropException.class, () -> OnnxExport.model(spec, new float[10], 12));
        assertTrue(e.getMessage().contains("opsets 13 to 21"), e.getMessage());
    }

    /** Exports {@code spec} with random weights, runs a random batch in ONNX Runtime and in the reference; the relative error. */
    static double compare(NetworkSpec spec, SplittableRandom random, int batch, int opset) throws Exception {
        float[] params = new float[spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) random.nextDouble(-0.6, 0.6);
        }
        int inSize = spec.input().intSize();
        float[] input = new float[batch * inSize];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextDouble(-1, 1);
        }
        // running statistics away from (0, 1), so that evaluation-mode batch norm does something
        float[] state = spec.initialState();
        for (var p : spec.state()) {
            boolean variance = p.name().endsWith(".running_var");
            boolean count = p.name().endsWith(".num_batches_tracked");
            for (int i = 0; i < p.size() && !count; i++) {
                state[p.offset() + i] = (float) (variance ? random.nextDouble(0.3, 2) : random.nextDouble(-0.5, 0.5));
            }
        }
        byte[] model = OnnxExport.bytes(spec, params, state, opset);
        float[] ort = OnnxRuntimes.run(model, input, batch, spec.input().channels(), spec.input().height(), spec.input().width());
        double[][] outputs = new ReferenceNetwork(spec).forward(toDouble(params), toDouble(state), toDouble(input), batch, false, 0);
        return OnnxRuntimes.maxRelativeError(ort, outputs[outputs.length - 1]);
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
