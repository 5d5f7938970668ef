package dev.kiln.interop.onnx;

import static dev.kiln.interop.onnx.Value.BATCH;

import dev.kiln.interop.InteropException;
import dev.kiln.interop.imports.Activation;
import dev.kiln.interop.imports.ImportedLayer;
import dev.kiln.interop.imports.ImportedNetwork;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.interop.onnx.Value.Act;
import dev.kiln.interop.onnx.Value.Elementwise;
import dev.kiln.interop.onnx.Value.Floats;
import dev.kiln.interop.onnx.Value.Grouped;
import dev.kiln.interop.onnx.Value.Ints;
import dev.kiln.interop.onnx.Value.Padded;
import dev.kiln.interop.onnx.Value.Shuffled;
import dev.kiln.spec.Window;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * The one place where import maps ONNX onto Kiln's layers: walks the graph in dependency order and
 * builds {@link ImportedLayer}s, merging what Kiln declares on one layer (a Pad into the next conv, a
 * batch norm into the conv or dense layer before it when nothing else reads that layer, MatMul + Add
 * into a dense layer with a bias, an activation into the layer it follows).
 * <ul>
 *   <li>Integer side computations are evaluated ({@link ShapeArithmetic}).</li>
 *   <li>Element-wise ops on one tensor (Relu, Clip, HardSigmoid, Sigmoid, Erf, Add/Sub/Mul/Div with a
 *       constant or with the same tensor) are collected as an {@link ElementwiseForm} and identified when
 *       something else reads them: a Kiln activation of the layer they follow, or, on the network's input,
 *       the normalisation ({@code Sub}/{@code Div} per channel).</li>
 *   <li>Layers: Conv (grouped too), MaxPool/AveragePool (ceil mode, count_include_pad), GlobalAveragePool
 *       and ReduceMean over the spatial axes, Gemm/MatMul, Add/Sum and Mul of two tensors, Concat, Split
 *       and Slice on channels, the Reshape/Transpose/Reshape of a channel shuffle, BatchNormalization.</li>
 * </ul>
 * Any other op, or an op used in a way Kiln cannot express, is refused naming the node and its op type.
 */
final class OnnxToKiln {
    private static final long MAX_SIDE = 1 << 16;

    private final String file;
    private final ExternalData external;
    private final Map<String, Value> values = new HashMap<>();
    /** Readers of each tensor that use its values (Shape, which reads only its shape, is not one). */
    private final Map<String, List<NodeProto>> readers = new HashMap<>();
    private final List<ImportedLayer> layers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Elementwise, Act> resolved = new IdentityHashMap<>();
    private Normalization normalize;
    private boolean batchIsOne;
    private Node node;

    private OnnxToKiln(String file, Path folder) {
        this.file = file;
        this.external = folder == null ? ExternalData.NONE : new ExternalData(folder);
    }

    /** Maps {@code model}; {@code folder} holds its external data files (null: none can be read). */
    static ImportedNetwork map(ModelProto model, String file, Path folder) {
        return new OnnxToKiln(file, folder).walk(model);
    }

