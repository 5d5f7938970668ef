package dev.kiln.interop.onnx;

import dev.kiln.dsl.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of an imported network as the Java source will declare it: the annotation's values,
 * the layers it reads ({@code from}, "input" for the network's input), its parameters in Kiln's
 * (PyTorch's) layout, and the ONNX nodes it came from. Built and refined by {@link OnnxToKiln}.
 */
final class KilnLayer {
    enum Kind { CONV2D, MAX_POOL2D, AVG_POOL2D, FLATTEN, DENSE, ADD, CONCAT, GLOBAL_AVG_POOL2D }

    /** A parameter tensor: PyTorch's shape and row-major values. */
    record Tensor(int[] shape, float[] values) {}

    final Kind kind;
    String name;
    /** One entry per input, in order; null for the network's input. */
    final List<KilnLayer> from = new ArrayList<>();
    final List<String> nodes = new ArrayList<>();
    int units;
    int[] kernel;
    int[] stride;
    /** top, left, bottom, right */
    int[] pads = new int[4];
    boolean same;
    boolean replicate;
    int[] dilation = {1, 1};
    Activation activation = Activation.NONE;
    final Map<String, Tensor> params = new LinkedHashMap<>();
    /** Output (C, H, W), or (units, 1, 1) for a vector. */
    long c, h, w;
    boolean vector;

    KilnLayer(Kind kind, String node) {
        this.kind = kind;
        nodes.add(node);
    }

    boolean hasBias() {
        return params.containsKey("bias");
    }

    boolean carriesActivation() {
        return kind == Kind.CONV2D || kind == Kind.DENSE || kind == Kind.ADD;
    }
}