    private ImportedNetwork walk(ModelProto model) {
        GraphProto g = model.getGraph();
        long opset = 0;
        for (var o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
            }
        }
        for (TensorProto t : g.getInitializerList()) {
            values.put(t.getName(), ShapeArithmetic.constant(t, file + ": initializer " + t.getName(), external));
        }
        ValueInfoProto input = null;
        for (ValueInfoProto v : g.getInputList()) {
            if (!values.containsKey(v.getName())) {
                if (input != null) {
                    throw new InteropException(file + " has inputs " + input.getName() + " and " + v.getName()
                            + "; a Kiln network has one image input");
                }
                input = v;
            }
        }
        if (input == null) {
            throw new InteropException(file + " has no input besides its weights");
        }
        long[] in = inputShape(input);
        values.put(input.getName(), new Act(null, in[0], in[1], in[2], false, input.getName()));
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Shape")) {
                continue;
            }
            for (String i : n.getInputList()) {
                readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        if (g.getOutputCount() != 1) {
            throw new InteropException(file + " has " + g.getOutputCount() + " outputs; a Kiln network has one");
        }
        String outputName = g.getOutput(0).getName();
        readers.computeIfAbsent(outputName, k -> new ArrayList<>()).add(NodeProto.newBuilder().setName("(graph output)")
                .setOpType("Output").build());
        for (NodeProto n : ordered(g)) {
            node = new Node(n, file, values);
            apply();
        }
        node = new Node(NodeProto.newBuilder().setName(outputName).setOpType("graph output").addInput(outputName).build(),
                file, values);
        Act out = act(0);
        if (out.layer() == null || layers.isEmpty()) {
            throw new InteropException(file + ": the output " + outputName + " is not produced by a layer Kiln can express");
        }
        if (out.layer() != layers.get(layers.size() - 1)) {
            throw new InteropException(file + ": the output " + outputName + " comes from node " + out.layer().origin()
                    + ", but layers after it compute something else that is not used");
        }
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).strip();
        return new ImportedNetwork(in[0], in[1], in[2], layers, producer.isEmpty() ? "unknown producer" : producer,
                "ONNX opset " + opset, normalize, notes);
    }

    private long[] inputShape(ValueInfoProto input) {
        String what = file + ": input " + input.getName();
        if (!input.getType().hasTensorType() || input.getType().getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new InteropException(what + " is not a float32 tensor");
        }
        TensorShapeProto s = input.getType().getTensorType().getShape();
        if (s.getDimCount() != 4) {
            throw new InteropException(what + " has " + s.getDimCount() + " dimensions; Kiln's networks read images (N, C, H, W)");
        }
        // a batch fixed at 1 (an export without a dynamic batch) turns x.view(x.size(0), -1) into a Reshape to [1, C*H*W]
        batchIsOne = s.getDim(0).hasDimValue() && s.getDim(0).getDimValue() == 1;
        long[] chw = new long[3];
        for (int i = 1; i < 4; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > MAX_SIDE) {
                throw new InteropException(what + ": dimension " + i + " is " + (d.hasDimValue() ? d.getDimValue()
                        : "'" + d.getDimParam() + "'") + "; Kiln needs fixed channels, height and width from 1 to " + MAX_SIDE);
            }
            chw[i - 1] = d.getDimValue();
        }
        return chw;
    }

    /** Nodes in dependency order (Kahn); a cycle or an input nobody produces is refused. */
    private List<NodeProto> ordered(GraphProto g) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            for (String o : g.getNode(i).getOutputList()) {
                if (!o.isEmpty() && (producer.put(o, i) != null || values.containsKey(o))) {
                    throw new InteropException(file + ": tensor " + o + " is produced twice (node " + Node.describe(g.getNode(i)) + ")");
                }
            }
        }
        int[] waiting = new int[g.getNodeCount()];
        Map<Integer, List<Integer>> next = new HashMap<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : g.getNode(i).getInputList()) {
                if (in.isEmpty() || values.containsKey(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new InteropException(file + ": node " + Node.describe(g.getNode(i)) + " reads " + in
                            + ", which no node, initializer or input provides");
                }
                if (deps.add(p)) {
                    next.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                    waiting[i]++;
                }
            }
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < waiting.length; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(g.getNode(i));
            for (int j : next.getOrDefault(i, List.of())) {
                if (--waiting[j] == 0) {
                    ready.add(j);
                }
            }
        }
        if (order.size() != g.getNodeCount()) {
            for (int i = 0; i < waiting.length; i++) {
                if (waiting[i] > 0) {
                    throw new InteropException(file + ": the graph has a cycle through node " + Node.describe(g.getNode(i)));
                }
            }
        }
        return order;
    }

    // ------------------------------------------------------------------ ops

    private void apply() {
        NodeProto n = node.proto;
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            throw node.refuse("is in domain " + n.getDomain() + "; Kiln imports standard ONNX ops");
        }
        switch (n.getOpType()) {
            case "Constant" -> put(0, ShapeArithmetic.constantNode(node, file, external));
            case "Identity", "Dropout" -> passThrough();
            case "Cast" -> put(0, ShapeArithmetic.cast(node));
            case "Shape" -> put(0, shape());
            case "Gather" -> put(0, ShapeArithmetic.gather(node));
            case "Unsqueeze" -> put(0, ShapeArithmetic.unsqueeze(node));
            case "Squeeze" -> put(0, ShapeArithmetic.squeeze(node));
            case "ConstantOfShape" -> put(0, ShapeArithmetic.constantOfShape(node, file, external));
            case "Concat" -> put(0, node.in(0) instanceof Ints ? ShapeArithmetic.concat(node) : concat());
            case "Slice" -> put(0, node.in(0) instanceof Ints ? ShapeArithmetic.slice(node) : slice());
            case "Transpose" -> put(0, node.in(0) instanceof Ints ? ShapeArithmetic.transpose(node) : transpose());
            case "Reshape" -> put(0, reshape());
            case "Split" -> split();
            case "Flatten" -> put(0, flatten());
            case "Pad" -> put(0, pad());
            case "Conv" -> put(0, conv());
            case "MaxPool", "AveragePool" -> put(0, pool());
            case "GlobalAveragePool" -> put(0, spatialMean(image(0), true));
            case "ReduceMean" -> put(0, reduceMean());
            case "Gemm" -> put(0, gemm());
            case "MatMul" -> put(0, matMul());
            case "Add", "Sub", "Mul", "Div" -> put(0, binary());
            case "Sum" -> put(0, sum());
            case "BatchNormalization" -> put(0, batchNorm());
            case "Relu" -> put(0, unary(x -> Math.max(0, x)));
            case "LeakyRelu" -> {
                double alpha = node.floatAttr("alpha", 0.01f);
                put(0, unary(x -> x >= 0 ? x : alpha * x));
            }
            case "Sigmoid" -> put(0, unary(x -> 1 / (1 + Math.exp(-x))));
            case "Tanh" -> put(0, unary(Math::tanh));
            case "Erf" -> put(0, unary(Activation::erf));
            case "Neg" -> put(0, unary(x -> -x));
            case "Clip" -> put(0, clip());
            case "HardSigmoid" -> {
                double alpha = node.floatAttr("alpha", 0.2f);
                double beta = node.floatAttr("beta", 0.5f);
                put(0, unary(x -> Math.max(0, Math.min(1, alpha * x + beta))));
            }
            case "HardSwish" -> put(0, unary(x -> x * Math.max(0, Math.min(1, x / 6 + 0.5))));
            case "Gelu" -> {
                String approximate = node.stringAttr("approximate", "none");
                double k = Math.sqrt(2 / Math.PI);
                put(0, unary(approximate.equals("tanh") ? x -> 0.5 * x * (1 + Math.tanh(k * (x + 0.044715 * x * x * x)))
                        : x -> 0.5 * x * (1 + Activation.erf(x / Math.sqrt(2)))));
            }
            case "Softmax" -> put(0, softmax());
            default -> throw node.refuse("is not an op Kiln imports. Kiln imports Conv (grouped too), Gemm, MatMul + Add, "
                    + "BatchNormalization, MaxPool, AveragePool, GlobalAveragePool, ReduceMean over height and width, "
                    + "Add, Sum, Mul, Concat, Split and Slice on channels, the Reshape/Transpose/Reshape of a channel shuffle, "
                    + "Flatten and Reshape that flatten, Pad before a conv, Relu, LeakyRelu, Sigmoid, Tanh, Clip, HardSigmoid, "
                    + "HardSwish, Gelu, Erf and the arithmetic that spells activations, Softmax, Dropout, Identity, and the "
                    + "integer shape computations exporters write");
        }
        if (!n.getOpType().equals("Split")) {
            for (int i = 1; i < n.getOutputCount(); i++) {
                String extra = n.getOutput(i);
                if (!extra.isEmpty() && !readers.getOrDefault(extra, List.of()).isEmpty()) {
                    throw node.refuse("output " + i + " (" + extra + ") is used; Kiln imports only the first output of "
                            + n.getOpType());
                }
            }
        }
    }

    private void put(int output, Value v) {
        if (node.proto.getOutputCount() <= output || node.proto.getOutput(output).isEmpty()) {
            throw node.refuse("has no output");
        }
        String name = node.proto.getOutput(output);
        values.put(name, v instanceof Act a ? a.withTensor(name) : v);
    }

    /** Identity, Dropout: the same value under a new name; a layer's output keeps its own tensor when others read it. */
    private void passThrough() {
        Value v = node.in(0);
        if (v instanceof Act a && readers(node.input(0)) > 1) {
            values.put(node.proto.getOutput(0), a);
            return;
        }
        put(0, v);
    }

    private int readers(String tensor) {
        return readers.getOrDefault(tensor, List.of()).size();
    }

    /** Input {@code i} as a layer's output: an element-wise form waiting on it is identified (and joined) now. */
    private Act act(int i) {
        Value v = node.in(i);
        if (v instanceof Act a) {
            return a;
        }
        if (v instanceof Elementwise e) {
            return resolve(e);
        }
        if (v instanceof Padded) {
            throw node.refuse("reads a padded image; Kiln pads only as part of a conv or average pool");
        }
        if (v instanceof Grouped) {
            throw node.refuse("reads channels viewed as groups; Kiln imports that view only as the first step of a "
                    + "channel shuffle (Reshape, Transpose of the two group axes, Reshape back)");
        }
        if (v instanceof Shuffled) {
            throw node.refuse("reads a channel shuffle that is not reshaped back to (N, C, H, W)");
        }
        throw node.refuse("reads constant " + node.input(i) + " where Kiln expects the output of a layer");
    }

    private Act image(int i) {
        Act a = act(i);
        if (a.vector()) {
            throw node.refuse("reads a vector where it needs an image (N, C, H, W)");
        }
        return a;
    }

    // ------------------------------------------------------------------ element-wise forms

    private static boolean isActivationLike(Value v) {
        return v instanceof Act || v instanceof Elementwise;
    }

    /** Input {@code i} as an element-wise form (the tensor itself for a layer's output). */
    private Elementwise elementwise(int i) {
        Value v = node.in(i);
        if (v instanceof Elementwise e) {
            return e;
        }
        if (v instanceof Act a) {
            return new Elementwise(a.tensor() == null ? a.withTensor(node.input(i)) : a, ElementwiseForm.identity(), 1, List.of());
        }
        act(i); // refuses with the reason
        throw node.refuse("reads " + node.input(i) + " where it needs a tensor");
    }

    private Elementwise extend(Elementwise e, ElementwiseForm form) {
        List<String> nodes = new ArrayList<>(e.nodes());
        nodes.add(node.describe());
        return new Elementwise(e.source(), form, e.uses(), nodes);
    }

    private Value unary(DoubleUnaryOperator f) {
        Elementwise e = elementwise(0);
        return extend(e, ElementwiseForm.unary(e.form(), f));
    }

    private Value clip() {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (node.hasAttr("min") || node.hasAttr("max")) {
            lo = node.floatAttr("min", Float.NEGATIVE_INFINITY);
            hi = node.floatAttr("max", Float.POSITIVE_INFINITY);
        }
        if (node.hasInput(1)) {
            lo = scalar(node.floats(1));
        }
        if (node.hasInput(2)) {
            hi = scalar(node.floats(2));
        }
        double low = lo;
        double high = hi;
        return unary(x -> Math.min(Math.max(x, low), high));
    }

    private double scalar(Floats f) {
        if (f.values().length != 1) {
            throw node.refuse("has a bound of " + f.values().length + " values; Kiln imports a clip to scalar bounds");
        }
        return f.values()[0];
    }

    /** The element-wise form {@code e op constant} (or {@code constant op e} when {@code constantFirst}). */
    private Value withConstant(Elementwise e, Floats constant, DoubleBinaryOperator op, boolean constantFirst) {
        Act src = e.source();
        long count = constant.values().length;
        if (count != 1) {
            long[] dims = constant.dims();
            int start = 0;
            while (start < dims.length && dims[start] == 1 && dims.length - start > (src.vector() ? 1 : 3)) {
                start++;
            }
            long[] rest = Arrays.copyOfRange(dims, start, dims.length);
            boolean perChannel = src.vector() ? Arrays.equals(rest, new long[] {src.c()})
                    : Arrays.equals(rest, new long[] {src.c(), 1, 1});
            if (!perChannel) {
                throw node.refuse("combines a tensor of shape " + shapeText(src) + " with a constant of shape "
                        + Arrays.toString(dims) + "; Kiln imports constants of one value or one per channel here");
            }
        }
        ElementwiseForm k = ElementwiseForm.constant(constant.values());
        return extend(e, constantFirst ? ElementwiseForm.binary(k, e.form(), op) : ElementwiseForm.binary(e.form(), k, op));
    }

    /**
     * The layer output {@code e} is a function of, with that function joined as its activation; on the
     * network's input, an affine map per channel becomes the normalisation.
     */
    private Act resolve(Elementwise e) {
        Act done = resolved.get(e);
        if (done != null) {
            return done;
        }
        Act src = e.source();
        int channels = (int) src.c();
        String what = e.nodes().isEmpty() ? "" : String.join(", ", e.nodes());
        Activation a = e.form().activation(channels);
        if (a == Activation.NONE) {
            resolved.put(e, src);
            return src;
        }
        if (src.layer() == null) {
            double[][] affine = e.form().affine(channels);
            if (affine == null || normalize != null || Arrays.stream(affine[0]).anyMatch(s -> !(s > 0))
                    || readers(src.tensor()) != e.uses()) {
                throw new InteropException(file + ": nodes " + what + " compute a function of the network's input that "
                        + "is not a normalisation (x - mean) / std per channel read by nothing else; Kiln's networks read "
                        + "pixels as they are, normalised beforehand. Nothing was written.");
            }
            double[] mean = new double[channels];
            double[] std = new double[channels];
            for (int c = 0; c < channels; c++) {
                std[c] = 1 / affine[0][c];
                mean[c] = -affine[1][c] * std[c];
            }
            normalize = ImportedNetwork.normalization(mean, std);
            notes.add("the input's normalisation (" + what + ") is kept as the checkpoint's: --normalize " + normalize);
            resolved.put(e, src);
            return src;
        }
        ImportedLayer l = src.layer();
        if (a == null) {
            throw new InteropException(file + ": nodes " + what + " compute an element-wise function of the output of "
                    + l.origin() + " that is none of Kiln's activations (RELU, LEAKY_RELU with slope 0.01, SIGMOID, TANH, "
                    + "RELU6, HARD_SWISH, HARD_SIGMOID, SILU, exact GELU). Nothing was written.");
        }
        if (!l.carriesActivation()) {
            throw new InteropException(file + ": nodes " + what + " apply " + a + " to the output of " + l.origin()
                    + "; Kiln applies an activation only as part of a conv, dense, add or batch norm layer. Nothing was written.");
        }
        if (l.activation != Activation.NONE) {
            throw new InteropException(file + ": nodes " + what + " apply " + a + " after " + l.activation + " of "
                    + l.origin() + "; Kiln has one activation per layer, last. Nothing was written.");
        }
        if (readers(src.tensor()) != e.uses()) {
            throw new InteropException(file + ": nodes " + what + " apply " + a + " to the output of " + l.origin()
                    + ", which other nodes also read; Kiln applies an activation to a layer's only output. Nothing was written.");
        }
        l.activation = a;
        l.nodes.addAll(e.nodes());
        Act out = new Act(l, src.c(), src.h(), src.w(), src.vector(), null);
        resolved.put(e, out);
        return out;
    }

    private Value binary() {
        Value x = node.in(0);
        Value y = node.in(1);
        if (x instanceof Ints && y instanceof Ints) {
            return ShapeArithmetic.arithmetic(node);
        }
        DoubleBinaryOperator op = switch (node.op()) {
            case "Add" -> Double::sum;
            case "Sub" -> (p, q) -> p - q;
            case "Mul" -> (p, q) -> p * q;
            default -> (p, q) -> p / q;
        };
        if (node.op().equals("Add")) {
            Value bias = denseBias(x, y);
            if (bias != null) {
                return bias;
            }
        }
        if (isActivationLike(x) && isActivationLike(y)) {
            Elementwise ex = elementwise(0);
            Elementwise ey = elementwise(1);
            if (ex.source().tensor().equals(ey.source().tensor())) {
                List<String> nodes = new ArrayList<>(ex.nodes());
                ey.nodes().stream().filter(s -> !nodes.contains(s)).forEach(nodes::add);
                nodes.add(node.describe());
                return new Elementwise(ex.source(), ElementwiseForm.binary(ex.form(), ey.form(), op), ex.uses() + ey.uses(), nodes);
            }
            return switch (node.op()) {
                case "Add" -> merge(ImportedLayer.Kind.ADD, List.of(act(0), act(1)));
                case "Mul" -> multiply(act(0), act(1));
                default -> throw node.refuse("computes " + node.op() + " of two layers' outputs; Kiln imports Add (@Add) "
                        + "and Mul (@Multiply) of two tensors");
            };
        }
        if (isActivationLike(x) && y instanceof Floats f) {
            return withConstant(elementwise(0), f, op, false);
        }
        if (isActivationLike(y) && x instanceof Floats f) {
            return withConstant(elementwise(1), f, op, true);
        }
        throw node.refuse("computes " + node.op() + " of " + describeValue(x) + " and " + describeValue(y)
                + "; Kiln imports it between layer outputs, with a constant on one layer's output, or on integer shapes");
    }

    /** Add of a bias to a MatMul's output (a dense layer without bias that nothing else reads), or null. */
    private Value denseBias(Value x, Value y) {
        Act a = x instanceof Act xa ? xa : y instanceof Act ya ? ya : null;
        Floats bias = x instanceof Floats f ? f : y instanceof Floats f2 ? f2 : null;
        if (a == null || bias == null || a.layer() == null) {
            return null;
        }
        ImportedLayer l = a.layer();
        if (l.kind != ImportedLayer.Kind.DENSE || l.hasBias() || l.activation != Activation.NONE
                || bias.values().length != l.units || readers(a.tensor()) != 1) {
            return null;
        }
        l.params.put("bias", new ImportedLayer.Tensor(new int[] {l.units}, bias.values()));
        l.nodes.add(node.describe());
        return a;
    }

    private static String describeValue(Value v) {
        if (isActivationLike(v)) {
            return "a layer's output";
        }
        return v instanceof Ints ? "integers" : v instanceof Floats ? "a float constant" : "a view of channels";
    }

    private static String shapeText(Act a) {
        return a.vector() ? "(N, " + a.c() + ")" : "(N, " + a.c() + ", " + a.h() + ", " + a.w() + ")";
    }

    private Value softmax() {
        Act a = act(0);
        if (!a.vector()) {
            throw node.refuse("normalises an image; Kiln's softmax ends a dense layer");
        }
        long ax = node.axis(node.intAttr("axis", -1), 2);
        if (ax != 1) {
            throw node.refuse("normalises over axis " + ax + "; Kiln's softmax is over the units (axis 1)");
        }
        ImportedLayer l = a.layer();
        if (l == null || l.kind != ImportedLayer.Kind.DENSE || l.activation != Activation.NONE || readers(a.tensor()) != 1) {
            throw node.refuse("applies softmax to " + (l == null ? "the input" : "the output of " + l.origin())
                    + "; Kiln's softmax is the activation of a dense layer that nothing else reads");
        }
        l.activation = Activation.SOFTMAX;
        l.nodes.add(node.describe());
        return new Act(l, a.c(), a.h(), a.w(), true, null);
    }

    // ------------------------------------------------------------------ shapes

    private Value shape() {
        Value v = node.in(0);
        long[] full;
        if (v instanceof Act a) {
            full = dims(a);
        } else if (v instanceof Elementwise e) {
            full = dims(e.source());
        } else if (v instanceof Grouped g) {
            full = new long[] {BATCH, g.groups(), g.source().c() / g.groups(), g.source().h(), g.source().w()};
        } else if (v instanceof Shuffled s) {
            full = new long[] {BATCH, s.source().c() / s.groups(), s.groups(), s.source().h(), s.source().w()};
        } else {
            throw node.refuse("reads the shape of something that is not a tensor Kiln computes");
        }
        int rank = full.length;
        int start = (int) node.axis(node.intAttr("start", 0), rank + 1);
        int end = node.hasAttr("end") ? (int) node.axis(node.intAttr("end", rank), rank + 1) : rank;
        start = Math.max(0, Math.min(start, rank));
        end = Math.max(start, Math.min(end, rank));
        long[] part = Arrays.copyOfRange(full, start, end);
        return new Ints(part, new long[] {part.length});
    }

    private static long[] dims(Act a) {
        return a.vector() ? new long[] {BATCH, a.c()} : new long[] {BATCH, a.c(), a.h(), a.w()};
    }

    /** Whether a reshape's first entry keeps the batch: BATCH itself, 0 (copy), -1, or 1 when the export fixed the batch at 1. */
    private boolean keepsBatch(long t) {
        return t == BATCH || t == -1 || t == 0 && node.intAttr("allowzero", 0) == 0 || t == 1 && batchIsOne;
    }

    private Value reshape() {
        Value v = node.in(0);
        long[] target = node.ints(1).values();
        if (v instanceof Ints x) {
            return ShapeArithmetic.reshape(node, x, target);
        }
        if (v instanceof Shuffled s) {
            Act a = s.source();
            if (target.length == 4 && keepsBatch(target[0]) && (target[1] == a.c() || target[1] == -1)
                    && target[2] == a.h() && target[3] == a.w()) {
                ImportedLayer l = layer(ImportedLayer.Kind.CHANNEL_SHUFFLE, a);
                l.nodes.addAll(0, s.nodes());
                l.groups = (int) s.groups();
                return output(l, a.c(), a.h(), a.w(), false);
            }
            throw node.refuse("reshapes a shuffled view to " + targetText(target) + "; a channel shuffle ends with a "
                    + "Reshape back to (N, C, H, W)");
        }
        Act a = act(0);
        long size = a.c() * a.h() * a.w();
        if (target.length == 2 && keepsBatch(target[0]) && (target[1] == size || target[1] == -1 && target[0] != -1)) {
            return a.vector() ? a : flattenLayer(a);
        }
        if (!a.vector() && target.length == 4 && keepsBatch(target[0])) {
            long[] dims = {target[1], target[2], target[3]};
            long[] have = {a.c(), a.h(), a.w()};
            boolean same = true;
            for (int i = 0; i < 3; i++) {
                same &= dims[i] == have[i] || dims[i] == -1 && target[0] != -1;
            }
            if (same) {
                return a;
            }
        }
        if (a.vector() && target.length == 4 && keepsBatch(target[0]) && (target[1] == a.c() || target[1] == -1)
                && target[2] == 1 && target[3] == 1) {
            return vectorAsImage(a);
        }
        if (!a.vector() && target.length == 5 && keepsBatch(target[0]) && target[3] == a.h() && target[4] == a.w()) {
            long g = target[1];
            long per = target[2];
            if (g == -1 && per > 0 && a.c() % per == 0) {
                g = a.c() / per;
            } else if (per == -1 && g > 0 && a.c() % g == 0) {
                per = a.c() / g;
            }
            if (g > 0 && per > 0 && g * per == a.c()) {
                return new Grouped(a, g, List.of(node.describe()));
            }
        }
        throw node.refuse("reshapes " + shapeText(a) + " to " + targetText(target) + "; Kiln imports reshapes that flatten "
                + "an image to (N, C*H*W), change nothing, view a pooled vector as (N, C, 1, 1), or view channels as "
                + "(N, groups, C / groups, H, W) for a channel shuffle");
    }

    private static String targetText(long[] target) {
        return Arrays.toString(target).replace(String.valueOf(BATCH), "N");
    }

    /**
     * A vector viewed as (N, C, 1, 1). From global average pooling read only here: the pooling becomes an average pool
     * over the whole image. Read only by products (a squeeze-and-excitation gate, as Kiln's own export writes a
     * {@code @Multiply} by a vector): the vector itself, which {@code @Multiply} broadcasts per channel.
     */
    private Act vectorAsImage(Act a) {
        ImportedLayer l = a.layer();
        if (l == null || l.kind != ImportedLayer.Kind.GLOBAL_AVG_POOL2D || readers(a.tensor()) != 1) {
            List<NodeProto> users = readers.getOrDefault(node.proto.getOutput(0), List.of());
            if (!users.isEmpty() && users.stream().allMatch(r -> r.getOpType().equals("Mul"))) {
                return a;
            }
            throw node.refuse("views a vector as an image (N, C, 1, 1); Kiln imports that only right after global average pooling");
        }
        ImportedLayer pool = wholeImagePool(l);
        layers.set(layers.indexOf(l), pool);
        for (ImportedLayer other : layers) {
            other.from.replaceAll(f -> f == l ? pool : f);
        }
        pool.nodes.add(node.describe());
        return new Act(pool, pool.c, 1, 1, false, null);
    }

    /** An average pool over the whole image in place of global average pooling {@code l}: (C, 1, 1) instead of (C). */
    private static ImportedLayer wholeImagePool(ImportedLayer l) {
        ImportedLayer pool = new ImportedLayer(ImportedLayer.Kind.AVG_POOL2D, l.origin());
        pool.nodes.clear();
        pool.nodes.addAll(l.nodes);
        pool.name = l.name;
        pool.from.addAll(l.from);
        pool.kernel = l.kernel.clone();
        pool.stride = pool.kernel.clone();
        pool.output(l.c, 1, 1, false);
        return pool;
    }

    private Value transpose() {
        if (node.in(0) instanceof Grouped g) {
            long[] perm = ShapeArithmetic.permutation(node, 5);
            if (Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
                List<String> nodes = new ArrayList<>(g.nodes());
                nodes.add(node.describe());
                return new Shuffled(g.source(), g.groups(), nodes);
            }
            throw node.refuse("permutes a grouped view by " + Arrays.toString(perm) + "; a channel shuffle swaps the two "
                    + "group axes ([0, 2, 1, 3, 4])");
        }
        Act a = act(0);
        throw node.refuse("transposes a layer's output " + shapeText(a) + "; Kiln imports a Transpose only inside a channel shuffle");
    }

    private Value flatten() {
        Act a = act(0);
        long ax = node.axis(node.intAttr("axis", 1), a.vector() ? 2 : 4);
        if (ax != 1) {
            throw node.refuse("flattens from axis " + ax + "; Kiln flattens everything but the batch (axis 1)");
        }
        return a.vector() ? a : flattenLayer(a);
    }

    private Act flattenLayer(Act a) {
        ImportedLayer l = layer(ImportedLayer.Kind.FLATTEN, a);
        return output(l, a.c() * a.h() * a.w(), 1, 1, true);
    }

    // ------------------------------------------------------------------ channels

    private Value concat() {
        Act first = act(0);
        long ax = node.axis(node.intAttr("axis", 1), first.vector() ? 2 : 4);
        if (ax != 1) {
            throw node.refuse("joins along axis " + ax + "; Kiln's @Concat joins channels (axis 1)");
        }
        List<Act> parts = new ArrayList<>();
        for (int i = 0; i < node.proto.getInputCount(); i++) {
            parts.add(i == 0 ? first : act(i));
        }
        if (parts.size() == 1) {
            return first;
        }
        return merge(ImportedLayer.Kind.CONCAT, parts);
    }

    private Value sum() {
        List<Act> parts = new ArrayList<>();
        for (int i = 0; i < node.proto.getInputCount(); i++) {
            parts.add(act(i));
        }
        return parts.size() == 1 ? parts.get(0) : merge(ImportedLayer.Kind.ADD, parts);
    }

    /** An @Add or @Concat of {@code parts}. */
    private Act merge(ImportedLayer.Kind kind, List<Act> parts) {
        Act first = parts.get(0);
        long channels = 0;
        for (Act p : parts) {
            boolean fits = p.vector() == first.vector() && p.h() == first.h() && p.w() == first.w()
                    && (kind == ImportedLayer.Kind.CONCAT || p.c() == first.c());
            if (!fits) {
                throw node.refuse((kind == ImportedLayer.Kind.ADD ? "adds" : "joins") + " tensors of shapes "
                        + shapeText(first) + " and " + shapeText(p) + "; Kiln's @" + (kind == ImportedLayer.Kind.ADD
                        ? "Add needs one shape (ONNX broadcasting is not imported)" : "Concat joins channels of one height and width"));
            }
            channels += p.c();
        }
        ImportedLayer l = layer(kind, first);
        for (int i = 1; i < parts.size(); i++) {
            l.from.add(parts.get(i).layer());
        }
        return output(l, kind == ImportedLayer.Kind.ADD ? first.c() : channels, first.h(), first.w(), first.vector());
    }

    /** Mul of two tensors: one shape, or an image times a per-channel gate (C, 1, 1) or (C) (squeeze-and-excitation). */
    private Act multiply(Act a, Act b) {
        Act big = a.vector() || a.h() * a.w() < b.h() * b.w() ? b : a;
        Act small = big == a ? b : a;
        boolean same = a.vector() == b.vector() && a.c() == b.c() && a.h() == b.h() && a.w() == b.w();
        boolean gate = !big.vector() && small.c() == big.c() && (small.vector() || small.h() == 1 && small.w() == 1);
        if (!same && !gate) {
            throw node.refuse("multiplies tensors of shapes " + shapeText(a) + " and " + shapeText(b) + "; Kiln's @Multiply "
                    + "takes one shape, or an image and a per-channel (C, 1, 1) or (C) gate");
        }
        ImportedLayer l = layer(ImportedLayer.Kind.MULTIPLY, a);
        l.from.add(b.layer());
        return output(l, big.c(), big.h(), big.w(), big.vector());
    }

    private ImportedLayer slice(Act a, long start, long end) {
        ImportedLayer l = layer(ImportedLayer.Kind.SLICE, a);
        l.sliceStart = (int) start;
        l.sliceEnd = (int) end;
        return l;
    }

    private Value slice() {
        Act a = act(0);
        long[] shape = a.vector() ? new long[] {1, a.c()} : new long[] {1, a.c(), a.h(), a.w()};
        long[][] r = ShapeArithmetic.sliceRanges(node, shape);
        for (int axis = 0; axis < shape.length; axis++) {
            boolean whole = r[0][axis] == 0 && r[1][axis] == 1 && r[2][axis] == shape[axis];
            if (axis != 1 && !whole || axis == 1 && r[1][axis] != 1) {
                throw node.refuse("slices axis " + axis + " with step " + r[1][axis] + "; Kiln's @Slice takes a range of "
                        + "channels (axis 1, step 1)");
            }
        }
        long start = r[0][1];
        long count = r[2][1];
        if (count == 0) {
            throw node.refuse("keeps no channel");
        }
        if (start == 0 && count == a.c()) {
            return a;
        }
        return output(slice(a, start, start + count), count, a.h(), a.w(), a.vector());
    }

    private void split() {
        Act a = act(0);
        long ax = node.axis(node.intAttr("axis", 0), a.vector() ? 2 : 4);
        if (ax != 1) {
            throw node.refuse("splits along axis " + ax + "; Kiln's @Slice takes channels (axis 1)");
        }
        int outputs = node.proto.getOutputCount();
        long[] sizes;
        if (node.hasInput(1)) {
            sizes = node.ints(1).values();
        } else if (node.hasAttr("split")) {
            sizes = node.intsAttr("split");
        } else {
            long parts = node.intAttr("num_outputs", outputs);
            long each = (a.c() + parts - 1) / parts;
            sizes = new long[(int) parts];
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.max(0, Math.min(each, a.c() - i * each));
            }
        }
        if (sizes.length != outputs || Arrays.stream(sizes).sum() != a.c() || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw node.refuse("splits " + a.c() + " channels into " + Arrays.toString(sizes) + " for " + outputs + " outputs");
        }
        long start = 0;
        for (int i = 0; i < outputs; i++) {
            String out = node.proto.getOutput(i);
            if (!out.isEmpty() && readers(out) > 0) {
                ImportedLayer l = slice(a, start, start + sizes[i]);
                put(i, output(l, sizes[i], a.h(), a.w(), a.vector()));
            }
            start += sizes[i];
        }
    }

    // ------------------------------------------------------------------ convolution and pooling

    private Value pad() {
        Act a = image(0);
        String mode = node.stringAttr("mode", "constant");
        long[] pads;
        if (node.hasInput(1)) {
            pads = node.ints(1).values();
        } else {
            pads = node.intsAttr("pads");
            pads = pads == null ? new long[0] : pads;
        }
        if (node.hasInput(2)) {
            Value cv = node.in(2);
            boolean zero = cv instanceof Floats f && f.values().length == 1 && f.values()[0] == 0f
                    || cv instanceof Ints i && i.values().length == 1 && i.values()[0] == 0;
            if (!zero) {
                throw node.refuse("pads with a value other than 0; Kiln pads with zeros or replicates the border");
            }
        }
        if (node.hasInput(3)) {
            throw node.refuse("pads selected axes; Kiln imports pads of all four dimensions");
        }
        if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw node.refuse("pads " + Arrays.toString(pads) + "; Kiln pads height and width only");
        }
        for (long p : pads) {
            if (p < 0 || p > MAX_SIDE) {
                throw node.refuse("has padding " + p + "; Kiln pads by 0 to " + MAX_SIDE + " (a negative pad crops)");
            }
        }
        boolean edge = switch (mode) {
            case "constant" -> false;
            case "edge" -> true;
            default -> throw node.refuse("pads in mode '" + mode + "'; Kiln pads with zeros (constant) or replicates the border (edge)");
        };
        return new Padded(a, pads[2], pads[3], pads[6], pads[7], edge, node.proto);
    }

    private Value conv() {
        Value x = node.in(0);
        Padded padded = x instanceof Padded p ? p : null;
        Act a = padded != null ? padded.source() : image(0);
        Floats wt = node.floats(1);
        if (wt.dims().length != 4) {
            throw node.refuse("has a " + wt.dims().length + "-dimensional weight; Kiln imports 2-d convolutions");
        }
        long groups = node.intAttr("group", 1);
        if (groups < 1 || a.c() % groups != 0 || wt.dims()[0] % groups != 0) {
            throw node.refuse("has group " + groups + ", which does not divide its " + a.c() + " input channels and "
                    + wt.dims()[0] + " filters");
        }
        if (wt.dims()[1] != a.c() / groups) {
            throw node.refuse("has weights for " + wt.dims()[1] + " input channels per group but reads " + a.c()
                    + " channels in " + groups + " groups");
        }
        int kh = side(wt.dims()[2], "kernel height");
        int kw = side(wt.dims()[3], "kernel width");
        long[] strides = node.intsAttr("strides", 1, 1);
        long[] dil = node.intsAttr("dilations", 1, 1);
        for (int i = 0; i < 2; i++) {
            side(strides[i], "stride");
            side(dil[i], "dilation");
        }
        long[] pads = pads(a, kh, kw, strides, dil);
        boolean edge = false;
        if (padded != null) {
            if (padded.edge()) {
                if (pads[0] + pads[1] + pads[2] + pads[3] != 0) {
                    throw node.refuse("pads with zeros after replicate padding; Kiln pads a conv one way");
                }
                edge = true;
            }
            pads = new long[] {pads[0] + padded.top(), pads[1] + padded.left(), pads[2] + padded.bottom(), pads[3] + padded.right()};
        }
        ImportedLayer l = layer(ImportedLayer.Kind.CONV2D, a);
        if (padded != null) {
            l.nodes.add(0, Node.describe(padded.node()));
        }
        l.units = side(wt.dims()[0], "filters");
        l.groups = (int) groups;
        l.kernel = new int[] {kh, kw};
        l.stride = new int[] {side(strides[0], "stride"), side(strides[1], "stride")};
        l.dilation = new int[] {side(dil[0], "dilation"), side(dil[1], "dilation")};
        l.replicate = edge;
        setPads(l, a, pads, true);
        l.params.put("weight", new ImportedLayer.Tensor(intDims(wt.dims()), wt.values()));
        if (node.hasInput(2)) {
            Floats b = node.floats(2);
            if (b.values().length != l.units) {
                throw node.refuse("has " + b.values().length + " biases for " + l.units + " filters");
            }
            l.params.put("bias", new ImportedLayer.Tensor(new int[] {l.units}, b.values()));
        }
        Window win = l.window();
        return output(l, l.units, win.outputHeight((int) a.h()), win.outputWidth((int) a.w()), false);
    }

    /** pads as (top, left, bottom, right) from {@code pads} or {@code auto_pad}. */
    private long[] pads(Act a, int kh, int kw, long[] strides, long[] dil) {
        String auto = node.stringAttr("auto_pad", "NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                long[] p = node.intsAttr("pads", 0, 0, 0, 0);
                for (long v : p) {
                    if (v < 0 || v > MAX_SIDE) {
                        throw node.refuse("has padding " + v);
                    }
                }
                return new long[] {p[0], p[1], p[2], p[3]};
            }
            case "VALID" -> {
                return new long[4];
            }
            case "SAME_UPPER" -> {
                Window s = Window.same((int) a.h(), (int) a.w(), kh, kw, (int) strides[0], (int) strides[1], (int) dil[0], (int) dil[1]);
                return new long[] {s.padTop(), s.padLeft(), s.padBottom(), s.padRight()};
            }
            default -> throw node.refuse("has auto_pad " + auto + "; Kiln's same padding puts the larger half at the bottom/right (SAME_UPPER)");
        }
    }

    /** Symmetric padding as it is; asymmetric only where it is exactly Keras' same (convs). */
    private void setPads(ImportedLayer l, Act a, long[] pads, boolean conv) {
        l.pads = new int[] {(int) pads[0], (int) pads[1], (int) pads[2], (int) pads[3]};
        if (pads[0] == pads[2] && pads[1] == pads[3]) {
            return;
        }
        Window s = Window.same((int) a.h(), (int) a.w(), l.kernel[0], l.kernel[1], l.stride[0], l.stride[1],
                l.dilation[0], l.dilation[1]);
        if (conv && s.padTop() == pads[0] && s.padLeft() == pads[1] && s.padBottom() == pads[2] && s.padRight() == pads[3]) {
            l.same = true;
            return;
        }
        throw node.refuse("pads asymmetrically (top " + pads[0] + ", left " + pads[1] + ", bottom " + pads[2] + ", right "
                + pads[3] + ")" + (conv ? ", which is not Keras' same padding for this input" : "")
                + "; Kiln pads both sides alike" + (conv ? " or as same" : ""));
    }

    private Value pool() {
        boolean avg = node.op().equals("AveragePool");
        Value x = node.in(0);
        Padded padded = x instanceof Padded p ? p : null;
        Act a = padded != null ? padded.source() : image(0);
        long[] k = node.intsAttr("kernel_shape");
        if (k == null || k.length != 2) {
            throw node.refuse("has no 2-d kernel_shape");
        }
        long[] dil = node.intsAttr("dilations", 1, 1);
        if (dil[0] != 1 || dil[1] != 1) {
            throw node.refuse("is dilated; Kiln's pools are not");
        }
        if (node.intAttr("storage_order", 0) != 0) {
            throw node.refuse("has storage_order 1");
        }
        int kh = side(k[0], "pool size");
        int kw = side(k[1], "pool size");
        long[] strides = node.intsAttr("strides", 1, 1);
        long[] pads = pads(a, kh, kw, strides, dil);
        boolean ceil = node.intAttr("ceil_mode", 0) != 0;
        boolean countPad = node.intAttr("count_include_pad", 0) != 0;
        if (padded != null) {
            // zeros before an average pool are real zeros, counted; before a max pool they could win
            if (padded.edge() || !avg && padded.top() + padded.left() + padded.bottom() + padded.right() > 0) {
                throw node.refuse("reads " + (padded.edge() ? "replicate" : "zero") + " padding; Kiln's " + (avg ? "average" : "max")
                        + " pool pads " + (avg ? "with zeros" : "with -infinity"));
            }
            if (avg && !countPad && pads[0] + pads[1] + pads[2] + pads[3] > 0) {
                throw node.refuse("adds padding it does not count to a Pad node's zeros, which it counts");
            }
            countPad = true;
            pads = new long[] {pads[0] + padded.top(), pads[1] + padded.left(), pads[2] + padded.bottom(), pads[3] + padded.right()};
        }
        if (kh == 1 && kw == 1 && strides[0] == 1 && strides[1] == 1 && pads[0] + pads[1] + pads[2] + pads[3] == 0) {
            return a; // an adaptive pool to the size it already has
        }
        ImportedLayer l = layer(avg ? ImportedLayer.Kind.AVG_POOL2D : ImportedLayer.Kind.MAX_POOL2D, a);
        if (padded != null) {
            l.nodes.add(0, Node.describe(padded.node()));
        }
        l.kernel = new int[] {kh, kw};
        l.stride = new int[] {side(strides[0], "stride"), side(strides[1], "stride")};
        setPads(l, a, pads, false);
        if (2L * l.pads[0] > kh || 2L * l.pads[1] > kw) {
            throw node.refuse("pads " + l.pads[0] + (l.pads[0] == l.pads[1] ? "" : ", " + l.pads[1]) + " on a " + kh + "x" + kw
                    + " window; Kiln's pools pad at most half the window on each side (PyTorch's rule)");
        }
        l.ceilMode = ceil;
        boolean anyPad = l.pads[0] + l.pads[1] > 0;
        l.countIncludePad = !avg || countPad || !anyPad && !ceil;
        long oh = poolOutput(a.h(), kh, l.stride[0], l.pads[0], ceil);
        long ow = poolOutput(a.w(), kw, l.stride[1], l.pads[1], ceil);
        return output(l, a.c(), oh, ow, false);
    }

    /** PyTorch's pooled size: floor or ceil, and with ceil no window that starts in the right padding. */
    private static long poolOutput(long in, long k, long s, long pad, boolean ceil) {
        long span = in + 2 * pad - k;
        if (span < 0) {
            return 0;
        }
        long out = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (out - 1) * s >= in + pad) {
            out--;
        }
        return out;
    }

    private Value reduceMean() {
        Act a = act(0);
        long[] axes = node.axes(1);
        boolean keep = node.intAttr("keepdims", 1) != 0;
        if (a.vector() || axes == null || axes.length != 2) {
            throw node.refuse("averages over " + (axes == null ? "every axis" : "axes " + Arrays.toString(axes)) + " of "
                    + shapeText(a) + "; Kiln imports a mean over height and width (axes 2 and 3) as global average pooling");
        }
        Set<Long> set = new HashSet<>();
        for (long ax : axes) {
            set.add(node.axis(ax, 4));
        }
        if (!set.equals(Set.of(2L, 3L))) {
            throw node.refuse("averages over axes " + Arrays.toString(axes) + "; Kiln imports a mean over height and width "
                    + "(axes 2 and 3) as global average pooling");
        }
        return spatialMean(a, keep);
    }

    /**
     * The mean over height and width: a vector (C) that a dense layer can read (@GlobalAvgPool2d), or,
     * kept as (N, C, 1, 1) for a conv or a multiply (squeeze-and-excitation), an average pool over the whole image.
     */
    private Value spatialMean(Act a, boolean keepDims) {
        String out = node.proto.getOutput(0);
        boolean asImage = keepDims && readers.getOrDefault(out, List.of()).stream()
                .anyMatch(r -> r.getOpType().equals("Conv") || r.getOpType().equals("Mul"));
        ImportedLayer l = layer(ImportedLayer.Kind.GLOBAL_AVG_POOL2D, a);
        l.kernel = new int[] {(int) a.h(), (int) a.w()}; // the window, should it become an average pool
        if (!asImage) {
            return output(l, a.c(), 1, 1, true);
        }
        ImportedLayer pool = wholeImagePool(l);
        layers.set(layers.indexOf(l), pool);
        return output(pool, a.c(), 1, 1, false);
    }

    // ------------------------------------------------------------------ dense and batch norm

    private Value gemm() {
        Act a = act(0);
        if (!a.vector()) {
            throw node.refuse("reads an image; flatten it first");
        }
        if (node.intAttr("transA", 0) != 0) {
            throw node.refuse("transposes its input (transA 1)");
        }
        Floats b = node.floats(1);
        if (b.dims().length != 2) {
            throw node.refuse("has a " + b.dims().length + "-dimensional weight");
        }
        boolean transB = node.intAttr("transB", 0) != 0;
        float alpha = node.floatAttr("alpha", 1f);
        float beta = node.floatAttr("beta", 1f);
        long inDim = transB ? b.dims()[1] : b.dims()[0];
        long out = transB ? b.dims()[0] : b.dims()[1];
        if (inDim != a.c()) {
            throw node.refuse("has weights for " + inDim + " inputs but reads " + a.c());
        }
        ImportedLayer l = layer(ImportedLayer.Kind.DENSE, a);
        l.units = side(out, "units");
        l.params.put("weight", new ImportedLayer.Tensor(new int[] {l.units, (int) inDim}, scaled(transB ? b.values()
                : transposed(b.values(), (int) inDim, l.units), alpha)));
        if (node.hasInput(2)) {
            Floats c = node.floats(2);
            if (c.values().length != l.units) {
                throw node.refuse("has a bias of " + c.values().length + " values for " + l.units + " units (Kiln does not broadcast other shapes)");
            }
            l.params.put("bias", new ImportedLayer.Tensor(new int[] {l.units}, scaled(c.values(), beta)));
        }
        return output(l, l.units, 1, 1, true);
    }

    private Value matMul() {
        Act a = act(0);
        if (!a.vector()) {
            throw node.refuse("multiplies an image; flatten it first");
        }
        Floats b = node.floats(1);
        if (b.dims().length != 2 || b.dims()[0] != a.c()) {
            throw node.refuse("multiplies a vector of " + a.c() + " by weights of shape " + Arrays.toString(b.dims()));
        }
        ImportedLayer l = layer(ImportedLayer.Kind.DENSE, a);
        l.units = side(b.dims()[1], "units");
        l.params.put("weight", new ImportedLayer.Tensor(new int[] {l.units, (int) a.c()}, transposed(b.values(), (int) a.c(), l.units)));
        return output(l, l.units, 1, 1, true);
    }

    /**
     * A batch norm in evaluation mode: folded into the conv or dense layer before it when nothing else
     * reads that layer, else a @BatchNorm layer with the running statistics (DenseNet's BN-ReLU-conv,
     * a batch norm after a concat or on the input).
     */
    private Value batchNorm() {
        Act a = act(0);
        if (node.intAttr("training_mode", 0) != 0) {
            throw node.refuse("is in training mode; export the model in evaluation mode");
        }
        float eps = node.floatAttr("epsilon", 1e-5f);
        float[] scale = node.floats(1).values();
        float[] shift = node.floats(2).values();
        float[] mean = node.floats(3).values();
        float[] var = node.floats(4).values();
        long ch = a.c();
        if (scale.length != ch || shift.length != ch || mean.length != ch || var.length != ch) {
            throw node.refuse("normalises " + scale.length + " channels of a tensor with " + ch);
        }
        ImportedLayer src = a.layer();
        boolean foldable = src != null && (src.kind == ImportedLayer.Kind.CONV2D || src.kind == ImportedLayer.Kind.DENSE)
                && src.activation == Activation.NONE && readers(a.tensor()) == 1;
        if (foldable) {
            // y = gamma (x - mean) / sqrt(var + eps) + beta, folded into the weights and bias before it
            float[] weight = src.params.get("weight").values().clone();
            int per = weight.length / src.units;
            float[] bias = src.hasBias() ? src.params.get("bias").values().clone() : new float[src.units];
            for (int o = 0; o < src.units; o++) {
                double f = scale[o] / Math.sqrt(var[o] + (double) eps);
                for (int i = 0; i < per; i++) {
                    weight[o * per + i] = (float) (weight[o * per + i] * f);
                }
                bias[o] = (float) ((bias[o] - mean[o]) * f + shift[o]);
            }
            src.params.put("weight", new ImportedLayer.Tensor(src.params.get("weight").shape(), weight));
            src.params.put("bias", new ImportedLayer.Tensor(new int[] {src.units}, bias));
            src.nodes.add(node.describe());
            return new Act(src, a.c(), a.h(), a.w(), a.vector(), null);
        }
        ImportedLayer l = layer(ImportedLayer.Kind.BATCH_NORM, a);
        l.units = (int) ch;
        l.eps = eps;
        // ONNX's momentum weighs the running value (0.9), PyTorch's and Kiln's the batch's (0.1); a module whose
        // momentum was None (a cumulative average) exports 1, which has no meaning here: PyTorch's default then
        double momentum = Math.round((1 - (double) node.floatAttr("momentum", 0.9f)) * 1e6) / 1e6;
        l.momentum = momentum > 0 && momentum <= 1 ? momentum : 0.1;
        l.params.put("weight", new ImportedLayer.Tensor(new int[] {l.units}, scale));
        l.params.put("bias", new ImportedLayer.Tensor(new int[] {l.units}, shift));
        l.state.put("running_mean", new ImportedLayer.Tensor(new int[] {l.units}, mean));
        l.state.put("running_var", new ImportedLayer.Tensor(new int[] {l.units}, var));
        return output(l, a.c(), a.h(), a.w(), a.vector());
    }

    // ------------------------------------------------------------------ helpers

    private ImportedLayer layer(ImportedLayer.Kind kind, Act source) {
        ImportedLayer l = new ImportedLayer(kind, node.describe());
        List<NodeProto> next = new ArrayList<>();
        for (String out : node.proto.getOutputList()) {
            next.addAll(readers.getOrDefault(out, List.of()));
        }
        l.name = OnnxNames.suggest(kind, node.proto, next);
        l.from.add(source.layer());
        layers.add(l);
        return l;
    }

    private Act output(ImportedLayer l, long c, long h, long w, boolean vector) {
        if (c < 1 || h < 1 || w < 1) {
            throw node.refuse("produces an empty output (" + c + ", " + h + ", " + w + ")");
        }
        l.output(c, h, w, vector);
        return new Act(l, c, h, w, vector, null);
    }

    private static float[] scaled(float[] v, float f) {
        if (f == 1f) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * f;
        }
        return out;
    }

    /** (rows, cols) row-major to (cols, rows). */
    private static float[] transposed(float[] v, int rows, int cols) {
        float[] out = new float[v.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = v[r * cols + c];
            }
        }
        return out;
    }

    private int side(long v, String what) {
        if (v < 1 || v > MAX_SIDE) {
            throw node.refuse("has " + what + " " + v + "; Kiln needs 1 to " + MAX_SIDE);
        }
        return (int) v;
    }

    private static int[] intDims(long[] dims) {
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = Math.toIntExact(dims[i]);
        }
        return out;
    }
}
